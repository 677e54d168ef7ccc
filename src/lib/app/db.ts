/**
 * The app's one IndexedDB database and its schema. Later versions add stores by climbing the
 * upgrade ladder: never edit a step that has shipped, add `if (oldVersion < N) {…}` below it.
 *
 * @example
 * const db = await openSuperLearnerDB();
 * await db.put('settings', 'dark', 'theme');
 * const restarts = await db.getAllFromIndex('events', 'by-supervisor', 'demo_sup');
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** A recorded runtime event (a restart, a crash…), newest last. */
export interface StoredEvent {
	/** Assigned by the store. */
	id?: number;
	/** Name or pid of the supervisor the event belongs to. */
	supervisor: string;
	type: string;
	/** Milliseconds since the epoch. */
	at: number;
	data?: unknown;
}

/** One source file of a sandbox experiment. */
export interface SandboxFile {
	sandboxId: string;
	path: string;
	content: string;
	updatedAt: number;
}

/** A lesson the learner has completed: every one of its checks passed. */
export interface LessonRecord {
	slug: string;
	/** Epoch ms of the first check run that passed them all. */
	doneAt: number;
}

export interface SuperLearnerDB extends DBSchema {
	events: { key: number; value: StoredEvent; indexes: { 'by-supervisor': string } };
	files: { key: [string, string]; value: SandboxFile };
	/** Out-of-line keys: `put('settings', value, key)`. */
	settings: { key: string; value: unknown };
	lessons: { key: string; value: LessonRecord };
}

export const DB_NAME = 'superlearner';
export const DB_VERSION = 2;

/** Raised when this browser offers no usable IndexedDB; `code` is `'unavailable'`. */
export class StorageUnavailableError extends Error {
	override name = 'StorageUnavailableError';
	readonly code = 'unavailable';
}

/** Opens (creating or upgrading) the database. Rejects when storage is unavailable. */
export async function openSuperLearnerDB(name = DB_NAME): Promise<IDBPDatabase<SuperLearnerDB>> {
	if (typeof indexedDB === 'undefined') {
		throw new StorageUnavailableError('This browser has no IndexedDB.');
	}
	return openDB<SuperLearnerDB>(name, DB_VERSION, {
		upgrade(db, oldVersion) {
			if (oldVersion < 1) {
				const events = db.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
				events.createIndex('by-supervisor', 'supervisor');
				db.createObjectStore('files', { keyPath: ['sandboxId', 'path'] });
				db.createObjectStore('settings');
			}
			if (oldVersion < 2) {
				db.createObjectStore('lessons', { keyPath: 'slug' });
			}
		},
		// A newer version of the app is upgrading the database in another tab: let it.
		blocking(_current, _blocked, event) {
			(event.target as IDBDatabase).close();
		}
	});
}

/** A sentence for the learner explaining why storage failed. */
export function describeStorageError(error: unknown): string {
	const name = error instanceof Error || error instanceof DOMException ? error.name : '';
	if (name === 'QuotaExceededError') return "The browser's storage for this site is full.";
	if (name === 'StorageUnavailableError') return (error as Error).message;
	if (name === 'InvalidStateError' || name === 'SecurityError') {
		return 'The browser blocks storage for this site (private browsing or site settings).';
	}
	return `The browser refused to open storage: ${error instanceof Error ? error.message : String(error)}`;
}
