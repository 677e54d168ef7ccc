import { describe, expect, it } from 'vitest';
import { typedExecute } from '$lib/arsenal/client';
import { ArsenalClient } from '$lib/observer/arsenal_client';
import { readForest } from './forest';
import type { EventBatch, ObserverEvent } from '$lib/stream/events';
import { SupervisionState } from './supervision.svelte';
import { virtualTimers } from '$lib/testing/timers';
import { groupKey } from './supervision_view';

const summary = (pid: string, name: string, extra: object = {}) => ({
	pid,
	node: 'system@superlearner',
	name,
	dynamic: false,
	strategy: 'one_for_one',
	intensity: 3,
	period: 5,
	children: { specs: 0, active: 0, supervisors: 0, workers: 0 },
	restartsInWindow: 0,
	system: false,
	...extra
});

const jobs = Array.from({ length: 30 }, (_, i) => ({
	pid: `<0.${100 + i}.0>`,
	type: 'worker',
	module: 'Demo.Job'
}));

function fakeArsenal() {
	const calls: string[] = [];
	const answers: Record<string, (params: Record<string, unknown>) => unknown> = {
		list_supervisors: () => [
			summary('<0.3.0>', 'SuperLearner.Supervisor', {
				system: true,
				childList: [{ id: 'x', pid: '<0.4.0>' }]
			}),
			summary('<0.10.0>', 'Demo.Supervisor', {
				intensity: 10,
				period: 60,
				childList: [{ id: 'Demo.Jobs', pid: '<0.12.0>' }]
			}),
			summary('<0.12.0>', 'Demo.Jobs', { dynamic: true })
		],
		get_supervision_tree: ({ pid }) =>
			pid === '<0.10.0>'
				? {
						pid: '<0.10.0>',
						name: 'Demo.Supervisor',
						type: 'supervisor',
						strategy: 'one_for_one',
						children: [
							{ id: 'Demo.Counter', pid: '<0.11.0>', type: 'worker', restart: 'permanent' },
							{
								id: 'Demo.Jobs',
								pid: '<0.12.0>',
								name: 'Demo.Jobs',
								type: 'supervisor',
								strategy: 'one_for_one',
								children: jobs
							}
						]
					}
				: {
						pid: '<0.3.0>',
						name: 'SuperLearner.Supervisor',
						type: 'supervisor',
						strategy: 'one_for_one',
						children: [{ id: 'x', pid: '<0.4.0>', type: 'worker' }]
					}
	};
	const arsenal = new ArsenalClient(
		typedExecute((operation, params = {}) => {
			calls.push(operation);
			return Promise.resolve({ data: answers[operation](params as Record<string, unknown>) });
		})
	);
	return { arsenal, calls };
}

/** Demo.Counter restarted by Demo.Supervisor, from `oldPid` to `newPid`. */
const restartOf = (oldPid: string, newPid: string): ObserverEvent => ({
	type: 'restart',
	supervisor: '<0.10.0>',
	childId: 'Demo.Counter',
	oldPid,
	newPid,
	reason: 'boom',
	at: 0
});

/** A frame's batch in which `pid` (Demo.Counter's, at first) exits. */
const stormBatch = (pid: string, seq: number): EventBatch => ({
	seq,
	node: 'n',
	now: seq,
	sent: 0,
	received: 0,
	dropped: 0,
	events: [{ type: 'exit', pid, reason: 'boom', at: seq }]
});

describe('readForest', () => {
	it("reads each root's tree once, the learner's first, with the supervisors' flags", async () => {
		const { arsenal, calls } = fakeArsenal();
		const forest = await readForest(arsenal);
		expect(forest.map((t) => t.name)).toEqual(['Demo.Supervisor', 'SuperLearner.Supervisor']);
		expect(calls.filter((c) => c === 'get_supervision_tree')).toHaveLength(2);
		expect(forest[0]).toMatchObject({ intensity: 10, period: 60, system: false });
		expect(forest[0].children![1]).toMatchObject({ dynamic: true, intensity: 3 });
		expect(forest[1].system).toBe(true);
	});
});

describe('SupervisionState', () => {
	it('draws what it read, folding a large pool, and unfolds it on request', async () => {
		const { arsenal } = fakeArsenal();
		const state = new SupervisionState();
		await state.read(arsenal);
		expect(state.status).toBe('ready');
		const pool = 'Demo.Supervisor/Demo.Jobs';
		expect(state.view.nodes.some((n) => n.key === groupKey(pool))).toBe(true);
		state.toggle(groupKey(pool));
		expect(state.view.nodes.filter((n) => n.parent === pool)).toHaveLength(30);
		state.toggle(pool);
		expect(state.view.nodes.some((n) => n.key === groupKey(pool))).toBe(true);
		state.toggle(pool);
		expect(state.view.nodes.filter((n) => n.parent === pool)).toHaveLength(0);
	});

	it('finds a folded child and opens what hides it', async () => {
		const { arsenal } = fakeArsenal();
		const state = new SupervisionState();
		await state.read(arsenal);
		state.collapseAll();
		expect(state.view.nodes.map((n) => n.key)).toEqual([
			'Demo.Supervisor',
			'Demo.Supervisor/Demo.Counter',
			'Demo.Supervisor/Demo.Jobs',
			'SuperLearner.Supervisor',
			'SuperLearner.Supervisor/x'
		]);
		const key = state.find('<0.125.0>', null);
		expect(key).toBe('Demo.Supervisor/Demo.Jobs/<0.125.0>');
		expect(state.view.nodes.map((n) => n.key)).toContain(key);
	});

	it('recolours on an exit and asks for a read when a supervisor starts a child', async () => {
		const { arsenal } = fakeArsenal();
		const state = new SupervisionState();
		await state.read(arsenal);
		const batch = (events: object[]) => ({
			seq: 1,
			node: 'n',
			now: 0,
			sent: 0,
			received: 0,
			dropped: 0,
			events: events as never
		});
		expect(state.apply([batch([{ type: 'exit', pid: '<0.11.0>', reason: 'killed', at: 1 }])])).toBe(
			false
		);
		expect(state.view.nodes.find((n) => n.pid === '<0.11.0>')?.status).toBe('down');
		expect(
			state.apply([batch([{ type: 'spawn', pid: '<0.200.0>', parent: '<0.12.0>', at: 2 }])])
		).toBe(true);
	});

	it('shows a child restarting too fast to read as restarting, until its storm is over', async () => {
		const { clock, advance } = virtualTimers();
		const { arsenal } = fakeArsenal();
		const state = new SupervisionState(readForest, { clock, redrawGapMs: 100 });
		await state.read(arsenal);
		const counter = () => state.view.nodes.find((n) => n.key === 'Demo.Supervisor/Demo.Counter')!;
		let pid = 11;
		for (let frame = 0; frame < 30; frame++) {
			const events = Array.from({ length: 3 }, () => restartOf(`<0.${pid}.0>`, `<0.${++pid}.0>`));
			state.apply([{ ...stormBatch('<0.1.0>', frame), events }]);
			advance(16);
		}
		expect(counter()).toMatchObject({
			status: 'restarting',
			detail: 'restarting fast · permanent'
		});
		advance(1_200); // the last paced redraw, then the check a second later
		expect(counter()).toMatchObject({ status: 'running', detail: `<0.${pid}.0> · permanent` });
	});
});
