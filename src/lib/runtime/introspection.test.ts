import { describe, expect, it } from 'vitest';
import {
	createNode,
	DynamicSupervisor,
	GenServer,
	Supervisor,
	type GenServerModule,
	type Pid
} from './index';
import { supervisorInfo } from './introspection';

const Worker: GenServerModule<null> = { name: 'Worker', init: () => ['ok', null] };

describe('supervisorInfo', () => {
	it('shows flags, children with their specs, and restarts inside the window', async () => {
		const node = createNode({ clock: 'virtual' });
		const [, sup] = (await Supervisor.start(node, {
			name: 'App',
			init: () => [
				'ok',
				{ strategy: 'rest_for_one', intensity: 3, period: 10 },
				[
					GenServer.childSpec(Worker, null, { id: 'a', restart: 'transient' }),
					GenServer.childSpec(Worker, null, { id: 'b', shutdown: 'brutal_kill' })
				]
			]
		})) as ['ok', Pid];
		const before = await supervisorInfo(node, sup);
		expect(before).toMatchObject({
			module: 'App',
			dynamic: false,
			strategy: 'rest_for_one',
			intensity: 3,
			period: 10,
			restartsInWindow: 0
		});
		expect(before.children.map((c) => [c.id, c.restart, c.shutdown, c.type])).toEqual([
			['a', 'transient', 5000, 'worker'],
			['b', 'permanent', 'brutal_kill', 'worker']
		]);
		node.exit(before.children[1].pid as Pid, 'kill');
		await node.settle();
		expect((await supervisorInfo(node, sup)).restartsInWindow).toBe(1);
		await node.advance(10_000);
		expect((await supervisorInfo(node, sup)).restartsInWindow).toBe(0);
	});

	it('describes a DynamicSupervisor as one_for_one with its limit', async () => {
		const node = createNode({ clock: 'virtual' });
		const [, pool] = (await DynamicSupervisor.start(node, { maxChildren: 4 })) as ['ok', Pid];
		await DynamicSupervisor.startChild(node, pool, GenServer.childSpec(Worker, null));
		const info = await supervisorInfo(node, pool);
		expect(info).toMatchObject({
			dynamic: true,
			strategy: 'one_for_one',
			intensity: 3,
			period: 5,
			maxChildren: 4
		});
		expect(info.children).toHaveLength(1);
		expect(info.children[0].id).toBeUndefined();
	});
});
