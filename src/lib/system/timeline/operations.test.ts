/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- answers are JSON, read the way a client reads them */
// The system node's timeline through its operations, over REST: the tree before and after a
// crash, gauges, samples, paging, the recorded inputs, and bad input.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testSystem, type TestSystem } from '$lib/testing/arsenal';

let t: TestSystem;
beforeEach(async () => {
	t = await testSystem();
});
afterEach(async () => {
	await t.system.shutdown();
});

const moment = async (query: string) => {
	const res = await t.get(`/api/v1/timeline${query}`);
	expect(res.status).toBe(200);
	return res.body.data;
};
const byName = (data: { processes: Array<{ name?: string }> }, name: string) =>
	data.processes.find((p) => p.name === name);

describe('timeline operations', () => {
	it('shows the old pid before a crash and the new one after, with the gauge and samples', async () => {
		await t.node.advance(3_000);
		const old = t.pidOf('Demo.Counter');
		// Events at the kill's own millisecond belong to that moment: look 1 ms earlier.
		const before = t.node.now() - 1;
		const kill = await t.del(`/api/v1/processes/Demo.Counter`);
		expect(kill.status).toBe(200);
		await t.node.advance(2_000);
		const fresh = t.pidOf('Demo.Counter');
		expect(fresh).not.toBe(old);

		const then = await moment(`?at=${before}`);
		expect(then.clamped).toBeUndefined();
		expect(byName(then, 'Demo.Counter')).toMatchObject({
			pid: old,
			parent: t.pidOf('Demo.Supervisor'),
			sample: { module: 'Demo.Counter', behaviour: 'gen_server', messageQueueLen: 0 }
		});
		const root = then.gauges.find((g: { name?: string }) => g.name === 'Demo.Supervisor');
		expect(root).toMatchObject({ restarts: 0 });

		const now = await moment('');
		expect(byName(now, 'Demo.Counter')).toMatchObject({
			pid: fresh,
			supervisor: t.pidOf('Demo.Supervisor'),
			childId: 'Demo.Counter'
		});
		expect(now.processes.some((p: { pid: string }) => p.pid === old)).toBe(false);
		expect(now.gauges.find((g: { name?: string }) => g.name === 'Demo.Supervisor')).toEqual({
			supervisor: t.pidOf('Demo.Supervisor'),
			name: 'Demo.Supervisor',
			restarts: 1,
			intensity: 10,
			period: 60,
			use: 0.1
		});
		// 60 s later the restart has left the supervisor's window.
		await t.node.advance(60_000);
		const later = await moment('');
		expect(later.gauges.find((g: { name?: string }) => g.name === 'Demo.Supervisor')).toMatchObject(
			{
				restarts: 0,
				use: 0
			}
		);
	});

	it('knows each process of a tree that just started, before the next sampling pass', async () => {
		// The demo application started at 0: nothing has moved the clock a second on yet.
		const then = await moment(`?at=${t.node.now()}`);
		expect(byName(then, 'Demo.Pipeline')).toMatchObject({ sample: { behaviour: 'supervisor' } });
		expect(byName(then, 'Demo.Consumer')).toMatchObject({ sample: { behaviour: 'gen_server' } });
	});

	it('clamps a moment after now and answers 422 naming at, 404 for an unknown node', async () => {
		await t.node.advance(1_000);
		const after = await moment('?at=999999999');
		expect(after.clamped).toBe('after');
		expect(after.at).toBe(after.range.to);
		const negative = await t.get('/api/v1/timeline?at=-1');
		expect(negative.status).toBe(422);
		expect(JSON.stringify(negative.body.error)).toContain('at');
		const unknown = await t.get('/api/v1/timeline?node=nowhere@superlearner');
		expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'not_found']);
	});

	it('pages the events of a range like list_processes, and 422 names to before from', async () => {
		await t.node.advance(5_000);
		const first = await t.get('/api/v1/timeline/events?from=0&to=5000&perPage=10');
		expect(first.status).toBe(200);
		expect(first.body.data).toHaveLength(10);
		expect(first.body.data[0]).toMatchObject({ seq: 0, event: { type: 'spawn' } });
		expect(first.body.meta).toMatchObject({ page: 1, perPage: 10 });
		expect(first.body.meta.totalPages).toBe(Math.ceil(first.body.meta.total / 10));
		const second = await t.get('/api/v1/timeline/events?from=0&to=5000&perPage=10&page=2');
		expect(second.body.data[0].seq).toBe(10);
		const kinds = new Set(
			(await t.get('/api/v1/timeline/events?perPage=1000')).body.data.map(
				(e: { event: { type: string; kind?: string } }) => `${e.event.type}:${e.event.kind ?? ''}`
			)
		);
		expect(kinds).toContain('send:call');
		expect(kinds).toContain('send:reply');
		expect(kinds).toContain('send:cast');
		expect(kinds).toContain('sample:');
		const bad = await t.get('/api/v1/timeline/events?from=5000&to=10');
		expect(bad.status).toBe(422);
		expect(bad.body.error?.details).toMatchObject({ field: 'to', reason: 'to is before from' });
	});

	it('records kills, faults and sends on demo processes as replay inputs', async () => {
		await t.node.advance(2_000);
		await t.del('/api/v1/processes/Demo.Flaky?reason=boom');
		await t.node.advance(1_000);
		await t.post(`/api/v1/processes/${t.pidOf('Demo.Counter')}/message`, {
			type: 'cast',
			message: 'increment'
		});
		await t.post('/api/v1/processes/Demo.Producer/faults', { kind: 'drop', count: 2 });
		await t.del('/api/v1/processes/no.such.process');
		expect(t.system.timeline.recordedInputs()).toEqual([
			{ at: 2_000, action: { kind: 'kill', name: 'Demo.Flaky', reason: 'boom' } },
			{
				at: 3_000,
				action: { kind: 'send', name: 'Demo.Counter', type: 'cast', message: 'increment' }
			},
			{
				at: 3_000,
				action: { kind: 'fault', name: 'Demo.Producer', fault: { kind: 'drop', count: 2 } }
			}
		]);
	});
});
