import { describe, expect, it } from 'vitest';
import {
	createNode,
	DynamicSupervisor,
	GenServer,
	Registry,
	Supervisor,
	type Node,
	type Pid,
	type TraceEvent
} from '$lib/runtime';
import {
	assertChildCount,
	assertRestartStrategy,
	assertSupervisionTreeStructure
} from '$lib/supertester';
import { DEMO_REGISTRY, startDemoApp, type DemoOptions } from './demo_app';

async function demo(opts: DemoOptions = {}) {
	const node = createNode({ clock: 'virtual' });
	const restarts: Array<Extract<TraceEvent, { type: 'restart' }>> = [];
	node.onTrace((e) => e.type === 'restart' && restarts.push(e));
	const app = await startDemoApp(node, { crashes: false, ...opts });
	const pid = (name: string) => node.whereis(name) as Pid;
	return { node, app, restarts, pid };
}

const state = <S>(node: Node, name: string) => GenServer.getState<S>(node, name);

describe('startDemoApp', () => {
	it('starts a tree with every strategy, a pool and a registry', async () => {
		const { node, app, pid } = await demo();
		expect(app.supervisor).toBe(pid('Demo.Supervisor'));
		await assertSupervisionTreeStructure(node, 'Demo.Supervisor', {
			strategy: 'one_for_one',
			children: [
				{ id: 'Demo.Registry', type: 'worker' },
				{ id: 'Demo.Counter', type: 'worker' },
				{
					id: 'Demo.Pipeline',
					strategy: 'rest_for_one',
					children: [{ id: 'Demo.Producer' }, { id: 'Demo.Transformer' }, { id: 'Demo.Consumer' }]
				},
				{
					id: 'Demo.CacheSupervisor',
					strategy: 'one_for_all',
					children: [{ id: 'Demo.Cache' }, { id: 'Demo.Janitor' }]
				},
				{ id: 'Demo.Jobs', strategy: 'one_for_one' },
				{ id: 'Demo.Flaky', type: 'worker' }
			]
		});
		await assertChildCount(node, 'Demo.Jobs', 3);
		expect(Registry.lookup(node, DEMO_REGISTRY, 'alpha')).toHaveLength(1);
		expect(node.processInfo(pid('Demo.Registry'))?.links).toContain(pid('Demo.Supervisor'));
	});

	it('moves events through the pipeline, one a second', async () => {
		const { node } = await demo();
		await node.advance(3000);
		expect(await state(node, 'Demo.Producer')).toMatchObject({ sent: 3 });
		expect(await state(node, 'Demo.Transformer')).toEqual({ handled: 3 });
		expect(await state(node, 'Demo.Consumer')).toMatchObject({ received: 3, sum: 14, last: 3 });
	});

	it('restarts the rest of the pipeline after the transformer, as rest_for_one does', async () => {
		const { node } = await demo();
		await assertRestartStrategy(node, 'Demo.Pipeline', 'rest_for_one', {
			kill: 'Demo.Transformer'
		});
		await node.advance(1000);
		expect(await state(node, 'Demo.Consumer')).toMatchObject({ received: 1 });
	});

	it('lets the pool jobs write to the cache, which the janitor sweeps', async () => {
		const { node } = await demo();
		await node.advance(6000);
		const cache = await state<{ entries: Record<string, { value: number }> }>(node, 'Demo.Cache');
		expect(Object.keys(cache.entries).sort()).toEqual(['job:alpha', 'job:beta', 'job:gamma']);
		expect(cache.entries['job:alpha'].value).toBe(3);
		expect(await state(node, 'Demo.Janitor')).toEqual({ sweeps: 1 });
		const job = Registry.lookup(node, DEMO_REGISTRY, 'gamma')[0][0];
		await DynamicSupervisor.terminateChild(node, 'Demo.Jobs', job);
		await node.advance(40_000);
		const later = await state<{ entries: object; evicted: number }>(node, 'Demo.Cache');
		expect(Object.keys(later.entries).sort()).toEqual(['job:alpha', 'job:beta']);
		expect(later.evicted).toBe(1);
	});

	it('restarts both cache processes together, as one_for_all does', async () => {
		const { node } = await demo();
		await assertRestartStrategy(node, 'Demo.CacheSupervisor', 'one_for_all', {
			kill: 'Demo.Janitor'
		});
	});

	it('crashes Demo.Flaky within 20–40 s while crashes are on, and its supervisor restarts it', async () => {
		const { node, restarts, pid } = await demo({ crashes: true });
		const first = pid('Demo.Flaky');
		await node.advance(19_000);
		expect(restarts).toEqual([]);
		await node.advance(21_000);
		expect(restarts.map((r) => [r.childId, r.reason])).toEqual([['Demo.Flaky', 'chaos_monkey']]);
		expect(restarts[0].oldPid).toBe(first);
		expect(pid('Demo.Flaky')).not.toBe(first);
	});

	it('stops crashing when asked, across restarts', async () => {
		const { node, restarts, app } = await demo({ crashes: true });
		expect(await node.call('Demo.Flaky', ['set_crashes', false])).toEqual({ crashes: false });
		expect(app.settings.crashes).toBe(false);
		node.exit(node.whereis('Demo.Flaky') as Pid, 'kill');
		await node.advance(120_000);
		expect(restarts.map((r) => r.reason)).toEqual(['killed']);
		expect(await node.call('Demo.Flaky', 'status')).toEqual({
			crashes: false,
			nextCrashInMs: null
		});
	});

	it('does not leave timer processes behind when their owner stops normally', async () => {
		const { node } = await demo();
		const before = node.processes().length;
		await Supervisor.terminateChild(node, 'Demo.CacheSupervisor', 'Demo.Janitor');
		await node.advance(5000);
		expect(node.processes().length).toBe(before - 2);
	});
});
