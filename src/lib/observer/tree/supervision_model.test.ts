import { describe, expect, it } from 'vitest';
import { SupervisionModel, type TreeSnapshot } from './supervision_model';
import {
	buildView,
	diffView,
	groupKey,
	isEmptyDiff,
	navigate,
	search,
	type ViewOptions
} from './supervision_view';

const none: ViewOptions = { collapsed: new Set(), expandedGroups: new Set() };

function demo(pids: Partial<Record<string, string>> = {}): TreeSnapshot[] {
	const p = (id: string, fallback: string) => pids[id] ?? fallback;
	return [
		{
			pid: '<0.10.0>',
			name: 'Demo.Supervisor',
			type: 'supervisor',
			strategy: 'one_for_one',
			intensity: 10,
			period: 60,
			children: [
				{
					id: 'Demo.Counter',
					pid: p('counter', '<0.11.0>'),
					name: 'Demo.Counter',
					module: 'Demo.Counter',
					type: 'worker',
					restart: 'permanent'
				},
				{
					id: 'Demo.Pipeline',
					pid: p('pipeline', '<0.12.0>'),
					name: 'Demo.Pipeline',
					type: 'supervisor',
					restart: 'permanent',
					strategy: 'rest_for_one',
					children: [
						{ id: 'Demo.Producer', pid: p('producer', '<0.13.0>'), type: 'worker' },
						{
							id: 'Demo.Consumer',
							pid: p('consumer', '<0.14.0>'),
							type: 'worker',
							restart: 'transient'
						}
					]
				},
				{
					id: 'Demo.Jobs',
					pid: '<0.15.0>',
					name: 'Demo.Jobs',
					type: 'supervisor',
					dynamic: true,
					strategy: 'one_for_one',
					children: [
						{ pid: p('job1', '<0.16.0>'), type: 'worker', module: 'Demo.Job' },
						{ pid: '<0.17.0>', type: 'worker', module: 'Demo.Job' }
					]
				}
			]
		}
	];
}

const exit = (pid: string, reason = 'killed') => ({ type: 'exit' as const, pid, reason, at: 1 });
const restart = (supervisor: string, childId: string, oldPid: string, newPid: string) => ({
	type: 'restart' as const,
	supervisor,
	childId,
	oldPid,
	newPid,
	reason: 'killed',
	at: 2
});

