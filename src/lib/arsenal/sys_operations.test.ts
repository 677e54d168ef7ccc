/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- answers are JSON, read the way a client reads them */
// The :sys operations (get_process_status, suspend_process, resume_process), the mailbox in
// get_process_info, and the supervisor's state as get_process_state shows it: over REST, as a
// client sees them, on the system node and in a sandbox.
import { describe, expect, it, vi } from 'vitest';
import { exampleCounter, sandboxSystemEachTest } from '$lib/testing/sandbox';

const fx = sandboxSystemEachTest();

const path = (pid: string, rest = '') => `/api/v1/processes/${encodeURIComponent(pid)}${rest}`;

/** A process that takes no message, with `queued` messages waiting. */
function deafProcess(queued: number): string {
	const pid = fx.t.node.spawn((ctx) => ctx.receive({ match: () => false }));
	for (let i = 0; i < queued; i++) fx.t.node.send(pid, ['stray', i]);
	return String(pid);
}

describe('get_process_status', () => {
	it('answers :sys.get_status of a GenServer: running, its parent, ancestors and state', async () => {
		const res = await fx.t.get(path('Demo.Counter', '/status'));
		expect(res.status).toBe(200);
		expect(res.body.data).toMatchObject({
			pid: fx.t.pidOf('Demo.Counter'),
			node: 'system@superlearner',
			name: 'Demo.Counter',
			behaviour: 'gen_server',
			module: 'Demo.Counter',
			status: 'running',
			parent: fx.t.pidOf('Demo.Supervisor'),
			header: 'Status for generic server Demo.Counter',
			state: { count: 0 }
		});
		expect(res.body.data.ancestors[0]).toBe(fx.t.pidOf('Demo.Supervisor'));
		expect(res.body.data.ancestors.at(-1)).toMatch(/^<0\.0\.0>$/);
	});

	it("shows a supervisor's strategy, intensity, period and children, and no closure", async () => {
		const status = (await fx.t.get(path('Demo.Supervisor', '/status'))).body.data;
		const state = (await fx.t.get(path('Demo.Supervisor', '/state'))).body.data.state;
		expect(state).toEqual(status.state);
		expect(state).toMatchObject({
			module: 'Demo.Supervisor',
			strategy: 'one_for_one',
			intensity: expect.any(Number),
			period: expect.any(Number),
			restarts: []
		});
		expect(state.children.map((c: { id: string }) => c.id)).toContain('Demo.Counter');
		expect(state.children.find((c: { id: string }) => c.id === 'Demo.Counter')).toEqual({
			id: 'Demo.Counter',
			pid: fx.t.pidOf('Demo.Counter'),
			restart: 'permanent',
			shutdown: 5000,
			type: 'worker',
			modules: ['Demo.Counter']
		});
		expect(JSON.stringify(state)).not.toContain('#Fun<');
	});

	it('answers 404 for no such process and 422 not_genserver for a plain one', async () => {
		for (const route of ['/status', '/suspend', '/resume']) {
			const send = route === '/status' ? fx.t.get : fx.t.post;
			const missing = await send(path('<0.99999.0>', route));
			expect([route, missing.status, missing.body.error?.code]).toEqual([route, 404, 'noproc']);
			const plain = await send(path(deafProcess(0), route));
			expect([route, plain.status, plain.body.error?.code]).toEqual([route, 422, 'not_genserver']);
			expect(plain.body.error?.message).toMatch(/a plain process: it answers no system messages/);
		}
	});
});

