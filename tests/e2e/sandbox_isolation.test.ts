import { expect, test } from './warm';
import { apiFetch, whenControlled } from './helpers';

/** A root whose init reports what of the worker's globals the learner's code can reach. */
const PROBE = `export default {
	name: 'Probe',
	init: () => {
		const scope = globalThis as Record<string, unknown>;
		const proto = Object.getPrototypeOf(globalThis) as object;
		const getter = Object.getOwnPropertyDescriptor(proto, 'indexedDB')?.get;
		console.log(['fetch', 'indexedDB', 'caches', 'WebSocket', 'BroadcastChannel'].map((n) => n + '=' + typeof scope[n]).join(' '));
		console.log('getter=' + typeof getter);
		return ['ok', { strategy: 'one_for_one' }, []];
	}
};`;

test('learner code reaches no network or storage API from its sandbox worker', async ({ page }) => {
	await page.goto('/');
	await whenControlled(page);
	const status = await page.evaluate(async (source) => {
		const res = await fetch('/api/v1/sandboxes', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id: 'probe', files: { 'main.ts': source } })
		});
		return { status: res.status, body: (await res.json()) as { data?: { status: string } } };
	}, PROBE);
	expect(status.status).toBe(201);
	expect(status.body.data?.status).toBe('running');
	await expect
		.poll(async () => {
			const lines = (await apiFetch(page, '/api/v1/sandboxes/probe/console')).body as {
				data: Array<{ text: string }>;
			};
			return lines.data.map((l) => l.text);
		})
		.toEqual([
			'fetch=undefined indexedDB=undefined caches=undefined WebSocket=undefined BroadcastChannel=undefined',
			'getter=undefined'
		]);
	// The sandbox still answers the operations the app forwards to it.
	const supervisors = (await apiFetch(page, '/api/v1/supervisors?node=sandbox_probe@superlearner'))
		.body as { data: Array<{ module: string }> };
	expect(supervisors.data.map((s) => s.module)).toEqual(['Probe']);
});
