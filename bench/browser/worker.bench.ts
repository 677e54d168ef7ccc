import { test } from '@playwright/test';
import { goal, runMeasure, writeResult } from './results';

test('worker round trip: main → runtime worker → main', async ({ page, browser }) => {
	const figures = await runMeasure(page, 'worker');
	writeResult('worker_round_trip', browser.version(), [
		goal(figures, 'worker round trip p50', 1),
		goal(figures, 'worker round trip p95', 3)
	]);
});
