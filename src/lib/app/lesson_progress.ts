/**
 * Which lessons the learner has completed, in IndexedDB's `lessons` store: a lesson is done
 * once a run of its checks has passed them all, and stays done (a later failing run, while the
 * learner experiments further, takes nothing back).
 *
 * ```ts
 * const progress = new LessonProgress();
 * await progress.markDone('monitors');
 * (await progress.doneSlugs()).has('monitors'); // true, in this tab and after a reload
 * ```
 */
import type { IDBPDatabase } from 'idb';
import { openSuperLearnerDB, type SuperLearnerDB } from './db';

type Database = IDBPDatabase<SuperLearnerDB>;

export class LessonProgress {
	readonly #open: () => Promise<Database>;

	constructor(open: () => Promise<Database> = openSuperLearnerDB) {
		this.#open = open;
	}

	async #use<T>(fn: (db: Database) => Promise<T>): Promise<T> {
		const db = await this.#open();
		try {
			return await fn(db);
		} finally {
			db.close();
		}
	}

	/** The slugs of the lessons done. Rejects when storage is unavailable. */
	doneSlugs(): Promise<Set<string>> {
		return this.#use(async (db) => new Set(await db.getAllKeys('lessons')));
	}

	/** Marks `slug` done; one done before keeps the time it was first done. */
	markDone(slug: string, now = Date.now()): Promise<void> {
		return this.#use(async (db) => {
			const tx = db.transaction('lessons', 'readwrite');
			if (!(await tx.store.get(slug))) await tx.store.put({ slug, doneAt: now });
			await tx.done;
		});
	}
}
