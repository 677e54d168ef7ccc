/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment -- JSON answers, read as a client reads them */
import type { Page } from '@playwright/test';
import { expect, test } from './warm';
import { whenControlled } from './helpers';

interface Answer {
	status: number;
	contentType: string | null;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
	body: any;
}

/** `fetch` from the page, through the service worker, once it controls the page. */
async function rest(page: Page, method: string, path: string, body?: unknown): Promise<Answer> {
	await whenControlled(page);
	return page.evaluate(
		async ({ method, path, body }) => {
			const res = await fetch(path, {
				method,
				...(body !== undefined && {
					headers: { 'content-type': 'application/json' },
					body: typeof body === 'string' ? body : JSON.stringify(body)
				})
			});
			return {
				status: res.status,
				contentType: res.headers.get('content-type'),
				body: (await res.json()) as unknown
			};
		},
		{ method, path, body }
	);
}

test.describe('the REST API through the service worker', () => {
	test.beforeEach(async ({ page }) => {
		await page.goto('/');
	});

	test('GET /api/v1/processes?perPage=5 answers a page of the running processes', async ({
		page
	}) => {
		const first = await rest(page, 'GET', '/api/v1/processes?perPage=5');
		expect(first.status).toBe(200);
		expect(first.contentType).toBe('application/json');
		expect(first.body.data).toHaveLength(5);
		expect(first.body.data[0]).toMatchObject({
			name: 'SuperLearner.Supervisor',
			behaviour: 'supervisor',
			system: true,
			node: 'system@superlearner'
		});
		expect(first.body.meta).toMatchObject({ page: 1, perPage: 5, sort: 'pid' });
		expect(first.body.meta.total).toBeGreaterThan(20);
		const demo = await rest(page, 'GET', '/api/v1/processes?perPage=5&name=Demo.&sort=name');
		expect(
			demo.body.data.map((p: { name?: string; module?: string }) => p.name ?? p.module)
		).toEqual([
			'Demo.Cache',
			'Demo.CacheSupervisor',
			'Demo.Consumer',
			'Demo.Counter',
			'Demo.Flaky'
		]);
		expect(demo.body.data.every((p: { system: boolean }) => !p.system)).toBe(true);
	});

	test('DELETE kills a demo worker and its supervisor restarts it with a new pid', async ({
		page
	}) => {
		const before = await rest(page, 'GET', '/api/v1/supervisors/Demo.Pipeline');
		const supervisor = before.body.data.pid as string;
		const consumer = before.body.data.childList.find(
			(c: { id: string }) => c.id === 'Demo.Consumer'
		).pid as string;
		const killed = await rest(page, 'DELETE', `/api/v1/processes/${encodeURIComponent(consumer)}`);
		expect(killed.status).toBe(200);
		expect(killed.body.data).toMatchObject({ pid: consumer, exited: true, exitReason: 'killed' });
		const gone = await rest(page, 'GET', `/api/v1/processes/${encodeURIComponent(consumer)}`);
		expect(gone.status).toBe(404);
		// The supervisor as 0.I.0, the other spelling a path may use.
		const after = await rest(page, 'GET', `/api/v1/supervisors/${supervisor.slice(1, -1)}`);
		const restarted = after.body.data.childList.find(
			(c: { id: string }) => c.id === 'Demo.Consumer'
		);
		expect(restarted.pid).toMatch(/^<0\.\d+\.0>$/);
		expect(restarted.pid).not.toBe(consumer);
		expect(after.body.data.restarts.inWindow).toBeGreaterThanOrEqual(1);
		const health = await rest(page, 'GET', '/api/v1/system/health');
		expect(health.body.data.restartsLastMinute).toBeGreaterThanOrEqual(1);
	});

	test('a bad body answers 422 naming the field, and bad JSON 400', async ({ page }) => {
		const bad = await rest(page, 'POST', '/api/v1/processes/Demo.Counter/message', {
			type: 'shout',
			message: 'get'
		});
		expect(bad.status).toBe(422);
		expect(bad.contentType).toBe('application/json');
		expect(bad.body.error).toMatchObject({
			code: 'validation_failed',
			details: { field: 'type' }
		});
		expect(bad.body.error.message).toContain('type');
		const notJson = await rest(
			page,
			'POST',
			'/api/v1/processes/Demo.Counter/message',
			'{"message":'
		);
		expect(notJson.status).toBe(400);
		expect(notJson.body.error.code).toBe('invalid_params');
		const call = await rest(page, 'POST', '/api/v1/processes/Demo.Counter/message', {
			type: 'call',
			message: ['add', 2]
		});
		expect(call.body.data.reply).toBe(2);
	});

	test("the system's own processes answer 403 unless force is true", async ({ page }) => {
		const refused = await rest(page, 'DELETE', '/api/v1/processes/Arsenal.Registry?force=false');
		expect(refused.status).toBe(403);
		expect(refused.body.error.code).toBe('unauthorized');
		const info = await rest(page, 'GET', '/api/v1/processes/Arsenal.Registry?keys=module');
		expect(info.body.data).toMatchObject({ system: true, module: 'Arsenal.Registry' });
	});

	test('GET /api/v1/arsenal/docs is an OpenAPI 3.1 document of every operation', async ({
		page
	}) => {
		const docs = await rest(page, 'GET', '/api/v1/arsenal/docs');
		const list = await rest(page, 'GET', '/api/v1/arsenal/operations');
		expect(docs.body.data.openapi).toBe('3.1.0');
		const documented = Object.values(docs.body.data.paths as Record<string, object>).flatMap((p) =>
			Object.values(p).map((o: { operationId: string }) => o.operationId)
		);
		expect(documented.sort()).toEqual(list.body.data.map((o: { name: string }) => o.name).sort());
	});

	test('keeps answering after the browser stops the service worker, which forgets its ports', async ({
		page,
		context
	}) => {
		expect((await rest(page, 'GET', '/api/v1/system/health')).status).toBe(200);
		const cdp = await context.newCDPSession(page);
		await cdp.send('ServiceWorker.enable');
		await cdp.send('ServiceWorker.stopAllWorkers');
		const again = await rest(page, 'GET', '/api/v1/processes/Demo.Counter?keys=module');
		expect(again.status).toBe(200);
		expect(again.body.data.module).toBe('Demo.Counter');
		expect((await rest(page, 'GET', '/api/v1/health')).status).toBe(200);
	});

	test('a client past 100 requests a minute gets 429 with Retry-After', async ({ page }) => {
		await rest(page, 'GET', '/api/v1/health');
		const statuses = await page.evaluate(async () => {
			const out: Array<[number, string | null]> = [];
			for (let i = 0; i < 102; i++) {
				const res = await fetch('/api/v1/health');
				out.push([res.status, res.headers.get('retry-after')]);
			}
			return out;
		});
		// With the one above and the overview's own health check, 100 in all are admitted.
		const admitted = statuses.filter(([s]) => s === 200).length;
		expect(admitted).toBeGreaterThanOrEqual(98);
		expect(admitted).toBeLessThanOrEqual(99);
		expect(statuses.slice(admitted).every(([s]) => s === 429)).toBe(true);
		const [status, retry] = statuses.at(-1)!;
		expect(status).toBe(429);
		expect(Number(retry)).toBeGreaterThan(0);
	});
});