describe('SupervisionModel', () => {
	it('keys nodes by their place in the tree', () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		expect([...model.walk()].map((n) => n.key)).toEqual([
			'Demo.Supervisor',
			'Demo.Supervisor/Demo.Counter',
			'Demo.Supervisor/Demo.Pipeline',
			'Demo.Supervisor/Demo.Pipeline/Demo.Producer',
			'Demo.Supervisor/Demo.Pipeline/Demo.Consumer',
			'Demo.Supervisor/Demo.Jobs',
			'Demo.Supervisor/Demo.Jobs/<0.16.0>',
			'Demo.Supervisor/Demo.Jobs/<0.17.0>'
		]);
		expect(model.keyOfPid('<0.13.0>')).toBe('Demo.Supervisor/Demo.Pipeline/Demo.Producer');
	});

	it('marks a node down on its exit and moves it to the new pid on its restart', () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		const key = 'Demo.Supervisor/Demo.Counter';
		expect(model.applyEvents([exit('<0.11.0>')])).toEqual({ changed: true, stale: false });
		expect(model.get(key)).toMatchObject({ status: 'down', exitReason: 'killed' });
		model.applyEvents([restart('<0.10.0>', 'Demo.Counter', '<0.11.0>', '<0.20.0>')]);
		expect(model.get(key)).toMatchObject({ status: 'running', pid: '<0.20.0>', restarts: 1 });
		expect(model.keyOfPid('<0.20.0>')).toBe(key);
		expect(model.keyOfPid('<0.11.0>')).toBeUndefined();
	});

	it('does not bring back a pid the trace saw exit when an older snapshot arrives', () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		model.applyEvents([exit('<0.14.0>', 'boom')]);
		model.applySnapshot(demo());
		expect(model.get('Demo.Supervisor/Demo.Pipeline/Demo.Consumer')).toMatchObject({
			status: 'down',
			exitReason: 'boom'
		});
	});

	it("keeps a DynamicSupervisor child's key across its restarts", () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		const key = 'Demo.Supervisor/Demo.Jobs/<0.16.0>';
		model.applyEvents([restart('<0.15.0>', 'job:alpha', '<0.16.0>', '<0.30.0>')]);
		expect(model.get(key)).toMatchObject({ pid: '<0.30.0>', restarts: 1 });
		model.applySnapshot(demo({ job1: '<0.30.0>' }));
		expect(model.keyOfPid('<0.30.0>')).toBe(key);
		expect(model.get(key)?.restarts).toBe(1);
	});

	it('asks for a fresh read when a supervisor starts a child or is restarted', () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		expect(
			model.applyEvents([{ type: 'spawn', pid: '<0.40.0>', parent: '<0.15.0>', at: 3 }]).stale
		).toBe(true);
		model.reading();
		expect(
			model.applyEvents([{ type: 'spawn', pid: '<0.41.0>', parent: '<0.11.0>', at: 3 }]).stale
		).toBe(false);
		expect(
			model.applyEvents([restart('<0.10.0>', 'Demo.Pipeline', '<0.12.0>', '<0.50.0>')]).stale
		).toBe(true);
	});

	it('stays stale until a read starts', () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		model.missed();
		expect(model.applyEvents([exit('<0.99.0>')]).stale).toBe(true);
		model.reading();
		expect(model.stale).toBe(false);
	});

	it('needs no read for a child that a restart places, even one batch after its spawn', () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		const key = 'Demo.Supervisor/Demo.Counter';
		const spawned = model.applyEvents([
			exit('<0.11.0>'),
			{ type: 'spawn', pid: '<0.20.0>', parent: '<0.10.0>', at: 2 }
		]);
		expect(spawned.stale).toBe(true);
		const placed = model.applyEvents([restart('<0.10.0>', 'Demo.Counter', '<0.11.0>', '<0.20.0>')]);
		expect(placed.stale).toBe(false);
		expect(model.get(key)).toMatchObject({ pid: '<0.20.0>', status: 'running' });
	});

	it('needs no read for a child that started and exited unseen', () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		model.applyEvents([{ type: 'spawn', pid: '<0.40.0>', parent: '<0.15.0>', at: 3 }]);
		expect(model.applyEvents([exit('<0.40.0>')]).stale).toBe(false);
	});

	it('counts the restarts a coalesced restart event stands for', () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		model.applyEvents([
			{ ...restart('<0.10.0>', 'Demo.Counter', '<0.11.0>', '<0.90.0>'), count: 40 }
		]);
		expect(model.get('Demo.Supervisor/Demo.Counter')).toMatchObject({
			pid: '<0.90.0>',
			restarts: 40
		});
	});

	it("shows terminate_child's answer at once: stopped, deleted, or gone from a pool", () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		const counter = 'Demo.Supervisor/Demo.Counter';
		expect(model.childTerminated('<0.10.0>', 'Demo.Counter', false)).toBe(true);
		expect(model.get(counter)).toMatchObject({ pid: null, status: 'stopped' });
		// The trace's exit of the old pid, a batch later, does not make it "down".
		expect(model.applyEvents([exit('<0.11.0>', 'shutdown')]).changed).toBe(false);
		expect(model.get(counter)?.status).toBe('stopped');

		expect(model.childTerminated('<0.10.0>', 'Demo.Pipeline', true)).toBe(true);
		expect(model.get('Demo.Supervisor/Demo.Pipeline')).toBeUndefined();
		expect(model.get('Demo.Supervisor/Demo.Pipeline/Demo.Producer')).toBeUndefined();
		expect(model.keyOfPid('<0.13.0>')).toBeUndefined();
		expect(model.get('Demo.Supervisor')?.children).not.toContain('Demo.Supervisor/Demo.Pipeline');

		const jobs = 'Demo.Supervisor/Demo.Jobs';
		const job = model.keyOfPid('<0.16.0>')!;
		expect(model.childTerminated('<0.15.0>', '<0.16.0>', true)).toBe(true);
		expect(model.get(job)).toBeUndefined();
		expect(model.get(jobs)?.children).toHaveLength(1);
		// A snapshot read before the terminate does not bring the stopped child back to life.
		model.applySnapshot(demo());
		expect(model.get(counter)?.status).toBe('down');

		expect(model.childTerminated('<0.10.0>', 'nothing', false)).toBe(false);
		expect(model.childTerminated('<9.9.9>', 'Demo.Counter', false)).toBe(false);
	});

	it('ignores events about processes outside the tree', () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		const before = model.version;
		expect(model.applyEvents([exit('<0.99.0>')])).toEqual({ changed: false, stale: false });
		expect(model.version).toBe(before);
	});
});

