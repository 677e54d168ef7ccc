import { describe, expect, it } from 'vitest';
import { createNode, GenServer, Supervisor, type GenServerModule, type Pid } from '$lib/runtime';
import { RestartLog } from './restart_log';

const Worker: GenServerModule = { name: 'Worker', init: () => ['ok', null] };

describe('RestartLog', () => {
	it('counts the restarts since a time on the node clock, and forgets the oldest past capacity', async () => {
		const node = createNode({ clock: 'virtual' });
		const log = new RestartLog(node, 2);
		await Supervisor.start(
			node,
			{
				init: () => [
					'ok',
					{ strategy: 'one_for_one', intensity: 10, period: 1 },
					[GenServer.childSpec(Worker)]
				]
			},
			null,
			{ name: 'sup' }
		);
		const kill = async () => {
			const [child] = await Supervisor.whichChildren(node, 'sup');
			node.exit(child.pid as Pid, 'kill');
			await node.settle();
		};
		await kill();
		await node.advance(1000);
		await kill();
		await node.advance(1000);
		await kill();
		expect(log.restartsSince(0)).toBe(2);
		expect(log.restartsSince(1500)).toBe(1);
		expect(log.recent().map((r) => [r.childId, r.reason, r.at])).toEqual([
			['Worker', 'killed', 1000],
			['Worker', 'killed', 2000]
		]);
		log.stop();
		await kill();
		expect(log.recent()).toHaveLength(2);
	});
});
