import { test } from '@playwright/test';
import { goal, runMeasure, writeResult } from './results';

test('REST round trip of an operation through the service worker', async ({ page, browser }) => {
	const figures = await runMeasure(page, 'rest');
	writeResult('rest_round_trip', browser.version(), [
		goal(figures, 'GET /api/v1/processes?perPage=5 p50', 2),
		goal(figures, 'GET /api/v1/processes?perPage=5 p95', 5)
	]);
});
