/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- answers are JSON, read the way a client reads them */
// Traces of a sandbox's processes, asked of the system node over REST: start_trace runs in the
// sandbox's worker (in-thread here), and the id it answers (`1-1`) brings get_trace_events,
// list_traces and stop_trace back there; the id of a node that is gone answers 404.
import { describe, expect, it, vi } from 'vitest';
import { exampleCounter, sandboxSystemEachTest } from '$lib/testing/sandbox';

const fx = sandboxSystemEachTest();

const processPath = (pid: string, rest: string) =>
	`/api/v1/processes/${encodeURIComponent(pid)}${rest}`;

/** The pid of sandbox `tr`'s Example.Counter, on node 1. */
async function sandboxCounter(): Promise<string> {
	const counter = await exampleCounter(fx.t, 'tr');
	expect(counter).toMatch(/^<1\.\d+\.0>$/);
	return counter;
}

describe('traces of sandbox processes', () => {
	it("starts a trace on a sandbox's process, reads its events, lists and stops it", async () => {
		const counter = await sandboxCounter();
		const started = await fx.t.post(processPath(counter, '/trace'), { flags: ['receive'] });
		expect(started.status).toBe(201);
		expect(started.body.data).toMatchObject({
			id: '1-1',
			node: 'sandbox_tr@superlearner',
			target: counter,
			status: 'running'
		});
		const system = (await fx.t.post(processPath('Demo.Counter', '/trace'), { flags: ['send'] }))
			.body.data;
		expect(system.id).toBe('0-1');

		await fx.t.post(processPath(counter, '/message'), { message: 'hello' });
		await vi.waitFor(async () => {
			const read = await fx.t.get('/api/v1/traces/1-1/events');
			expect(read.status).toBe(200);
			expect(read.body.data.map((e: { text: string }) => e.text)).toEqual(['receive info hello']);
			expect(read.body.meta).toMatchObject({ total: 1, nextAfter: 1, status: 'running' });
		});
		// A pid filter reads the sandbox's trace too: the id, not the pid, says where it is kept.
		const filtered = await fx.t.get(
			`/api/v1/traces/1-1/events?after=0&pid=${encodeURIComponent(counter)}`
		);
		expect(filtered.body.data).toHaveLength(1);
		expect(
			(await fx.t.get(`/api/v1/traces/0-1/events?pid=${encodeURIComponent(counter)}`)).status
		).toBe(200);

		const listed = (await fx.t.get('/api/v1/traces')).body.data as Array<{ id: string }>;
		expect(listed.map((s) => s.id)).toEqual(['0-1', '1-1']);

		const stopped = await fx.t.del('/api/v1/traces/1-1');
		expect(stopped.status).toBe(200);
		expect(stopped.body.data).toMatchObject({
			removed: false,
			session: { id: '1-1', status: 'stopped', stopReason: 'stopped' }
		});
		expect((await fx.t.del('/api/v1/traces/1-1')).body.data.removed).toBe(true);
		expect(((await fx.t.get('/api/v1/traces')).body.data as Array<{ id: string }>).length).toBe(1);
	});

	it('answers 404 not_found naming the id for a trace of a node that is gone', async () => {
		const counter = await sandboxCounter();
		expect((await fx.t.post(processPath(counter, '/trace'))).body.data.id).toBe('1-1');
		const unknown = await fx.t.get('/api/v1/traces/7-1/events');
		expect(unknown.status).toBe(404);
		expect(unknown.body.error).toMatchObject({ code: 'not_found', details: { id: '7-1' } });
		expect(unknown.body.error?.message).toContain('7-1');
		expect((await fx.t.get('/api/v1/traces/1-9/events')).body.error?.code).toBe('not_found');

		expect((await fx.t.del('/api/v1/sandboxes/tr')).status).toBe(200);
		const gone = await fx.t.del('/api/v1/traces/1-1');
		expect(gone.status).toBe(404);
		expect(gone.body.error).toMatchObject({ code: 'not_found', details: { id: '1-1' } });
		expect((await fx.t.get('/api/v1/traces')).body.data).toEqual([]);
	});
});
