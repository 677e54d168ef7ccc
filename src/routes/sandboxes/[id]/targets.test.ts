import { describe, expect, it } from 'vitest';
import { SupervisionModel, type TreeSnapshot } from '$lib/observer/tree/supervision_model';
import { targetOf, targetOptions } from './targets';

/** App → counter, and workers (a supervisor) → pool (a DynamicSupervisor) → two children. */
function tree(): SupervisionModel {
	const snapshot: TreeSnapshot = {
		pid: '<3.1.0>',
		name: 'App',
		type: 'supervisor',
		strategy: 'one_for_one',
		children: [
			{ id: 'counter', pid: '<3.2.0>', module: 'Counter', type: 'worker' },
			{
				id: 'workers',
				pid: '<3.3.0>',
				type: 'supervisor',
				strategy: 'rest_for_one',
				children: [
					{
						id: 'pool',
						pid: '<3.4.0>',
						type: 'supervisor',
						dynamic: true,
						children: [
							{ pid: '<3.5.0>', name: 'worker_1', type: 'worker' },
							{ pid: '<3.6.0>', type: 'worker' }
						]
					},
					{ id: 'idle', pid: null, type: 'worker' }
				]
			}
		]
	};
	const model = new SupervisionModel();
	model.applySnapshot([snapshot]);
	return model;
}

const keyOf = (model: SupervisionModel, pid: string) => model.keyOfPid(pid)!;

describe('targetOf', () => {
	it('names a child by the path of child ids from the root, and the root by []', () => {
		const model = tree();
		expect(targetOf(model, keyOf(model, '<3.1.0>'))).toEqual({ path: [] });
		expect(targetOf(model, keyOf(model, '<3.2.0>'))).toEqual({ path: ['counter'] });
		expect(targetOf(model, keyOf(model, '<3.4.0>'))).toEqual({ path: ['workers', 'pool'] });
	});

	it("names a DynamicSupervisor's child by its registered name, else by its pid", () => {
		const model = tree();
		expect(targetOf(model, keyOf(model, '<3.5.0>'))).toEqual({ name: 'worker_1' });
		expect(targetOf(model, keyOf(model, '<3.6.0>'))).toEqual({ pid: '<3.6.0>' });
	});

	it('finds a stopped child by its path too, and nothing for an unknown key', () => {
		const model = tree();
		const idle = [...model.walk()].find((n) => n.id === 'idle')!;
		expect(targetOf(model, idle.key)).toEqual({ path: ['workers', 'idle'] });
		expect(targetOf(model, 'nowhere')).toBeNull();
	});
});

describe('targetOptions', () => {
	it('lists every node parents first, each labelled as a step names it', () => {
		expect(targetOptions(tree()).map((o) => o.label)).toEqual([
			'the root',
			'counter',
			'workers',
			'workers/pool',
			'worker_1',
			'<3.6.0>',
			'workers/idle'
		]);
	});

	it('gives each the pid a message goes to now, none for a stopped child', () => {
		const byLabel = new Map(targetOptions(tree()).map((o) => [o.label, o.pid]));
		expect(byLabel.get('counter')).toBe('<3.2.0>');
		expect(byLabel.get('workers/idle')).toBeNull();
	});
});
