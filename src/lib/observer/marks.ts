/**
 * Performance marks for the browser benchmarks: off unless the page was opened with
 * `globalThis.__SUPERLEARNER_MARKS__ = true` (the benchmark sets it before the app loads), so a
 * long session does not fill the performance timeline with one mark per frame.
 */
export const MARK_BATCH = 'superlearner:batch';
export const MARK_TREE_APPLIED = 'superlearner:tree-applied';
export const MARK_TREE_RENDERED = 'superlearner:tree-rendered';
export const MARK_TABLE_RENDERED = 'superlearner:table-rendered';

export function marksEnabled(): boolean {
	return (globalThis as { __SUPERLEARNER_MARKS__?: unknown }).__SUPERLEARNER_MARKS__ === true;
}

export function mark(name: string, detail?: unknown): void {
	if (marksEnabled()) performance.mark(name, { detail });
}
