/**
 * The sandbox journal in IndexedDB (database `superlearner-runtime`), opened by the runtime
 * worker. A database of its own, not the page's `superlearner`: the runtime worker owns what it
 * writes here, and the page's schema ladder (app/db.ts) stays the page's.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SandboxJournal, SandboxRecord, SavedSandboxes } from './journal';

interface RuntimeDB extends DBSchema {
	sandboxes: { key: string; value: SandboxRecord };
	/** Out-of-line keys: `nextNumber`. */
	meta: { key: string; value: number };
}

export const JOURNAL_DB = 'superlearner-runtime';

export class IndexedDbJournal implements SandboxJournal {
	readonly #db: Promise<IDBPDatabase<RuntimeDB>>;
	/** Writes run one after another, in the order they were asked for. */
	#last: Promise<void> = Promise.resolve();
	readonly #onError: (error: unknown) => void;

	private constructor(db: Promise<IDBPDatabase<RuntimeDB>>, onError: (error: unknown) => void) {
		this.#db = db;
		this.#onError = onError;
	}

	/** Rejects when this browser gives the worker no IndexedDB (then nothing is journalled). */
	static async open(
		name = JOURNAL_DB,
		onError: (error: unknown) => void = () => {}
	): Promise<IndexedDbJournal> {
		if (typeof indexedDB === 'undefined') throw new Error('No IndexedDB in this worker.');
		const db = openDB<RuntimeDB>(name, 1, {
			upgrade(db) {
				db.createObjectStore('sandboxes', { keyPath: 'id' });
				db.createObjectStore('meta');
			},
			// A newer version of the app is upgrading the database in another tab: let it.
			blocking(_current, _blocked, event) {
				(event.target as IDBDatabase).close();
			}
		});
		await db;
		return new IndexedDbJournal(db, onError);
	}

	save(record: SandboxRecord): void {
		this.#write((db) => db.put('sandboxes', record));
	}

	saveNextNumber(next: number): void {
		this.#write((db) => db.put('meta', next, 'nextNumber'));
	}

	remove(id: string): void {
		this.#write((db) => db.delete('sandboxes', id));
	}

	async load(): Promise<SavedSandboxes> {
		await this.#last;
		const db = await this.#db;
		const tx = db.transaction(['sandboxes', 'meta']);
		const [records, next] = await Promise.all([
			tx.objectStore('sandboxes').getAll(),
			tx.objectStore('meta').get('nextNumber')
		]);
		await tx.done;
		return { records, nextNumber: typeof next === 'number' ? next : 1 };
	}

	/** Resolves once every write asked for so far has ended. */
	flushed(): Promise<void> {
		return this.#last;
	}

	close(): void {
		void this.#db.then((db) => db.close());
	}

	#write(write: (db: IDBPDatabase<RuntimeDB>) => Promise<unknown>): void {
		this.#last = this.#last
			.then(() => this.#db)
			.then(write)
			.then(
				() => undefined,
				(error: unknown) => this.#onError(error)
			);
	}
}