describe('buildView', () => {
	it('lays the tree out from left to right, parents centred on their children', () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		const { nodes, edges } = buildView(model, none);
		const at = (key: string) => nodes.find((n) => n.key === key)!;
		const pipeline = at('Demo.Supervisor/Demo.Pipeline');
		const producer = at('Demo.Supervisor/Demo.Pipeline/Demo.Producer');
		const consumer = at('Demo.Supervisor/Demo.Pipeline/Demo.Consumer');
		expect(producer.x).toBeGreaterThan(pipeline.x);
		expect(pipeline.y).toBe((producer.y + consumer.y) / 2);
		expect(new Set(nodes.map((n) => `${n.x},${n.y}`)).size).toBe(nodes.length);
		expect(edges).toHaveLength(nodes.length - 1);
		expect(at('Demo.Supervisor')).toMatchObject({ detail: 'one_for_one · <0.10.0>' });
		expect(consumer).toMatchObject({ label: 'Demo.Consumer', detail: '<0.14.0> · transient' });
	});

	it('hides a collapsed subtree and counts what it hides', () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		const view = buildView(model, {
			...none,
			collapsed: new Set(['Demo.Supervisor/Demo.Pipeline'])
		});
		expect(view.nodes.map((n) => n.key)).not.toContain(
			'Demo.Supervisor/Demo.Pipeline/Demo.Producer'
		);
		expect(view.nodes.find((n) => n.key === 'Demo.Supervisor/Demo.Pipeline')).toMatchObject({
			collapsed: true,
			hidden: 2
		});
	});

	it("folds a large DynamicSupervisor's children into a group, unless expanded", () => {
		const model = new SupervisionModel();
		const children: TreeSnapshot[] = Array.from({ length: 500 }, (_, i) => ({
			pid: `<0.${100 + i}.0>`,
			type: 'worker',
			module: 'Demo.Job'
		}));
		model.applySnapshot([
			{ pid: '<0.1.0>', name: 'Pool', type: 'supervisor', dynamic: true, children }
		]);
		const view = buildView(model, none);
		expect(view.nodes).toHaveLength(1 + 10 + 1);
		expect(view.nodes.at(-1)).toMatchObject({
			key: groupKey('Pool'),
			kind: 'group',
			label: '+490 more',
			detail: 'Demo.Job ×490'
		});
		expect(buildView(model, { ...none, expandedGroups: new Set(['Pool']) }).nodes).toHaveLength(
			501
		);
	});

	it('names a DynamicSupervisor dynamic, on its line and in a storm, never one_for_one', () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		const jobs = (opts: ViewOptions) =>
			buildView(model, opts).nodes.find((n) => n.key === 'Demo.Supervisor/Demo.Jobs');
		expect(jobs(none)).toMatchObject({ strategy: 'dynamic', detail: 'dynamic · <0.15.0>' });
		expect(jobs({ ...none, storming: new Set(['Demo.Supervisor/Demo.Jobs']) })?.detail).toBe(
			'dynamic · restarting fast'
		);
	});

	it('counts the children a read left out in the group, folded or not', () => {
		const model = new SupervisionModel();
		const children: TreeSnapshot[] = Array.from({ length: 200 }, (_, i) => ({
			pid: `<1.${100 + i}.0>`,
			type: 'worker',
			module: 'Load.Idle'
		}));
		const omitted = {
			count: 9_797,
			notRunning: 3,
			modules: [{ module: 'Load.Idle', count: 9_797 }]
		};
		model.applySnapshot([
			{ pid: '<1.1.0>', name: 'Pool', type: 'supervisor', dynamic: true, children, omitted }
		]);
		const folded = buildView(model, none);
		expect(folded.nodes).toHaveLength(1 + 10 + 1);
		expect(folded.nodes[0]).toMatchObject({ key: 'Pool', hidden: 9_987 });
		expect(folded.nodes.at(-1)).toMatchObject({
			kind: 'group',
			label: '+9,987 more',
			detail: 'Load.Idle ×9,987 · 3 down',
			collapsed: true
		});
		const unfolded = buildView(model, { ...none, expandedGroups: new Set(['Pool']) });
		expect(unfolded.nodes).toHaveLength(1 + 200 + 1);
		expect(unfolded.nodes.at(-1)).toMatchObject({
			key: groupKey('Pool'),
			label: '+9,797 more',
			detail: 'Load.Idle ×9,797 · 3 down · not drawn',
			collapsed: false
		});
		const collapsed = buildView(model, { ...none, collapsed: new Set(['Pool']) });
		expect(collapsed.nodes).toEqual([expect.objectContaining({ key: 'Pool', hidden: 9_997 })]);
	});

	it("shows a plain supervisor's children left out by the read as a group of their own", () => {
		const model = new SupervisionModel();
		const children: TreeSnapshot[] = Array.from({ length: 3 }, (_, i) => ({
			id: `w${i}`,
			pid: `<1.${10 + i}.0>`,
			type: 'worker',
			module: 'W'
		}));
		const omitted = {
			count: 500,
			notRunning: 0,
			modules: [
				{ module: 'W', count: 400 },
				{ module: 'V', count: 50 }
			]
		};
		model.applySnapshot([{ pid: '<1.1.0>', name: 'Big', type: 'supervisor', children, omitted }]);
		const view = buildView(model, none);
		expect(view.nodes.map((n) => n.kind)).toEqual([
			'supervisor',
			'worker',
			'worker',
			'worker',
			'group'
		]);
		expect(view.nodes.at(-1)).toMatchObject({
			label: '+500 more',
			detail: '2+ modules · not drawn',
			expandable: false
		});
	});
});

