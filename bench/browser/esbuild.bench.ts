import { test } from '@playwright/test';
import { goal, runMeasure, writeResult } from './results';

test('esbuild-wasm: cold init and warm transforms', async ({ page, browser }) => {
	// A fresh browser context: nothing of the compiler is in any cache yet.
	const figures = await runMeasure(page, 'compiler');
	writeResult('esbuild', browser.version(), [
		goal(figures, 'esbuild cold init', 1000),
		goal(figures, 'first compile (worker start + init)', 2000),
		goal(figures, 'warm transform median', 20),
		goal(figures, 'warm compile round trip median', 25)
	]);
});
