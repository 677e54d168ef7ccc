/**
 * Sandboxes' files in IndexedDB (the `files` store, keyed `[sandboxId, path]`), so that nothing
 * typed is lost by a crash, a watchdog kill or a reload: the runtime forgets its sandboxes with
 * the tab, the store does not. The entry file's path sits in `settings` under
 * `sandbox-entry:<id>`, written in the same transaction as the files; the sandbox's scenario (its
 * steps, clock and seed) under `sandbox-scenario:<id>`.
 *
 * ```ts
 * const store = new SandboxStore();
 * const saver = new Autosaver(store, 'demo');
 * saver.schedule(files, 'main.ts'); // on every edit: stashed in localStorage at once, and
 *                                   // written to IndexedDB 300 ms after the last edit
 * await saver.flush();              // before a run
 * const saved = saver.recover(await store.load('demo')); // the newer of the two copies
 * ```
 */
import type { IDBPDatabase } from 'idb';
import { z } from 'zod';
import { Experiment, PlayOptions, Scenario } from '$lib/arsenal/experiment_schemas';
import { openSuperLearnerDB, type SuperLearnerDB } from './db';

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

/** A sandbox's scenario and how it is played, with the title and description it is shared with. */
export const SavedScenario = z.object({
	title: Experiment.shape.title.optional(),
	description: Experiment.shape.description,
	scenario: Scenario,
	...PlayOptions
});
export type SavedScenario = z.output<typeof SavedScenario>;

const DEFAULT_ENTRY = 'main.ts';
const entryKey = (id: string) => `sandbox-entry:${id}`;
const scenarioKey = (id: string) => `sandbox-scenario:${id}`;
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

	async saveScenario(id: string, scenario: SavedScenario): Promise<void> {
		const db = await this.#database();
		await db.put('settings', scenario, scenarioKey(id));
	}

	/** The saved scenario of `id`; `null` when none is saved, or what is saved is not one. */
	async loadScenario(id: string): Promise<SavedScenario | null> {
		const db = await this.#database();
		const parsed = SavedScenario.safeParse(await db.get('settings', scenarioKey(id)));
		return parsed.success ? parsed.data : null;
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
		void tx.objectStore('settings').delete(scenarioKey(id));
		await tx.done;
	}
}

/** Where the stash is written synchronously: `localStorage` in the browser. */
export type StashStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface AutosaverOptions {
	/** How long after the last edit to write; 300 ms by default. */
	delayMs?: number;
	/** Told of every write: `null` once written, or why it failed. */
	onsaved?: (error: unknown) => void;
	/** Where unsaved files are stashed; `localStorage` by default, none when unavailable. */
	storage?: StashStorage | null;
}

interface Unsaved {
	files: Record<string, string>;
	entry: string;
}

const stashKey = (id: string) => `superlearner:sandbox-unsaved:${id}`;

function localStorageOrNull(): StashStorage | null {
	try {
		return globalThis.localStorage ?? null;
	} catch {
		// A sandboxed or storage-blocked document throws on access.
		return null;
	}
}

function isStash(
	value: unknown
): value is { files: Record<string, string>; entry: string; updatedAt: number } {
	if (typeof value !== 'object' || value === null) return false;
	const { files, entry, updatedAt } = value as Record<string, unknown>;
	return (
		typeof entry === 'string' &&
		typeof updatedAt === 'number' &&
		typeof files === 'object' &&
		files !== null &&
		Object.values(files).every((text) => typeof text === 'string')
	);
}

/**
 * Saves one sandbox's files a short while after the last edit; `flush` saves at once. Files not
 * yet written are stashed synchronously on every edit, in storage that outlives a closed tab (an
 * IndexedDB write started as the tab closes may never finish), until the store has them; and
 * `recover` prefers that stash to the store's copy when it is newer.
 */
export class Autosaver {
	readonly #store: SandboxStore;
	readonly #id: string;
	readonly #delayMs: number;
	readonly #onsaved: (error: unknown) => void;
	readonly #storage: StashStorage | null;
	#pending: Unsaved | null = null;
	/** The last files scheduled, until their write ends well (so also while it is under way). */
	#unsaved: Unsaved | null = null;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#saving: Promise<void> = Promise.resolve();
	#closed = false;

	constructor(
		store: SandboxStore,
		id: string,
		{ delayMs = 300, onsaved, storage = localStorageOrNull() }: AutosaverOptions = {}
	) {
		this.#store = store;
		this.#id = id;
		this.#delayMs = delayMs;
		this.#onsaved = onsaved ?? (() => {});
		this.#storage = storage;
	}

	/** Whether an edit waits to be written. */
	get pending(): boolean {
		return this.#pending !== null;
	}

	/** Stashes `files` now, and writes them after `delayMs` without a newer call. */
	schedule(files: Record<string, string>, entry: string): void {
		if (this.#closed) return;
		this.#pending = this.#unsaved = { files, entry };
		this.#stash();
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
		if (!next || this.#closed) return previous;
		this.#saving = previous
			.then(() => this.#store.save(this.#id, next.files, next.entry))
			.then(
				() => {
					if (this.#unsaved === next) {
						this.#unsaved = null;
						this.clearStash();
					}
					this.#onsaved(null);
				},
				(error: unknown) => {
					this.#onsaved(error);
					throw error;
				}
			);
		return this.#saving;
	}

	/** Keeps the files not yet written (waiting, or being written) in the stash, at once. */
	#stash(): void {
		const unsaved = this.#unsaved;
		if (!unsaved || !this.#storage) return;
		try {
			this.#storage.setItem(
				stashKey(this.#id),
				JSON.stringify({ ...unsaved, updatedAt: Date.now() })
			);
		} catch {
			// Over quota: the IndexedDB write is all there is.
		}
	}

	/** What `stash` kept, if anything. */
	readStash(): SavedSandbox | null {
		try {
			const text = this.#storage?.getItem(stashKey(this.#id));
			const value: unknown = text ? JSON.parse(text) : null;
			if (!isStash(value)) return null;
			return { id: this.#id, files: value.files, entry: value.entry, updatedAt: value.updatedAt };
		} catch {
			return null;
		}
	}

	clearStash(): void {
		try {
			this.#storage?.removeItem(stashKey(this.#id));
		} catch {
			// Nothing to clear where there is no storage.
		}
	}

	/**
	 * The newer of `saved` (the store's copy) and the stash; a tie goes to the stash, which holds
	 * the later edits. A stash chosen is scheduled, and cleared once written; else cleared now.
	 */
	recover(saved: SavedSandbox | null): SavedSandbox | null {
		const newest = this.newest(saved);
		if (!newest || newest === saved) {
			this.clearStash();
			return saved;
		}
		this.schedule(newest.files, newest.entry);
		return newest;
	}

	/** The newer of `saved` and the stash (a tie goes to the stash), changing nothing. */
	newest(saved: SavedSandbox | null): SavedSandbox | null {
		const stashed = this.readStash();
		return !stashed || (saved && stashed.updatedAt < saved.updatedAt) ? saved : stashed;
	}

	/** Forgets what has not been written (the stash stays, for whoever recovers it). */
	cancel(): void {
		clearTimeout(this.#timer);
		this.#pending = this.#unsaved = null;
	}

	/**
	 * Stops saving for good (the sandbox is being destroyed): forgets what waits and the stash,
	 * and resolves once the write under way, if any, has ended. Later saves do nothing.
	 */
	async close(): Promise<void> {
		this.#closed = true;
		this.cancel();
		this.clearStash();
		await this.#saving.catch(() => {});
	}
}