describe('diffView', () => {
	it('restyles only the node whose pid changed when a worker restarts', () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		const before = buildView(model, none);
		model.applyEvents([restart('<0.10.0>', 'Demo.Counter', '<0.11.0>', '<0.20.0>')]);
		const diff = diffView(before, buildView(model, none));
		expect(diff.changed.map((n) => n.key)).toEqual(['Demo.Supervisor/Demo.Counter']);
		expect(diff.restarted).toEqual(['Demo.Supervisor/Demo.Counter']);
		expect(diff.added.length + diff.removed.length + diff.moved.length).toBe(0);
	});

	it('sees a crash as one changed node', () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		const before = buildView(model, none);
		model.applyEvents([exit('<0.13.0>')]);
		const diff = diffView(before, buildView(model, none));
		expect(diff.changed.map((n) => n.key)).toEqual(['Demo.Supervisor/Demo.Pipeline/Demo.Producer']);
		expect(diff.crashed).toEqual(['Demo.Supervisor/Demo.Pipeline/Demo.Producer']);
	});

	it('is empty for an identical snapshot and adds what a new child brings', () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		const before = buildView(model, none);
		model.applySnapshot(demo());
		expect(isEmptyDiff(diffView(before, buildView(model, none)))).toBe(true);
		const bigger = demo();
		bigger[0].children![2].children!.push({ pid: '<0.60.0>', type: 'worker', module: 'Demo.Job' });
		model.applySnapshot(bigger);
		const diff = diffView(before, buildView(model, none));
		expect(diff.added.map((n) => n.key)).toEqual(['Demo.Supervisor/Demo.Jobs/<0.60.0>']);
		expect(diff.addedEdges).toHaveLength(1);
		expect(diff.changed).toEqual([]);
		expect(diff.moved.length).toBeGreaterThan(0);
	});
});

