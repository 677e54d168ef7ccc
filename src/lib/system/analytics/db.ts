/**
 * The restart history in IndexedDB (database `superlearner-analytics`), opened by the runtime
 * worker: a database of its own, as the sandbox journal has (sandboxes/journal_idb.ts), so the
 * page's thread never writes it. Each batch is one `readwrite` transaction: the records the store
 * added, and the deletion of those its retention dropped, so what is stored mirrors the store.
 *
 * ```ts
 * const db = await AnalyticsDb.open();
 * const records = await db.load(); // oldest first per supervisor
 * await db.write(store.takeChanges());
 * ```
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RestartRecord } from '$lib/arsenal/analytics_schemas';
import { recordId } from './store';

interface AnalyticsDBSchema extends DBSchema {
	/** Out-of-line keys: {@link recordId}. */
	restarts: {
		key: string;
		value: RestartRecord;
		indexes: { 'by-supervisor': [string, string, number] };
	};
}

export const ANALYTICS_DB = 'superlearner-analytics';

export class AnalyticsDb {
	readonly #db: IDBPDatabase<AnalyticsDBSchema>;

	private constructor(db: IDBPDatabase<AnalyticsDBSchema>) {
		this.#db = db;
	}

	/** Rejects when this worker has no IndexedDB, or the browser refuses to open it. */
	static async open(name = ANALYTICS_DB): Promise<AnalyticsDb> {
		if (typeof indexedDB === 'undefined') {
			throw new Error('this browser gives the runtime worker no IndexedDB');
		}
		const db = await openDB<AnalyticsDBSchema>(name, 1, {
			upgrade(db, oldVersion) {
				if (oldVersion < 1) {
					db.createObjectStore('restarts').createIndex('by-supervisor', [
						'node',
						'supervisor',
						'at'
					]);
				}
			},
			// A newer version of the app is upgrading the database in another tab: let it.
			blocking(_current, _blocked, event) {
				(event.target as IDBDatabase).close();
			}
		});
		return new AnalyticsDb(db);
	}

	/** Every stored record, oldest first per supervisor. */
	load(): Promise<RestartRecord[]> {
		return this.#db.getAllFromIndex('restarts', 'by-supervisor');
	}

	/** Puts `put` and deletes the records `remove` names, in one transaction. */
	async write({ put, remove }: { put: readonly RestartRecord[]; remove: readonly string[] }) {
		if (put.length === 0 && remove.length === 0) return;
		const tx = this.#db.transaction('restarts', 'readwrite');
		for (const r of put) void tx.store.put(r, recordId(r));
		for (const id of remove) void tx.store.delete(id);
		await tx.done;
	}

	async clear(): Promise<void> {
		await this.#db.clear('restarts');
	}

	close(): void {
		this.#db.close();
	}
}
