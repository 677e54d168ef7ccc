import { LearnProgress } from './progress.svelte';

/**
 * The learner's progress is read (from IndexedDB, a few milliseconds) before the page shows:
 * drawn without it, the page's first paint would grow when it arrived and push the lessons down.
 */
export async function load() {
	const progress = new LearnProgress();
	await progress.load();
	return { progress };
}