describe('navigate', () => {
	const model = new SupervisionModel();
	model.applySnapshot(demo());
	const view = buildView(model, none);

	it('moves like a tree view: down, up, into children, back to the parent', () => {
		expect(navigate(view, null, 'ArrowDown')).toEqual({ focus: 'Demo.Supervisor' });
		expect(navigate(view, 'Demo.Supervisor', 'ArrowDown')).toEqual({
			focus: 'Demo.Supervisor/Demo.Counter'
		});
		expect(navigate(view, 'Demo.Supervisor/Demo.Pipeline', 'ArrowRight')).toEqual({
			focus: 'Demo.Supervisor/Demo.Pipeline/Demo.Producer'
		});
		expect(navigate(view, 'Demo.Supervisor/Demo.Pipeline/Demo.Producer', 'ArrowLeft')).toEqual({
			focus: 'Demo.Supervisor/Demo.Pipeline'
		});
		expect(navigate(view, 'Demo.Supervisor/Demo.Pipeline', 'ArrowLeft')).toEqual({
			toggle: 'Demo.Supervisor/Demo.Pipeline'
		});
		expect(navigate(view, 'Demo.Supervisor', 'End')).toEqual({
			focus: 'Demo.Supervisor/Demo.Jobs/<0.17.0>'
		});
		expect(navigate(view, 'Demo.Supervisor', 'ArrowUp')).toBeNull();
	});

	it('opens a collapsed node with the right arrow', () => {
		const collapsed = buildView(model, {
			...none,
			collapsed: new Set(['Demo.Supervisor/Demo.Pipeline'])
		});
		expect(navigate(collapsed, 'Demo.Supervisor/Demo.Pipeline', 'ArrowRight')).toEqual({
			toggle: 'Demo.Supervisor/Demo.Pipeline'
		});
	});
});

describe('search', () => {
	it('finds by name, id, module or pid, cycling through matches, and says what to open', () => {
		const model = new SupervisionModel();
		model.applySnapshot(demo());
		const opts = { ...none, collapsed: new Set(['Demo.Supervisor/Demo.Pipeline']) };
		expect(search(model, 'producer', opts)).toEqual({
			key: 'Demo.Supervisor/Demo.Pipeline/Demo.Producer',
			expand: ['Demo.Supervisor/Demo.Pipeline'],
			expandGroup: null
		});
		expect(search(model, '<0.17.0>', opts)?.key).toBe('Demo.Supervisor/Demo.Jobs/<0.17.0>');
		const first = search(model, 'demo.job', opts)!.key;
		const second = search(model, 'demo.job', opts, first)!.key;
		expect(second).not.toBe(first);
		expect(search(model, 'nothing-like-it', opts)).toBeNull();
	});

	it('opens the group that folds a match', () => {
		const model = new SupervisionModel();
		const children: TreeSnapshot[] = Array.from({ length: 40 }, (_, i) => ({
			pid: `<0.${100 + i}.0>`,
			type: 'worker'
		}));
		model.applySnapshot([
			{ pid: '<0.1.0>', name: 'Pool', type: 'supervisor', dynamic: true, children }
		]);
		expect(search(model, '<0.135.0>', none)).toMatchObject({ expandGroup: 'Pool' });
		expect(search(model, '<0.101.0>', none)).toMatchObject({ expandGroup: null });
	});
});
