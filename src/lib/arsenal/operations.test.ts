/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- answers are JSON, read the way a client reads them */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Pid } from '$lib/runtime';
import { assertNoProcessLeaks } from '$lib/supertester';
import { inThreadWorkers, warmCompiler } from '$lib/testing/sandbox';
import { operations } from './operations';
import { testSystem, type TestSystem } from '$lib/testing/arsenal';
import { SystemSettings } from '$lib/system/config';

beforeAll(warmCompiler, 30_000);

let t: TestSystem;
beforeEach(async () => {
	t = await testSystem();
});

/** Runs an operation as a page does, and checks data and meta against the operation's schemas. */
async function run(name: string, params: Record<string, unknown> = {}) {
	const op = t.system.registry.get(name);
	if (!op) throw new Error(`no operation ${name}`);
	const res = await t.system.execute(name, params);
	expect(res.status).toBe(op.successStatus ?? 200);
	op.result.parse(res.data);
	if (op.meta) op.meta.parse(res.meta);
	else expect(res.meta).toBeUndefined();
	return res as { status: number; data: any; meta?: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A process that takes no message, with `queued` messages waiting. */
function deafProcess(queued: number): Pid {
	const pid = t.node.spawn((ctx) => ctx.receive({ match: () => false }));
	for (let i = 0; i < queued; i++) t.node.send(pid, ['stray', i]);
	return pid;
}

describe('processes', () => {
	it('list_processes pages, filters and sorts', async () => {
		const all = await run('list_processes', { perPage: 1000 });
		expect(all.meta.total).toBe(t.node.processes().length);
		expect(all.data.map((p: { pid: string }) => p.pid)).toEqual(t.node.processes().map(String));
		const second = await run('list_processes', { perPage: 3, page: 2 });
		expect(second.data.map((p: { pid: string }) => p.pid)).toEqual(
			all.data.slice(3, 6).map((p: { pid: string }) => p.pid)
		);
		expect(second.meta).toMatchObject({
			page: 2,
			perPage: 3,
			totalPages: Math.ceil(all.meta.total / 3)
		});
		const newest = await run('list_processes', { perPage: 1, order: 'desc' });
		expect(newest.data[0].pid).toBe(all.data.at(-1).pid);
		const sups = await run('list_processes', { behaviour: 'supervisor', sort: 'name' });
		expect(sups.data.map((p: { name: string }) => p.name)).toEqual([
			'Demo.CacheSupervisor',
			'Demo.Pipeline',
			'Demo.Supervisor',
			'SuperLearner.Supervisor'
		]);
		const byName = await run('list_processes', { name: 'pipeline' });
		expect(byName.data.map((p: { name: string }) => p.name)).toEqual(['Demo.Pipeline']);
		expect(byName.meta.total).toBe(1);
		expect(byName.meta.totalProcesses).toBe(all.meta.total);
	});

	it('list_processes pages the same without a live index, from node.processes()', async () => {
		const ctx = { ...t.system.context, nodes: [{ ...t.system.context.nodes[0], live: undefined }] };
		for (const params of [
			{ perPage: 4, page: 3 },
			{ perPage: 4, page: 2, order: 'desc' },
			{ perPage: 1000 }
		]) {
			// (Reductions move between the calls: SuperLearner.Telemetry counts them.)
			const pids = (res: { data: unknown }) =>
				(res.data as Array<{ pid: string }>).map((p) => p.pid);
			const indexed = await t.system.execute('list_processes', params);
			const listed = await t.system.registry.execute('list_processes', params, ctx);
			expect(pids(listed)).toEqual(pids(indexed));
			expect(listed.meta).toEqual(indexed.meta);
		}
		const newest = await run('list_processes', { perPage: 3, page: 2, order: 'desc' });
		const pids = t.node.processes().map(String).reverse();
		expect(newest.data.map((p: { pid: string }) => p.pid)).toEqual(pids.slice(3, 6));
	});

	it('list_processes sorts by the figures, largest first by default', async () => {
		const deaf = deafProcess(3);
		const byQueue = await run('list_processes', { sort: 'messageQueueLen', perPage: 1 });
		expect(byQueue.meta.order).toBe('desc');
		expect(byQueue.data[0]).toMatchObject({ pid: String(deaf), messageQueueLen: 3 });
		const byMemory = await run('list_processes', { sort: 'memory', order: 'asc', perPage: 1000 });
		const memory = byMemory.data.map((p: { memory: number }) => p.memory);
		expect(memory).toEqual([...memory].sort((a, b) => a - b));
		const reductions = (
			await run('list_processes', { sort: 'reductions', perPage: 1000 })
		).data.map((p: { reductions: number }) => p.reductions);
		expect(reductions).toEqual([...reductions].sort((a, b) => b - a));
	});

	it('get_process_info answers the info, or the keys asked for', async () => {
		const pid = t.pidOf('Demo.Pipeline');
		const { data } = await run('get_process_info', { pid });
		expect(data).toMatchObject({
			pid,
			node: 'system@superlearner',
			system: false,
			name: 'Demo.Pipeline',
			behaviour: 'supervisor',
			module: 'Demo.Pipeline',
			trapExit: true,
			parent: t.pidOf('Demo.Supervisor')
		});
		expect(data.links).toHaveLength(4);
		const some = await run('get_process_info', { pid, keys: 'links,memory' });
		expect(Object.keys(some.data).sort()).toEqual(['links', 'memory', 'node', 'pid', 'system']);
		const system = await run('get_process_info', { pid: 'Arsenal.Registry', keys: ['module'] });
		expect(system.data).toMatchObject({ system: true, module: 'Arsenal.Registry' });
	});

	it('get_process_state reads a GenServer through :sys.get_status', async () => {
		await t.node.advance(3000);
		const { data } = await run('get_process_state', { pid: 'Demo.Consumer' });
		expect(data).toEqual({
			pid: t.pidOf('Demo.Consumer'),
			behaviour: 'gen_server',
			module: 'Demo.Consumer',
			state: { received: 3, sum: 1 + 4 + 9, last: 3, lastInfo: null }
		});
	});

	it("kill_process kills, and the child's supervisor restarts it", async () => {
		const old = t.pidOf('Demo.Counter');
		const { data } = await run('kill_process', { pid: old });
		expect(data).toEqual({
			pid: old,
			reason: 'kill',
			exited: true,
			exitReason: 'killed',
			node: 'system@superlearner'
		});
		await t.node.settle();
		expect(t.pidOf('Demo.Counter')).not.toBe(old);
		expect(t.system.restarts.restartsSince(0)).toBe(1);
	});

	it("kill_process follows OTP's rules for trapped and normal exits", async () => {
		const counter = t.pidOf('Demo.Counter');
		// Its helper process, which waited in vain for the DOWN, is gone too.
		await assertNoProcessLeaks(t.node, async () => {
			const normal = run('kill_process', { pid: counter, reason: 'normal', waitMs: 100 });
			await t.node.advance(100);
			expect((await normal).data).toMatchObject({ exited: false });
		});
		expect(t.pidOf('Demo.Counter')).toBe(counter);
		// Demo.Pipeline traps exits: 'shutdown' from outside (the node root, its parent's side) stops it.
		const { data } = await run('kill_process', { pid: 'Demo.Consumer', reason: 'shutdown' });
		expect(data).toMatchObject({ exited: true, exitReason: 'shutdown' });
	});

	it('send_message sends, casts and calls', async () => {
		expect(
			(await run('send_message', { pid: 'Demo.Counter', type: 'cast', message: 'increment' })).data
		).toEqual({
			pid: t.pidOf('Demo.Counter'),
			type: 'cast',
			delivered: true
		});
		const call = await run('send_message', {
			pid: 'Demo.Counter',
			type: 'call',
			message: ['add', 5]
		});
		expect(call.data.reply).toBe(6);
		await run('send_message', { pid: 'Demo.Consumer', message: { hello: ['world'] } });
		await t.node.settle();
		expect((await run('get_process_state', { pid: 'Demo.Consumer' })).data.state.lastInfo).toEqual({
			hello: ['world']
		});
	});

	it('inject_fault crashes, throws, drops and delays', async () => {
		const counter = t.pidOf('Demo.Counter');
		expect((await run('inject_fault', { pid: counter, kind: 'drop', count: 2 })).data).toEqual({
			pid: counter,
			fault: { kind: 'drop', count: 2 },
			armed: true
		});
		for (let i = 0; i < 3; i++)
			await run('send_message', { pid: counter, type: 'cast', message: 'increment' });
		expect(
			(await run('send_message', { pid: counter, type: 'call', message: 'get' })).data.reply
		).toBe(1);
		await run('inject_fault', { pid: counter, kind: 'delay', count: 1, ms: 500 });
		await run('send_message', { pid: counter, type: 'cast', message: 'increment' });
		expect((await run('get_process_state', { pid: counter })).data.state.count).toBe(1);
		await t.node.advance(500);
		expect((await run('get_process_state', { pid: counter })).data.state.count).toBe(2);
		await run('inject_fault', { pid: counter, kind: 'throw', reason: 'bad_math' });
		await run('send_message', { pid: counter, type: 'cast', message: 'increment' });
		await t.node.settle();
		expect(t.pidOf('Demo.Counter')).not.toBe(counter);
		const flaky = t.pidOf('Demo.Flaky');
		expect((await run('inject_fault', { pid: flaky, kind: 'crash' })).data.fault).toEqual({
			kind: 'crash',
			reason: 'injected_crash'
		});
		await t.node.settle();
		expect(t.pidOf('Demo.Flaky')).not.toBe(flaky);
		expect(t.system.restarts.recent().map((r) => [r.childId, r.reason])).toEqual([
			['Demo.Counter', 'bad_math'],
			['Demo.Flaky', 'injected_crash']
		]);
	});
});

describe('supervisors', () => {
	it('list_supervisors lists every supervisor with flags and counts', async () => {
		const { data, meta } = await run('list_supervisors');
		expect(
			data.map((s: { name: string; strategy: string; dynamic: boolean }) => [
				s.name,
				s.strategy,
				s.dynamic
			])
		).toEqual([
			['SuperLearner.Supervisor', 'one_for_one', false],
			['Demo.Supervisor', 'one_for_one', false],
			['Demo.Pipeline', 'rest_for_one', false],
			['Demo.CacheSupervisor', 'one_for_all', false],
			['Demo.Jobs', 'one_for_one', true]
		]);
		expect(meta).toEqual({ total: 5 });
		expect(data[4]).toMatchObject({
			intensity: 3,
			period: 5,
			maxChildren: 20,
			children: { specs: 3, active: 3 }
		});
		expect(data[0]).not.toHaveProperty('childList');
		const withChildren = await run('list_supervisors', { includeChildren: 'true' });
		expect(withChildren.data[2].childList.map((c: { id: string }) => c.id)).toEqual([
			'Demo.Producer',
			'Demo.Transformer',
			'Demo.Consumer'
		]);
	});

	it('get_supervisor shows children and the restarts inside the intensity window', async () => {
		const before = await run('get_supervisor', { pid: 'Demo.Pipeline' });
		expect(before.data).toMatchObject({
			name: 'Demo.Pipeline',
			strategy: 'rest_for_one',
			intensity: 5,
			period: 10,
			restarts: { inWindow: 0, times: [] }
		});
		expect(before.data.childList[1]).toEqual({
			id: 'Demo.Transformer',
			pid: t.pidOf('Demo.Transformer'),
			restart: 'permanent',
			shutdown: 5000,
			type: 'worker',
			modules: ['Demo.Transformer']
		});
		await t.node.advance(2000);
		await run('kill_process', { pid: 'Demo.Transformer' });
		await t.node.settle();
		const after = await run('get_supervisor', { pid: 'Demo.Pipeline' });
		expect(after.data.restarts).toEqual({
			inWindow: 1,
			intensity: 5,
			period: 10,
			times: [2000],
			now: 2000
		});
		// rest_for_one: the transformer and the consumer after it have new pids, the producer not.
		const pids = (d: { childList: Array<{ pid: string }> }) => d.childList.map((c) => c.pid);
		expect(pids(after.data)[0]).toBe(pids(before.data)[0]);
		expect(pids(after.data)[1]).not.toBe(pids(before.data)[1]);
		expect(pids(after.data)[2]).not.toBe(pids(before.data)[2]);
		await t.node.advance(10_000);
		expect((await run('get_supervisor', { pid: 'Demo.Pipeline' })).data.restarts.inWindow).toBe(0);
	});

	it('get_supervision_tree nests the subtree down to maxDepth', async () => {
		const { data } = await run('get_supervision_tree', { pid: 'Demo.Supervisor' });
		expect(data.children.map((c: { id: string }) => c.id)).toEqual([
			'Demo.Registry',
			'Demo.Counter',
			'Demo.Pipeline',
			'Demo.CacheSupervisor',
			'Demo.Jobs',
			'Demo.Flaky'
		]);
		expect(data.children[3]).toMatchObject({
			strategy: 'one_for_all',
			children: [{ id: 'Demo.Cache' }, { id: 'Demo.Janitor' }]
		});
		expect(data.children[4].children).toHaveLength(3);
		// Which supervisor is a DynamicSupervisor comes with the tree, not from a second read.
		expect(data).toMatchObject({ dynamic: false });
		expect(data.children[4]).toMatchObject({ id: 'Demo.Jobs', dynamic: true });
		expect(data.children[3]).toMatchObject({ dynamic: false });
		const shallow = await run('get_supervision_tree', { pid: 'Demo.Supervisor', maxDepth: 1 });
		expect(shallow.data.children[2]).not.toHaveProperty('children');
	});

	it('get_supervision_tree lists maxChildren children and counts the rest by module', async () => {
		const { data } = await run('get_supervision_tree', { pid: 'Demo.Supervisor', maxChildren: 5 });
		expect(data.children).toHaveLength(5);
		expect(data.omitted).toEqual({
			count: 1,
			notRunning: 0,
			modules: [{ module: 'Demo.Flaky', count: 1 }]
		});
		const jobs = data.children[4];
		expect(jobs.children).toHaveLength(3);
		expect(jobs).not.toHaveProperty('omitted');
		const pool = await run('get_supervision_tree', { pid: 'Demo.Jobs', maxChildren: 1 });
		expect(pool.data.children).toHaveLength(1);
		expect(pool.data.omitted).toEqual({
			count: 2,
			notRunning: 0,
			modules: [{ module: 'Demo.Job', count: 2 }]
		});
	});

	it('start_child starts a known module under a Supervisor and a DynamicSupervisor', async () => {
		const started = await run('start_child', {
			pid: 'Demo.Supervisor',
			module: 'Demo.Counter',
			id: 'counter-2',
			args: { initial: 10 }
		});
		expect(started.data).toMatchObject({
			supervisor: t.pidOf('Demo.Supervisor'),
			id: 'counter-2',
			module: 'Demo.Counter'
		});
		const reply = await run('send_message', {
			pid: started.data.pid,
			type: 'call',
			message: 'get'
		});
		expect(reply.data.reply).toBe(10);
		const job = await run('start_child', {
			pid: 'Demo.Jobs',
			module: 'Demo.Job',
			args: { name: 'delta', everyMs: 500 }
		});
		expect(job.data).not.toHaveProperty('id');
		await t.node.advance(1000);
		const cache = await run('get_process_state', { pid: 'Demo.Cache' });
		expect(cache.data.state.entries['job:delta'].value).toBe(2);
		const echo = await run('start_child', { pid: 'Demo.Jobs', module: 'Demo.Echo' });
		const answer = await run('send_message', {
			pid: echo.data.pid,
			type: 'call',
			message: ['echo', 1]
		});
		expect(answer.data.reply).toEqual(['echo', 1]);
	});

	it('terminate_child stops a child; with delete, forgets it; restart_child starts it again', async () => {
		const consumer = t.pidOf('Demo.Consumer');
		expect(
			(await run('terminate_child', { pid: 'Demo.Pipeline', id: 'Demo.Consumer' })).data
		).toEqual({
			supervisor: t.pidOf('Demo.Pipeline'),
			id: 'Demo.Consumer',
			terminated: true,
			deleted: false
		});
		expect(t.node.whereis('Demo.Consumer')).toBeUndefined();
		expect(t.node.processes().map(String)).not.toContain(consumer);
		const restarted = await run('restart_child', { pid: 'Demo.Pipeline', id: 'Demo.Consumer' });
		expect(restarted.data.pid).toBe(t.pidOf('Demo.Consumer'));
		await run('terminate_child', { pid: 'Demo.CacheSupervisor', id: 'Demo.Janitor', delete: true });
		const cache = await run('get_supervisor', { pid: 'Demo.CacheSupervisor' });
		expect(cache.data.childList.map((c: { id: string }) => c.id)).toEqual(['Demo.Cache']);
		const job = (await run('get_supervisor', { pid: 'Demo.Jobs' })).data.childList[0].pid as string;
		expect((await run('terminate_child', { pid: 'Demo.Jobs', id: job })).data).toMatchObject({
			id: job,
			deleted: true
		});
		expect((await run('get_supervisor', { pid: 'Demo.Jobs' })).data.children.specs).toBe(2);
	});

	it('list_modules lists what start_child can start, with the schema of the args', async () => {
		const { data } = await run('list_modules');
		expect(data.map((m: { name: string }) => m.name)).toEqual([
			'Demo.Counter',
			'Demo.Echo',
			'Demo.Job'
		]);
		expect(data[2].args).toMatchObject({ type: 'object', required: ['name'] });
	});
});

describe('system and arsenal', () => {
	it('node_health answers with the node and its uptime', async () => {
		await t.node.advance(1500);
		expect((await run('node_health')).data).toEqual({
			status: 'ok',
			node: 'system@superlearner',
			uptimeMs: 1500
		});
	});

	it('system_health counts processes, restarts in the last minute and queues', async () => {
		const { data } = await run('system_health');
		expect(data.processes).toBe(t.node.processes().length);
		expect(data).toMatchObject({ restartsLastMinute: 0, messageQueueTotal: 0 });
		const deaf = deafProcess(4);
		await run('kill_process', { pid: 'Demo.Flaky' });
		await t.node.settle();
		const after = await run('system_health');
		expect(after.data).toMatchObject({ restartsLastMinute: 1, messageQueueTotal: 4 });
		expect(after.data.nodes[0].longestQueue).toEqual({ pid: String(deaf), length: 4 });
		await t.node.advance(60_001);
		expect((await run('system_health')).data.restartsLastMinute).toBe(0);
	});

	it('list_reports answers the crash and supervisor reports of a killed process', async () => {
		const flaky = t.pidOf('Demo.Flaky');
		const sup = String(t.node.processInfo(t.node.whereis('Demo.Flaky')!)?.parent);
		await run('kill_process', { pid: flaky });
		await t.node.settle();
		const crash = await t.request('GET', `/api/v1/system/reports?pid=${flaky}&kind=crash`);
		expect(crash.status).toBe(200);
		expect(crash.body.data).toEqual([
			expect.objectContaining({
				kind: 'crash',
				node: 'system@superlearner',
				pid: flaky,
				name: 'Demo.Flaky',
				reason: 'killed',
				signalFrom: '<0.0.0>'
			})
		]);
		const bySup = await run('list_reports', { pid: sup, kind: 'supervisor' });
		expect(
			bySup.data.map((r: { errorContext: string; child: { pid: string } }) => [
				r.errorContext,
				r.child.pid
			])
		).toEqual([['child_terminated', flaky]]);
		const all = await run('list_reports', { node: 'system@superlearner' });
		// Flaky's timer was linked to it: it died of Flaky's exit signal, and says so.
		expect(
			all.data.map((r: { kind: string; signalFrom?: string }) => [r.kind, r.signalFrom])
		).toEqual([
			['crash', '<0.0.0>'],
			['crash', flaky],
			['supervisor', undefined]
		]);
		expect((await run('list_reports', { limit: 1 })).data).toEqual([all.data[2]]);
	});

	it('list_reports answers 404 for an unknown node and 422 for a bad pid or kind', async () => {
		const node = await t.request('GET', '/api/v1/system/reports?node=nowhere@nohost');
		expect(node.status).toBe(404);
		expect(node.body.error?.details).toEqual({ node: 'nowhere@nohost' });
		expect(node.body.error?.message).toContain('system@superlearner');
		const pid = await t.request('GET', '/api/v1/system/reports?pid=Demo.Flaky');
		expect(pid.status).toBe(422);
		expect(pid.body.error?.details.field).toBe('pid');
		const kind = await t.request('GET', '/api/v1/system/reports?kind=oops');
		expect(kind.status).toBe(422);
		expect(kind.body.error?.details.field).toBe('kind');
	});

	it('system_graph has links, monitors and supervision edges among the processes it lists', async () => {
		const { data, meta } = await run('system_graph');
		const pids = new Set(data.processes.map((p: { pid: string }) => p.pid));
		expect(meta).toEqual({ totalProcesses: pids.size, included: pids.size, truncated: false });
		expect(data.supervision).toContainEqual({
			supervisor: t.pidOf('Demo.Pipeline'),
			child: t.pidOf('Demo.Consumer'),
			id: 'Demo.Consumer'
		});
		expect(data.links).toContainEqual({ a: t.pidOf('Demo.Pipeline'), b: t.pidOf('Demo.Consumer') });
		for (const edge of [...data.links, ...data.supervision]) {
			for (const end of Object.values(edge).filter(
				(v) => typeof v === 'string' && v.startsWith('<')
			)) {
				expect(pids.has(end)).toBe(true);
			}
		}
		const small = await run('system_graph', { limit: 3 });
		expect(small.meta).toMatchObject({ included: 3, truncated: true });
	});

	it('list_operations describes every operation; get_api_docs is OpenAPI 3.1', async () => {
		const list = await run('list_operations');
		expect(list.data.map((o: { name: string }) => o.name)).toEqual(operations.map((o) => o.name));
		const system = await run('list_operations', { category: 'system' });
		expect(system.data.map((o: { name: string }) => o.name)).toEqual([
			'node_health',
			'system_health',
			'list_reports',
			'system_graph',
			'list_anomalies',
			'list_bottlenecks',
			'get_system_config',
			'update_system_config',
			'reset_system_config'
		]);
		expect(system.meta.categories.system).toBe(
			"The whole system: health figures, crash and supervisor reports, the process graph, the analyzer's findings and bottlenecks, and the system's settings."
		);
		const docs = await run('get_api_docs');
		expect(docs.data.openapi).toBe('3.1.0');
	});
});

describe('examples', () => {
	it('every example of every operation runs, in order, on a fresh system', async () => {
		const workers = inThreadWorkers();
		const fresh = await testSystem({ sandboxes: workers.options, settings: new SystemSettings() });
		try {
			for (const op of operations) {
				for (const example of op.examples) {
					const res = await fresh.system.execute(op.name, example.params).catch((e: unknown) => e);
					expect({ op: op.name, example: example.summary, res }).toMatchObject({
						res: { status: op.successStatus ?? 200 }
					});
					await fresh.node.settle();
				}
			}
		} finally {
			await fresh.system.shutdown();
			workers.closeAll();
		}
		// Sandboxes, cluster nodes and replays: seconds on a busy machine.
	}, 30_000);
});
