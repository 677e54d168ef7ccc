/**
 * The restart history in IndexedDB (database `superlearner-analytics`), opened by the runtime
 * worker: a database of its own, as the sandbox journal has (sandboxes/journal_idb.ts), so the
 * page's thread never writes it. Records are written a batch per `readwrite` transaction, and
 * each batch trims the supervisors it touched to the newest `maxEventsPerSupervisor`.
 *
 * ```ts
 * const db = await AnalyticsDb.open();
 * const records = await db.load(); // oldest first per supervisor
 * await db.write(store.takeUnsaved(), 1_000);
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

	/**
	 * Writes `records` in one transaction, then deletes the oldest records of the supervisors
	 * they belong to beyond `keep` each.
	 */
	async write(records: readonly RestartRecord[], keep: number): Promise<void> {
		if (records.length === 0) return;
		const tx = this.#db.transaction('restarts', 'readwrite');
		const store = tx.store;
		const touched = new Map<string, [string, string]>();
		for (const r of records) {
			void store.put(r, recordId(r));
			touched.set(`${r.node} ${r.supervisor}`, [r.node, r.supervisor]);
		}
		const index = store.index('by-supervisor');
		for (const [node, supervisor] of touched.values()) {
			const range = IDBKeyRange.bound([node, supervisor, -Infinity], [node, supervisor, Infinity]);
			const excess = (await index.count(range)) - keep;
			let cursor = excess > 0 ? await index.openCursor(range) : null;
			for (let i = 0; cursor && i < excess; i++) {
				void cursor.delete();
				cursor = await cursor.continue();
			}
		}
		await tx.done;
	}

	async clear(): Promise<void> {
		await this.#db.clear('restarts');
	}

	close(): void {
		this.#db.close();
	}
}
