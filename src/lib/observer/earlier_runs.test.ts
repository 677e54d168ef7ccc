import { afterEach, describe, expect, it } from 'vitest';
import { typedExecute } from '$lib/arsenal/client';
import { testSystem } from '$lib/testing/arsenal';
import { ArsenalClient } from './arsenal_client';
import { holderNow, SeenProcesses, type SeenProcess } from './earlier_runs';

const systems: Array<Awaited<ReturnType<typeof testSystem>>> = [];
afterEach(async () => {
	for (const t of systems.splice(0)) await t.system.shutdown();
});

/** A run of the runtime (the system node with the demo app), and a page's client of it. */
async function run() {
	const t = await testSystem();
	systems.push(t);
	const arsenal = new ArsenalClient(typedExecute((op, params) => t.system.execute(op, params)));
	return { ...t, arsenal };
}

/** localStorage's part the memory uses, over a Map. */
function memoryStorage() {
	const map = new Map<string, string>();
	return {
		map,
		getItem: (k: string) => map.get(k) ?? null,
		setItem: (k: string, v: string) => void map.set(k, v)
	};
}

const NODE = 'superlearner@localhost';

describe('SeenProcesses', () => {
	it('remembers the newest of each pid, and forgets the oldest past its capacity', () => {
		const seen = new SeenProcesses(memoryStorage(), 2);
		seen.remember({ pid: '<0.1.0>', node: NODE, name: 'a', seenAt: 1 });
		seen.remember({ pid: '<0.2.0>', node: NODE, name: 'b', seenAt: 2 });
		seen.remember({ pid: '<0.1.0>', node: NODE, name: 'a', seenAt: 3 });
		seen.remember({ pid: '<0.3.0>', node: NODE, name: 'c', seenAt: 4 });
		expect(seen.get('<0.2.0>')).toBeUndefined();
		expect(seen.get('<0.1.0>')?.seenAt).toBe(3);
		expect(seen.get('<0.3.0>')?.name).toBe('c');
	});

	it('reads nothing from a corrupt or missing storage, and does not throw', () => {
		const storage = memoryStorage();
		storage.map.set('superlearner:seen-processes', '{not json');
		expect(new SeenProcesses(storage).get('<0.1.0>')).toBeUndefined();
		storage.map.set('superlearner:seen-processes', JSON.stringify([{ pid: 1 }, 'x']));
		expect(new SeenProcesses(storage).get('<0.1.0>')).toBeUndefined();
		const none = new SeenProcesses(null);
		none.remember({ pid: '<0.1.0>', node: NODE, seenAt: 1 });
		expect(none.get('<0.1.0>')).toBeUndefined();
	});
});

describe('holderNow', () => {
	it('finds the process that holds the same name in the new run', async () => {
		const { arsenal, pidOf, node } = await run();
		const seen: SeenProcess = {
			pid: '<0.999.0>',
			node: node.name,
			name: 'Demo.Counter',
			seenAt: 1
		};
		expect(await holderNow(arsenal, seen)).toEqual({ pid: pidOf('Demo.Counter'), by: 'name' });
	});

	it('finds an unnamed process by its child id under a supervisor found by name or module', async () => {
		const { arsenal, pidOf, node } = await run();
		const byName: SeenProcess = {
			pid: '<0.999.0>',
			node: node.name,
			place: { supervisor: { pid: '<0.998.0>', name: 'Demo.Supervisor' }, childId: 'Demo.Counter' },
			seenAt: 1
		};
		expect(await holderNow(arsenal, byName)).toEqual({
			pid: pidOf('Demo.Counter'),
			by: 'child id',
			supervisor: pidOf('Demo.Supervisor'),
			childId: 'Demo.Counter'
		});
		const byModule: SeenProcess = {
			pid: '<0.997.0>',
			node: node.name,
			place: {
				supervisor: { pid: '<0.996.0>', module: 'Demo.CacheSupervisor' },
				childId: 'Demo.Cache'
			},
			seenAt: 1
		};
		expect(await holderNow(arsenal, byModule)).toMatchObject({
			pid: pidOf('Demo.Cache'),
			by: 'child id'
		});
	});

	it('points at the supervisor when the child is not there now, and at nothing on a node that is gone', async () => {
		const { arsenal, pidOf, node } = await run();
		const jobs = pidOf('Demo.Jobs');
		const started = {
			pid: '<0.999.0>',
			node: node.name,
			place: { supervisor: { pid: '<0.998.0>', name: 'Demo.Jobs' }, childId: 'job-7' },
			seenAt: 1
		};
		expect(await holderNow(arsenal, started)).toEqual({
			pid: jobs,
			by: 'supervisor',
			supervisor: jobs,
			childId: 'job-7'
		});
		const gone = { ...started, node: 'sandbox_gone@superlearner', name: 'Demo.Jobs' };
		expect(await holderNow(arsenal, gone)).toBeNull();
	});
});