describe('suspend_process and resume_process', () => {
	it('suspends a server: messages wait in its mailbox until it is resumed', async () => {
		const suspended = await fx.t.post(path('Demo.Counter', '/suspend'));
		expect(suspended.status).toBe(200);
		expect(suspended.body.data).toEqual({
			pid: fx.t.pidOf('Demo.Counter'),
			node: 'system@superlearner',
			status: 'suspended'
		});
		expect((await fx.t.get(path('Demo.Counter', '/status'))).body.data.status).toBe('suspended');
		await fx.t.post(path('Demo.Counter', '/message'), { type: 'cast', message: 'increment' });
		await fx.t.node.advance(5000);
		const waiting = (await fx.t.get(path('Demo.Counter'))).body.data;
		expect([waiting.messageQueueLen, waiting.messages]).toEqual([1, [['$gen_cast', 'increment']]]);

		const resumed = await fx.t.post(path('Demo.Counter', '/resume'));
		expect(resumed.body.data).toMatchObject({ status: 'running' });
		await fx.t.node.settle();
		const after = (await fx.t.get(path('Demo.Counter'))).body.data;
		expect([after.messageQueueLen, after.messages]).toEqual([0, []]);
		expect((await fx.t.get(path('Demo.Counter', '/status'))).body.data).toMatchObject({
			status: 'running',
			state: { count: 1 }
		});
	});

	it("refuses SuperLearner's own processes without force (403), and acts with it", async () => {
		for (const route of ['/suspend', '/resume']) {
			const refused = await fx.t.post(path('SuperLearner.Telemetry', route));
			expect([route, refused.status, refused.body.error?.code]).toEqual([
				route,
				403,
				'unauthorized'
			]);
		}
		const forced = await fx.t.post(path('SuperLearner.Telemetry', '/suspend'), { force: true });
		expect(forced.body.data).toMatchObject({ status: 'suspended' });
		await fx.t.post(path('SuperLearner.Telemetry', '/resume'), { force: true });
		expect((await fx.t.get(path('SuperLearner.Telemetry', '/status'))).body.data.status).toBe(
			'running'
		);
	});

	it("reaches a sandbox's processes: status, suspend, the waiting message, resume", async () => {
		const counter = await exampleCounter(fx.t, 'sys');
		expect(counter).toMatch(/^<1\.\d+\.0>$/);
		const status = (await fx.t.get(path(counter, '/status'))).body.data;
		expect(status).toMatchObject({
			node: 'sandbox_sys@superlearner',
			module: 'Example.Counter',
			status: 'running',
			state: 0
		});
		expect((await fx.t.post(path(counter, '/suspend'))).body.data).toMatchObject({
			status: 'suspended'
		});
		await fx.t.post(path(counter, '/message'), { message: 'hello' });
		const waiting = (await fx.t.get(path(counter))).body.data;
		expect([waiting.messageQueueLen, waiting.messages]).toEqual([1, ['hello']]);
		expect((await fx.t.get(path(counter, '/status'))).body.data.status).toBe('suspended');
		expect((await fx.t.post(path(counter, '/resume'))).body.data).toMatchObject({
			status: 'running'
		});
		await vi.waitFor(async () => {
			expect((await fx.t.get(path(counter))).body.data.messageQueueLen).toBe(0);
		});
	});
});

describe('get_process_info messages', () => {
	it('lists the oldest 100 queued messages beside the whole queue length', async () => {
		const pid = deafProcess(150);
		const { data } = (await fx.t.get(path(pid))).body;
		expect(data.messageQueueLen).toBe(150);
		expect(data.messages).toHaveLength(100);
		expect(data.messages.slice(0, 2)).toEqual([
			['stray', 0],
			['stray', 1]
		]);
		expect(data.messages[99]).toEqual(['stray', 99]);
		const some = (await fx.t.get(path(pid) + '?keys=name,messageQueueLen')).body.data;
		expect(some).not.toHaveProperty('messages');
	});

	it('cuts a huge message instead of sending all of it', async () => {
		const pid = fx.t.node.spawn((ctx) => ctx.receive({ match: () => false }));
		fx.t.node.send(pid, { text: 'x'.repeat(100_000), fn: () => 1 });
		const [message] = (await fx.t.get(path(String(pid)))).body.data.messages;
		expect(message.fn).toBe('#Fun<fn/0>');
		expect(message.text.length).toBeLessThan(1000);
		expect(message.text).toMatch(/more characters\)$/);
	});
});
