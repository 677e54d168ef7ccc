import { test } from '@playwright/test';
import { goal, runMeasure, writeResult } from './results';

test('GET /api/v1/health through the service worker', async ({ page, browser }) => {
	const figures = await runMeasure(page, 'api');
	writeResult('sw_health', browser.version(), [
		goal(figures, 'GET /api/v1/health p50', 5),
		goal(figures, 'GET /api/v1/health p95', 15)
	]);
});
