/**
 * The learner's progress through the lessons, as the /learn pages show it: read from IndexedDB
 * once, and kept in step as lessons are done. Without storage the lessons still work; the page
 * says that progress will not be kept.
 */
import { SvelteSet } from 'svelte/reactivity';
import { describeStorageError } from '$lib/app/db';
import { LessonProgress } from '$lib/app/lesson_progress';

export class LearnProgress {
	phase = $state<'loading' | 'ready' | 'unavailable'>('loading');
	readonly done = new SvelteSet<string>();
	/** Why progress is not kept, in words. */
	problem = $state<string | null>(null);
	readonly #store: LessonProgress;

	constructor(store = new LessonProgress()) {
		this.#store = store;
	}

	async load(): Promise<void> {
		try {
			for (const slug of await this.#store.doneSlugs()) this.done.add(slug);
			this.phase = 'ready';
		} catch (error) {
			this.problem = describeStorageError(error);
			this.phase = 'unavailable';
		}
	}

	/** Marks `slug` done here at once, and in storage. */
	async markDone(slug: string): Promise<void> {
		if (this.done.has(slug)) return;
		this.done.add(slug);
		try {
			await this.#store.markDone(slug);
		} catch (error) {
			this.problem = describeStorageError(error);
		}
	}
}
