/**
 * Sandboxes' files in IndexedDB (the `files` store, keyed `[sandboxId, path]`), so that nothing
 * typed is lost by a crash, a watchdog kill or a reload: the runtime forgets its sandboxes with
 * the tab, the store does not. The entry file's path sits in `settings` under
 * `sandbox-entry:<id>`, written in the same transaction as the files.
 *
 * ```ts
 * const store = new SandboxStore();
 * const saver = new Autosaver(store, 'demo');
 * saver.schedule(files, 'main.ts'); // on every edit: written 300 ms after the last one
 * await saver.flush();              // before a run
 * ```
 */
import type { IDBPDatabase } from 'idb';
import { openSuperLearnerDB, type SuperLearnerDB } from '$lib/analytics/db';

type Database = IDBPDatabase<SuperLearnerDB>;

export interface SavedSandbox {
	id: string;
	files: Record<string, string>;
	entry: string;
	/** Epoch ms of the last save. */
	updatedAt: number;
}

export interface SavedSummary {
	id: string;
	fileCount: number;
	updatedAt: number;
}

const DEFAULT_ENTRY = 'main.ts';
const entryKey = (id: string) => `sandbox-entry:${id}`;
/** Every key of one sandbox: arrays sort after strings, so `[id, []]` ends the range. */
const range = (id: string) => IDBKeyRange.bound([id, ''], [id, []]);

export class SandboxStore {
	readonly #open: () => Promise<Database>;
	#db: Promise<Database> | null = null;

	constructor(open: () => Promise<Database> = openSuperLearnerDB) {
		this.#open = open;
	}

	#database(): Promise<Database> {
		// A failed open is retried by the next call rather than remembered.
		this.#db ??= this.#open().catch((error: unknown) => {
			this.#db = null;
			throw error;
		});
		return this.#db;
	}

	/** Replaces the sandbox's saved files (a file renamed or deleted goes away too). */
	async save(id: string, files: Record<string, string>, entry: string): Promise<void> {
		const db = await this.#database();
		const updatedAt = Date.now();
		const tx = db.transaction(['files', 'settings'], 'readwrite');
		const store = tx.objectStore('files');
		void store.delete(range(id));
		for (const [path, content] of Object.entries(files)) {
			void store.put({ sandboxId: id, path, content, updatedAt });
		}
		void tx.objectStore('settings').put(entry, entryKey(id));
		await tx.done;
	}

	/** The saved files of `id`, or `null` when none are saved. */
	async load(id: string): Promise<SavedSandbox | null> {
		const db = await this.#database();
		const tx = db.transaction(['files', 'settings']);
		const [rows, entry] = await Promise.all([
			tx.objectStore('files').getAll(range(id)),
			tx.objectStore('settings').get(entryKey(id))
		]);
		await tx.done;
		if (rows.length === 0) return null;
		return {
			id,
			files: Object.fromEntries(rows.map((r) => [r.path, r.content])),
			entry: typeof entry === 'string' ? entry : DEFAULT_ENTRY,
			updatedAt: Math.max(...rows.map((r) => r.updatedAt))
		};
	}

	/** Every saved sandbox, the most recently saved first. */
	async list(): Promise<SavedSummary[]> {
		const db = await this.#database();
		const byId = new Map<string, SavedSummary>();
		for (const row of await db.getAll('files')) {
			const seen = byId.get(row.sandboxId);
			if (!seen)
				byId.set(row.sandboxId, { id: row.sandboxId, fileCount: 1, updatedAt: row.updatedAt });
			else {
				seen.fileCount++;
				seen.updatedAt = Math.max(seen.updatedAt, row.updatedAt);
			}
		}
		return [...byId.values()].sort((a, b) => b.updatedAt - a.updatedAt);
	}

	async remove(id: string): Promise<void> {
		const db = await this.#database();
		const tx = db.transaction(['files', 'settings'], 'readwrite');
		void tx.objectStore('files').delete(range(id));
		void tx.objectStore('settings').delete(entryKey(id));
		await tx.done;
	}
}

export interface AutosaverOptions {
	/** How long after the last edit to write; 300 ms by default. */
	delayMs?: number;
	/** Told of every write: `null` once written, or why it failed. */
	onsaved?: (error: unknown) => void;
}

/** Saves one sandbox's files a short while after the last edit; `flush` saves at once. */
export class Autosaver {
	readonly #store: SandboxStore;
	readonly #id: string;
	readonly #delayMs: number;
	readonly #onsaved: (error: unknown) => void;
	#pending: { files: Record<string, string>; entry: string } | null = null;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#saving: Promise<void> = Promise.resolve();

	constructor(store: SandboxStore, id: string, { delayMs = 300, onsaved }: AutosaverOptions = {}) {
		this.#store = store;
		this.#id = id;
		this.#delayMs = delayMs;
		this.#onsaved = onsaved ?? (() => {});
	}

	/** Whether an edit waits to be written. */
	get pending(): boolean {
		return this.#pending !== null;
	}

	/** Writes `files` after `delayMs` without a newer call. */
	schedule(files: Record<string, string>, entry: string): void {
		this.#pending = { files, entry };
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.flush().catch(() => {}), this.#delayMs);
	}

	/** Writes what waits now; resolves once every save so far is written, rejects if the last fails. */
	flush(): Promise<void> {
		clearTimeout(this.#timer);
		const next = this.#pending;
		this.#pending = null;
		// Saves are chained: an older save never lands after a newer one.
		const previous = this.#saving.catch(() => {});
		if (!next) return previous;
		this.#saving = previous
			.then(() => this.#store.save(this.#id, next.files, next.entry))
			.then(
				() => this.#onsaved(null),
				(error: unknown) => {
					this.#onsaved(error);
					throw error;
				}
			);
		return this.#saving;
	}

	/** Forgets what has not been written (the sandbox was destroyed). */
	cancel(): void {
		clearTimeout(this.#timer);
		this.#pending = null;
	}
}
