// Behaviour tests for DynamicSupervisor, after RUNTIME_API.md and Elixir's DynamicSupervisor
// (OTP's simple_one_for_one: supervisor_SUITE's *_simple cases are named where they apply).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamicSupervisor, createNode, type ChildSpec, type Node, type Pid } from './index';
import { Journal, anyModules, inProcess, okPid, track } from '$lib/testing/runtime';

describe('DynamicSupervisor', () => {
	let node: Node;
	let j: Journal;

	beforeEach(() => {
		node = createNode({ clock: 'virtual' });
		j = new Journal(node);
	});
	afterEach(async () => {
		await node.shutdown();
	});

	async function startSup(opts?: Parameters<typeof DynamicSupervisor.start>[1]) {
		return j.name(okPid(await DynamicSupervisor.start(node, opts)), 'sup');
	}

	/** A notifier spec without its id, as dynamic children usually come. */
	function anonymous(id: string, opts?: Parameters<Journal['notifier']>[1]): Omit<ChildSpec, 'id'> {
		const { id: _id, ...spec } = j.notifier(id, opts);
		return spec;
	}

	async function crash(id: string) {
		node.send(j.pid(id), ['exit', 'died']);
		await node.settle();
	}

	// supervisor_SUITE:child_adm_simple
	it('starts children on demand and lists them without ids', async () => {
		const sup = await startSup();
		expect(node.processInfo(sup)?.behaviour).toBe('dynamic_supervisor');
		expect(await DynamicSupervisor.whichChildren(node, sup)).toEqual([]);
		const a = okPid(await DynamicSupervisor.startChild(node, sup, anonymous('a')));
		const b = okPid(await DynamicSupervisor.startChild(node, sup, j.notifier('b')));
		expect([a, b]).toEqual([j.pid('a'), j.pid('b')]);
		expect(node.processInfo(a)?.links).toContain(sup);
		const listed = await DynamicSupervisor.whichChildren(node, sup);
		expect(listed).toHaveLength(2);
		expect(listed).toEqual(
			expect.arrayContaining([
				{ id: undefined, pid: a, type: 'worker', modules: anyModules },
				{ id: undefined, pid: b, type: 'worker', modules: anyModules }
			])
		);
		expect(await DynamicSupervisor.countChildren(node, sup)).toEqual({
			specs: 2,
			active: 2,
			supervisors: 0,
			workers: 2
		});
	});

	it('counts supervisor children apart from workers', async () => {
		const sup = await startSup();
		okPid(await DynamicSupervisor.startChild(node, sup, anonymous('w')));
		okPid(await DynamicSupervisor.startChild(node, sup, anonymous('s', { type: 'supervisor' })));
		expect(await DynamicSupervisor.countChildren(node, sup)).toEqual({
			specs: 2,
			active: 2,
			supervisors: 1,
			workers: 1
		});
	});

	it('starts several children from the same spec', async () => {
		const sup = await startSup();
		const spec = anonymous('w');
		okPid(await DynamicSupervisor.startChild(node, sup, spec));
		okPid(await DynamicSupervisor.startChild(node, sup, spec));
		expect(j.pids('w')).toHaveLength(2);
		expect((await DynamicSupervisor.countChildren(node, sup)).active).toBe(2);
	});

	it('is reachable by name', async () => {
		const sup = await startSup({ name: 'dyn' });
		expect(node.whereis('dyn')).toBe(sup);
		const a = okPid(await DynamicSupervisor.startChild(node, 'dyn', anonymous('a')));
		expect((await DynamicSupervisor.whichChildren(node, 'dyn')).map((c) => c.pid)).toEqual([a]);
	});

	it('refuses children beyond maxChildren with [error, max_children]', async () => {
		const sup = await startSup({ maxChildren: 2 });
		const a = okPid(await DynamicSupervisor.startChild(node, sup, anonymous('a')));
		okPid(await DynamicSupervisor.startChild(node, sup, anonymous('b')));
		expect(await DynamicSupervisor.startChild(node, sup, anonymous('c'))).toEqual([
			'error',
			'max_children'
		]);
		expect(j.attempts.get('c')).toBeUndefined();
		expect(await DynamicSupervisor.terminateChild(node, sup, a)).toBe('ok');
		okPid(await DynamicSupervisor.startChild(node, sup, anonymous('c')));
	});

	// supervisor_SUITE:sup_start_ignore_permanent_child_start_child_simple
	it('gives ignore for a child whose start gives ignore, and keeps nothing', async () => {
		const sup = await startSup();
		expect(
			await DynamicSupervisor.startChild(node, sup, anonymous('a', { plan: () => 'ignore' }))
		).toBe('ignore');
		expect(await DynamicSupervisor.countChildren(node, sup)).toEqual({
			specs: 0,
			active: 0,
			supervisors: 0,
			workers: 0
		});
	});

	it('gives [error, reason] for a child whose start fails', async () => {
		const sup = await startSup();
		const failing = anonymous('a', { plan: () => ['error', 'nope'] });
		expect(await DynamicSupervisor.startChild(node, sup, failing)).toEqual(['error', 'nope']);
		expect(await DynamicSupervisor.whichChildren(node, sup)).toEqual([]);
		expect(node.isAlive(sup)).toBe(true);
	});

	// supervisor_SUITE:child_adm_simple (termination by pid)
	it('terminates a child by pid, and refuses a pid that is not its child', async () => {
		const sup = await startSup();
		const a = okPid(await DynamicSupervisor.startChild(node, sup, anonymous('a')));
		const b = okPid(await DynamicSupervisor.startChild(node, sup, anonymous('b')));
		expect(await DynamicSupervisor.terminateChild(node, sup, a)).toBe('ok');
		expect(j.exits).toEqual([['a', 'shutdown']]);
		expect((await DynamicSupervisor.whichChildren(node, sup)).map((c) => c.pid)).toEqual([b]);
		expect(await DynamicSupervisor.terminateChild(node, sup, a)).toEqual(['error', 'not_found']);
		const stranger = inProcess(node, (ctx) => ctx.receive({ match: (m) => m === 'go' }));
		expect(await DynamicSupervisor.terminateChild(node, sup, stranger.pid)).toEqual([
			'error',
			'not_found'
		]);
		expect(node.isAlive(stranger.pid)).toBe(true);
		node.send(stranger.pid, 'go');
		await stranger.result;
		expect(j.pids('a')).toHaveLength(1);
	});

	it('terminates a child that ignores shutdown after its shutdown timeout', async () => {
		const sup = await startSup();
		const spec = anonymous('stubborn', { shutdown: 300, onExitSignal: 'never' });
		const pid = okPid(await DynamicSupervisor.startChild(node, sup, spec));
		const done = track(DynamicSupervisor.terminateChild(node, sup, pid));
		await node.settle();
		await node.advance(299);
		expect(done.settled).toBe(false);
		await node.advance(1);
		expect(await done.promise).toBe('ok');
		expect(j.exits).toEqual([['stubborn', 'killed']]);
	});

	// supervisor_SUITE:simple_one_for_one
	it('restarts a crashed permanent child with a new pid, leaving the others', async () => {
		const sup = await startSup();
		const a1 = okPid(await DynamicSupervisor.startChild(node, sup, anonymous('a')));
		const b = okPid(await DynamicSupervisor.startChild(node, sup, anonymous('b')));
		await crash('a');
		const a2 = j.pid('a');
		expect(a2).not.toBe(a1);
		const pids = (await DynamicSupervisor.whichChildren(node, sup)).map((c) => c.pid);
		expect(pids).toHaveLength(2);
		expect(pids).toEqual(expect.arrayContaining([a2, b]));
		expect(j.restarts()).toEqual([
			expect.objectContaining({ supervisor: sup, oldPid: a1, newPid: a2, reason: 'died' })
		]);
	});

	it('forgets a transient child that exits normally and a temporary child that crashes', async () => {
		const sup = await startSup();
		okPid(await DynamicSupervisor.startChild(node, sup, anonymous('t', { restart: 'transient' })));
		okPid(
			await DynamicSupervisor.startChild(node, sup, anonymous('tmp', { restart: 'temporary' }))
		);
		node.send(j.pid('t'), 'stop');
		await crash('tmp');
		expect(j.starts.map(([id]) => id)).toEqual(['t', 'tmp']);
		expect(await DynamicSupervisor.whichChildren(node, sup)).toEqual([]);
		expect((await DynamicSupervisor.countChildren(node, sup)).specs).toBe(0);
	});

	// supervisor_SUITE:simple_one_for_one (restart frequency), with Elixir's defaults
	it('allows 3 restarts in 5 seconds by default, then stops its children and exits', async () => {
		const sup = await startSup();
		okPid(await DynamicSupervisor.startChild(node, sup, anonymous('a')));
		okPid(await DynamicSupervisor.startChild(node, sup, anonymous('b')));
		for (let i = 0; i < 3; i++) {
			await crash('a');
			await node.advance(1000);
		}
		expect(node.isAlive(sup)).toBe(true);
		expect(j.pids('a')).toHaveLength(4);
		await crash('a');
		expect(node.isAlive(sup)).toBe(false);
		expect(j.exits.slice(-2)).toEqual([
			['b', 'shutdown'],
			['sup', 'shutdown']
		]);
	});

	it('honours its intensity and period options', async () => {
		const sup = await startSup({ intensity: 1, period: 2 });
		okPid(await DynamicSupervisor.startChild(node, sup, anonymous('a')));
		await crash('a');
		await node.advance(2500);
		await crash('a');
		expect(node.isAlive(sup)).toBe(true);
		await crash('a');
		expect(node.isAlive(sup)).toBe(false);
	});

	it('stops all its children with shutdown when the node sends it shutdown', async () => {
		const sup = await startSup();
		okPid(await DynamicSupervisor.startChild(node, sup, anonymous('a')));
		okPid(await DynamicSupervisor.startChild(node, sup, anonymous('b', { onExitSignal: 100 })));
		node.exit(sup, 'shutdown');
		await node.settle();
		await node.advance(100);
		expect(j.exits).toHaveLength(3);
		expect(j.exits).toEqual(
			expect.arrayContaining([
				['a', 'shutdown'],
				['b', 'shutdown']
			])
		);
		expect(j.exits.at(-1)).toEqual(['sup', 'shutdown']);
	});

	// supervisor_SUITE:simple_one_for_one_shutdown: dynamic children stop side by side
	it('shuts its children down together, not one after another', async () => {
		const sup = await startSup();
		for (const id of ['a', 'b', 'c']) {
			const spec = anonymous(id, { shutdown: 1000, onExitSignal: 'never' });
			okPid(await DynamicSupervisor.startChild(node, sup, spec));
		}
		node.exit(sup, 'shutdown');
		await node.settle();
		await node.advance(999);
		expect(j.exits).toEqual([]);
		await node.advance(1);
		expect(j.exits).toHaveLength(4);
		expect(j.exits).toEqual(
			expect.arrayContaining([
				['a', 'killed'],
				['b', 'killed'],
				['c', 'killed']
			])
		);
		expect(j.exits.at(-1)).toEqual(['sup', 'shutdown']);
	});

	it('links to the caller of startLink', async () => {
		const { pid: parent, result } = inProcess(node, async (ctx) => {
			const sup: Pid = okPid(await DynamicSupervisor.startLink(ctx));
			await ctx.receive({ match: (m) => m === 'go' });
			return sup;
		});
		await node.settle();
		const [sup] = node.processInfo(parent)?.links ?? [];
		expect(node.processInfo(sup)?.behaviour).toBe('dynamic_supervisor');
		node.send(parent, 'go');
		expect(await result).toBe(sup);
	});
});
