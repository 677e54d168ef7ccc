// Behaviour tests for Registry (unique keys, after Elixir's Registry with keys: :unique) and its
// via names, after RUNTIME_API.md.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	Agent,
	BadargError,
	DynamicSupervisor,
	GenServer,
	Registry,
	Supervisor,
	createNode,
	type GenServerModule,
	type Node,
	type Pid,
	type ProcessContext
} from './index';
import { castAndSync } from '$lib/supertester';
import { expectCallExit, inProcess, okPid, supervisorOf } from '$lib/testing/runtime';

const echo: GenServerModule<unknown> = {
	name: 'echo',
	init: () => ['ok', null],
	handleCall: (req, _from, state, ctx) => ['reply', [ctx.self, req], state],
	handleCast: (msg) => ['noreply', msg]
};

describe('Registry', () => {
	let node: Node;
	let reg: Pid;

	beforeEach(async () => {
		node = createNode({ clock: 'virtual' });
		reg = okPid(await Registry.start(node, { name: 'reg' }));
	});
	afterEach(async () => {
		await node.shutdown();
	});

	/** A process that runs `setup`, then waits for 'go' and exits normally. */
	function holder(setup: (ctx: ProcessContext) => unknown) {
		const inbox: unknown[] = [];
		const { pid, result } = inProcess(node, async (ctx) => {
			const registered = setup(ctx);
			for (;;) {
				const m = await ctx.receive();
				if (m === 'go') return registered;
				inbox.push(m);
			}
		});
		return { pid, result, inbox };
	}

	it('starts under its name', () => {
		expect(node.whereis('reg')).toBe(reg);
		expect(node.processInfo(reg)?.behaviour).toBe('registry');
	});

	it('registers a key for the calling process and looks it up', async () => {
		const h = holder((ctx) => Registry.register(ctx, 'reg', 'alice', { role: 'admin' }));
		await node.settle();
		expect(Registry.lookup(node, 'reg', 'alice')).toEqual([[h.pid, { role: 'admin' }]]);
		expect(Registry.lookup(node, 'reg', 'bob')).toEqual([]);
		node.send(h.pid, 'go');
		expect(await h.result).toEqual(['ok', reg]);
	});

	it('answers a context the runtime did not hand out with a badarg', () => {
		const notAProcess = node as unknown as ProcessContext;
		expect(() => Registry.register(notAProcess, 'reg', 'k')).toThrow(BadargError);
		expect(Registry.lookup(node, 'reg', 'k')).toEqual([]);
	});

	it('refuses a key held by another process with [error, [already_registered, pid]]', async () => {
		const first = holder((ctx) => Registry.register(ctx, 'reg', 'k', 1));
		await node.settle();
		const second = holder((ctx) => Registry.register(ctx, 'reg', 'k', 2));
		await node.settle();
		node.send(second.pid, 'go');
		expect(await second.result).toEqual(['error', ['already_registered', first.pid]]);
		expect(Registry.lookup(node, 'reg', 'k')).toEqual([[first.pid, 1]]);
	});

	it('refuses a key the calling process already holds', async () => {
		const h = holder((ctx) => [
			Registry.register(ctx, 'reg', 'k'),
			Registry.register(ctx, 'reg', 'k')
		]);
		await node.settle();
		node.send(h.pid, 'go');
		expect(await h.result).toEqual([
			['ok', reg],
			['error', ['already_registered', h.pid]]
		]);
	});

	it('removes the entries of a process when it exits', async () => {
		const h = holder((ctx) => {
			Registry.register(ctx, 'reg', 'a');
			Registry.register(ctx, 'reg', 'b');
		});
		await node.settle();
		expect(Registry.lookup(node, 'reg', 'a').map(([p]) => p)).toEqual([h.pid]);
		expect(Registry.lookup(node, 'reg', 'b').map(([p]) => p)).toEqual([h.pid]);
		node.exit(h.pid, 'kill');
		await node.settle();
		expect(Registry.lookup(node, 'reg', 'a')).toEqual([]);
		expect(Registry.lookup(node, 'reg', 'b')).toEqual([]);
		const again = holder((ctx) => Registry.register(ctx, 'reg', 'a'));
		await node.settle();
		node.send(again.pid, 'go');
		expect(await again.result).toEqual(['ok', reg]);
	});

	it('unregisters a key', async () => {
		const h = holder((ctx) => {
			Registry.register(ctx, 'reg', 'a');
			Registry.unregister(ctx, 'reg', 'a');
		});
		await node.settle();
		expect(Registry.lookup(node, 'reg', 'a')).toEqual([]);
		expect(node.isAlive(h.pid)).toBe(true);
	});

	describe('via names', () => {
		it('delivers messages sent to a via name', async () => {
			const h = holder((ctx) => Registry.register(ctx, 'reg', 'inbox'));
			await node.settle();
			node.send(Registry.via('reg', 'inbox'), 'hello');
			const { result } = inProcess(node, (ctx) => ctx.send(Registry.via('reg', 'inbox'), 'hi'));
			await result;
			await node.settle();
			expect(h.inbox).toEqual(['hello', 'hi']);
		});

		it('names supervisors and agents too', async () => {
			const supName = Registry.via('reg', 'sup');
			const sup = okPid(
				await Supervisor.start(node, supervisorOf({ strategy: 'one_for_one' }, []), undefined, {
					name: supName
				})
			);
			expect(await Supervisor.whichChildren(node, supName)).toEqual([]);
			const dynName = Registry.via('reg', 'dyn');
			const dyn = okPid(await DynamicSupervisor.start(node, { name: dynName }));
			expect(await DynamicSupervisor.countChildren(node, dynName)).toMatchObject({ active: 0 });
			const agentName = Registry.via('reg', 'agent');
			const agent = okPid(await Agent.start(node, () => 'state', { name: agentName }));
			expect(await Agent.get(node, agentName, (s) => s)).toBe('state');
			expect(
				['sup', 'dyn', 'agent'].map((key) => Registry.lookup(node, 'reg', key).map(([p]) => p))
			).toEqual([[sup], [dyn], [agent]]);
		});

		it('follows a supervised server through its restarts', async () => {
			const name = Registry.via('reg', 'worker');
			const sup = okPid(
				await Supervisor.start(
					node,
					supervisorOf({ strategy: 'one_for_one', intensity: 5 }, [
						{ id: 'worker', start: (ctx) => GenServer.startLink(ctx, echo, undefined, { name }) }
					])
				)
			);
			for (let i = 0; i < 3; i++) {
				const [[pid]] = Registry.lookup(node, 'reg', 'worker');
				expect(await GenServer.call(node, name, i)).toEqual([pid, i]);
				node.exit(pid, 'kill');
				await node.settle();
				const [[next]] = Registry.lookup(node, 'reg', 'worker');
				expect(next).not.toBe(pid);
				expect(node.isAlive(next)).toBe(true);
			}
			expect(node.isAlive(sup)).toBe(true);
		});

		it('throws BadargError when sending to a via name nobody holds', () => {
			expect(() => node.send(Registry.via('reg', 'nobody'), 'hello')).toThrow(BadargError);
		});

		it('names a GenServer, reaches it by call and cast, and frees the name when it stops', async () => {
			const name = Registry.via('reg', 'echo');
			const pid = okPid(await GenServer.start(node, echo, undefined, { name }));
			expect(Registry.lookup(node, 'reg', 'echo').map(([p]) => p)).toEqual([pid]);
			expect(await GenServer.call(node, name, 'ping')).toEqual([pid, 'ping']);
			expect(await node.call(name, 'pong')).toEqual([pid, 'pong']);
			expect(await castAndSync(node, name, 'cast via name')).toBe('cast via name');
			await GenServer.stop(node, pid);
			await node.settle();
			expect(Registry.lookup(node, 'reg', 'echo')).toEqual([]);
			await expectCallExit(GenServer.call(node, name, 'ping'), 'noproc', 'noproc');
			const again = okPid(await GenServer.start(node, echo, undefined, { name }));
			expect(again).not.toBe(pid);
		});
	});
});
