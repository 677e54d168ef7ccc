import { expect, test } from './warm';
import { apiFetch } from './helpers';

test.describe('REST API through the service worker', () => {
	test.beforeEach(async ({ page }) => {
		await page.goto('/');
	});

	test('GET /api/v1/health answers 200 JSON from the runtime worker', async ({ page }) => {
		const res = await apiFetch(page, '/api/v1/health');
		expect(res.status).toBe(200);
		expect(res.contentType).toBe('application/json');
		expect(res.body).toEqual({
			data: { status: 'ok', node: 'system@superlearner', uptimeMs: expect.any(Number) as unknown }
		});
	});

	test('an unknown route answers 404 not_found', async ({ page }) => {
		const res = await apiFetch(page, '/api/v1/x');
		expect(res.status).toBe(404);
		expect(res.body).toEqual({
			error: { code: 'not_found', message: 'No API route GET /api/v1/x.' }
		});
	});

	test('a wrong method answers 405 method_not_allowed', async ({ page }) => {
		const res = await apiFetch(page, '/api/v1/health', 'POST');
		expect(res.status).toBe(405);
		expect(res.body).toMatchObject({ error: { code: 'method_not_allowed' } });
	});

	test('the overview shows the API as healthy', async ({ page }) => {
		const card = page.getByRole('article', { name: 'REST API' });
		await expect(card.getByText('Healthy')).toBeVisible();
		await expect(card.locator('pre')).toContainText('"status": "ok"');
	});

	test('a fetch from inside a worker is answered through a window client', async ({ page }) => {
		await apiFetch(page, '/api/v1/health');
		const status = await page.evaluate(async () => {
			// A blob worker's base URL is the blob URL: give it an absolute one.
			const url = new URL('/api/v1/health', location.href).href;
			const source = `fetch('${url}').then(async (r) => postMessage([r.status, await r.json()]), (e) => postMessage(String(e)))`;
			const worker = new Worker(URL.createObjectURL(new Blob([source])));
			const answer = await new Promise<unknown>(
				(resolve) => (worker.onmessage = (e) => resolve(e.data))
			);
			worker.terminate();
			return answer;
		});
		expect(status).toMatchObject([200, { data: { status: 'ok' } }]);
	});

	test('a request made before the runtime is up waits for it', async ({ page }) => {
		await apiFetch(page, '/api/v1/health');
		await page.addInitScript(() => {
			const early = fetch('/api/v1/health').then((r) => r.status);
			(window as unknown as { early: Promise<number> }).early = early;
		});
		await page.reload();
		expect(await page.evaluate(() => (window as unknown as { early: Promise<number> }).early)).toBe(
			200
		);
	});

	test('with no runtime to answer, a request gets 503 unavailable after a bounded wait', async ({
		page,
		context
	}) => {
		await apiFetch(page, '/api/v1/health');
		// Make the runtime worker impossible to load: out of the cache, and its download failing
		// (the service worker's too).
		await context.route(/runtime\.worker/, (route) => route.abort());
		await page.evaluate(async () => {
			for (const name of await caches.keys()) {
				const cache = await caches.open(name);
				for (const req of await cache.keys()) {
					if (req.url.includes('runtime.worker')) await cache.delete(req);
				}
			}
		});
		await page.reload();
		await expect(page.getByRole('alert')).toContainText('The runtime did not start');

		const started = Date.now();
		const res = await apiFetch(page, '/api/v1/health');
		expect(Date.now() - started).toBeGreaterThan(4_000);
		expect(res.status).toBe(503);
		expect(res.body).toMatchObject({
			error: { code: 'unavailable', message: expect.stringContaining('within 5 s') as unknown }
		});
	});
});
