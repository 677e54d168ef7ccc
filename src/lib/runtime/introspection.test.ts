import { describe, expect, it } from 'vitest';
import {
	createNode,
	DynamicSupervisor,
	GenServer,
	Supervisor,
	type DownMessage,
	type GenServerModule,
	type Pid
} from './index';
import { queuedMessages, supervisorInfo } from './introspection';

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

describe('queuedMessages', () => {
	it('copies the oldest messages of a mailbox, envelopes as the Erlang terms they stand for', async () => {
		const node = createNode({ clock: 'virtual' });
		const [, server] = (await GenServer.start(node, {
			name: 'Adder',
			init: () => ['ok', 0],
			handleCall: (_req, _from, n: number) => ['reply', n, n],
			handleCast: (_msg, n: number) => ['noreply', n + 1]
		})) as ['ok', Pid];
		await GenServer.suspend(node, server);
		const call = node.call(server, ['add', 5], 'infinity');
		await node.settle();
		GenServer.cast(node, server, 'increment');
		node.send(server, { plain: [1, 2] });
		const [genCall, ...rest] = queuedMessages(server, 100)!;
		expect(genCall).toEqual(['$gen_call', [expect.anything(), expect.anything()], ['add', 5]]);
		const [, [caller, tag]] = genCall as [string, [Pid, unknown]];
		expect(String(tag)).toMatch(/^#Ref</);
		expect(node.isAlive(caller)).toBe(true);
		expect(rest).toEqual([['$gen_cast', 'increment'], { plain: [1, 2] }]);
		expect(queuedMessages(server, 2)).toHaveLength(2);
		await GenServer.resume(node, server);
		await expect(call).resolves.toBe(0);
		expect(queuedMessages(server, 100)).toEqual([]);
	});

	it("keeps a monitor's DOWN as sent, and answers nothing for a process that is gone", async () => {
		const node = createNode({ clock: 'virtual' });
		const gone = node.spawn(() => undefined);
		await node.settle();
		const watcher = node.spawn(async (ctx) => {
			ctx.monitor(gone);
			await ctx.receive({ match: () => false });
		});
		await node.settle();
		const [down] = queuedMessages(watcher, 100) as [DownMessage];
		expect(down).toMatchObject({ kind: 'DOWN', pid: gone, reason: 'noproc' });
		expect(queuedMessages(gone, 100)).toBeUndefined();
	});

	it('shows a system request waiting behind a busy callback as {system, From, Request}', async () => {
		const node = createNode({ clock: 'virtual' });
		const [, server] = (await GenServer.start(node, {
			name: 'Slow',
			init: () => ['ok', null],
			handleCast: async (_msg, s, ctx) => {
				await ctx.sleep(1000);
				return ['noreply', s];
			}
		})) as ['ok', Pid];
		GenServer.cast(node, server, 'work');
		const state = GenServer.getState(node, server);
		await node.settle();
		expect(queuedMessages(server, 100)).toEqual([
			['system', [expect.anything(), expect.anything()], 'get_state']
		]);
		await node.advance(1000);
		await expect(state).resolves.toBeNull();
	});
});
