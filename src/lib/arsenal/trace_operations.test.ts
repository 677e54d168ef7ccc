/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- answers are JSON, read the way a client reads them */
// The tracing operations over REST on the system node: start_trace (201, 404, 422 naming the
// field), list_traces, get_trace_events (polling with after), stop_trace (stop, then remove).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tracedCount } from '$lib/runtime/host';
import { testSystem, type TestSystem } from '$lib/testing/arsenal';

let t: TestSystem;
beforeEach(async () => {
	t = await testSystem();
});
afterEach(async () => {
	await t.system.shutdown();
});

const start = (pid: string, body: unknown = {}) =>
	t.post(`/api/v1/processes/${encodeURIComponent(pid)}/trace`, body);

describe('tracing operations', () => {
	it('traces a process by name: 201 with the session, its events readable and pollable', async () => {
		const res = await start('Demo.Counter', { flags: ['call', 'receive'] });
		expect(res.status).toBe(201);
		expect(res.body.data).toMatchObject({
			id: expect.any(String),
			node: 'system@superlearner',
			target: t.pidOf('Demo.Counter'),
			targetName: 'Demo.Counter',
			flags: ['call', 'receive'],
			subtree: false,
			status: 'running',
			maxEvents: 1000,
			durationMs: 60_000
		});
		const id = res.body.data.id as string;
		await t.system.execute('send_message', { pid: 'Demo.Counter', message: 'get', type: 'call' });
		const read = await t.get(`/api/v1/traces/${id}/events`);
		expect(read.status).toBe(200);
		expect(read.body.data.map((e: { kind: string }) => e.kind)).toEqual([
			'call',
			'receive',
			'reply'
		]);
		expect(read.body.meta).toMatchObject({
			total: 3,
			returned: 3,
			nextAfter: 3,
			status: 'running'
		});
		const next = await t.get(`/api/v1/traces/${id}/events?after=3&kind=call`);
		expect(next.body.data).toEqual([]);

		const list = await t.get('/api/v1/traces');
		expect(list.body.data).toEqual([expect.objectContaining({ id, events: 3 })]);
	});

	it('answers 404 noproc for an unknown process and not_found for an unknown trace', async () => {
		expect((await start('Nobody')).body.error?.code).toBe('noproc');
		expect((await start('Nobody')).status).toBe(404);
		const events = await t.get('/api/v1/traces/99/events');
		expect(events.status).toBe(404);
		expect(events.body.error?.code).toBe('not_found');
		expect((await t.del('/api/v1/traces/99')).status).toBe(404);
	});

	it('answers 422 naming the field for a flag outside the list and a negative limit', async () => {
		const flag = await start('Demo.Counter', { flags: ['send', 'everything'] });
		expect(flag.status).toBe(422);
		expect(flag.body.error?.details.field).toBe('flags.1');
		const max = await start('Demo.Counter', { maxEvents: -1 });
		expect(max.status).toBe(422);
		expect(max.body.error?.details.field).toBe('maxEvents');
		const duration = await start('Demo.Counter', { durationMs: 600_001 });
		expect(duration.body.error?.details.field).toBe('durationMs');
	});

	it('stops a trace (events kept, no flag left), then removes it', async () => {
		const { id } = (await start('Demo.Supervisor', { subtree: true })).body.data as { id: string };
		expect(tracedCount(t.node)).toBeGreaterThan(5);
		const stopped = await t.del(`/api/v1/traces/${id}`);
		expect(stopped.status).toBe(200);
		expect(stopped.body.data).toMatchObject({
			removed: false,
			session: { status: 'stopped', stopReason: 'stopped' }
		});
		expect(tracedCount(t.node)).toBe(0);
		expect((await t.get(`/api/v1/traces/${id}/events`)).status).toBe(200);
		expect((await t.del(`/api/v1/traces/${id}`)).body.data.removed).toBe(true);
		expect((await t.get('/api/v1/traces')).body.data).toEqual([]);
	});
});
