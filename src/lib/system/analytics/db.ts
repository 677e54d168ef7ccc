/**
 * The restart history in IndexedDB (database `superlearner-analytics`), opened by the runtime
 * worker: a database of its own, as the sandbox journal has (sandboxes/journal_idb.ts), so the
 * page's thread never writes it. A supervisor's history is one value (its kept records, at most
 * maxEventsPerSupervisor, with its totals and how it ended): a batch is one `readwrite`
 * transaction that puts the histories that changed. A value per record cost a put per restart
 * and a delete per record retention dropped: ~5k records/s in Chromium here, where a history's
 * put carries its 1,000 records at once; and a record changed after its write (a cause shared
 * with the siblings restarted in the same pass) is written again with its history.
 *
 * ```ts
 * const db = await AnalyticsDb.open();
 * const histories = await db.load();
 * await db.write(store.takeChanges());
 * ```
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { supervisorKey, type StoredHistory, type SupervisorHistory } from './store';

interface AnalyticsDBSchema extends DBSchema {
	/** Out-of-line keys: {@link supervisorKey}. */
	histories: { key: string; value: StoredHistory };
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
			upgrade(db) {
				db.createObjectStore('histories');
			},
			// A newer version of the app is upgrading the database in another tab: let it.
			blocking(_current, _blocked, event) {
				(event.target as IDBDatabase).close();
			}
		});
		return new AnalyticsDb(db);
	}

	/** Every stored history. */
	load(): Promise<StoredHistory[]> {
		return this.#db.getAll('histories');
	}

	/** Puts `histories` as they are now, in one transaction. */
	async write(histories: readonly SupervisorHistory[]): Promise<void> {
		if (histories.length === 0) return;
		const tx = this.#db.transaction('histories', 'readwrite');
		for (const h of histories) void tx.store.put(stored(h), supervisorKey(h.node, h.supervisor));
		await tx.done;
	}

	async clear(): Promise<void> {
		await this.#db.clear('histories');
	}

	close(): void {
		this.#db.close();
	}
}

/** A history as it is stored: its fields, without the absent ones. */
function stored(h: SupervisorHistory): StoredHistory {
	return {
		node: h.node,
		supervisor: h.supervisor,
		records: h.records,
		total: h.total,
		...(h.name !== undefined && { name: h.name }),
		...(h.exitedAt !== undefined && { exitedAt: h.exitedAt }),
		...(h.gaveUp !== undefined && { gaveUp: h.gaveUp })
	};
}
