// Behaviour tests for Task (async/await), after RUNTIME_API.md and Elixir's Task.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GenServer, Task, createNode, type Node, type Pid, type TaskRef } from './index';
import { Journal, expectCallExit, inProcess, okPid } from '$lib/testing/runtime';

describe('Task', () => {
	let node: Node;
	let j: Journal;
	/** A server that never answers: a task calling it is slow in the node's own time. */
	let tarpit: Pid;

	beforeEach(async () => {
		node = createNode({ clock: 'virtual' });
		j = new Journal(node);
		tarpit = okPid(
			await GenServer.start(node, {
				init: () => ['ok', null],
				handleCall: (_req, _from, state) => ['noreply', state]
			})
		);
	});
	afterEach(async () => {
		await node.shutdown();
	});

	it('runs the function in a process linked to the caller and awaits its result', async () => {
		const { pid: caller, result } = inProcess(node, async (ctx) => {
			const t = Task.async(ctx, () => 6 * 7);
			const links = node.processInfo(ctx.self)?.links ?? [];
			return { t, linked: links.includes(t.pid), value: await Task.await(ctx, t) };
		});
		const { t, linked, value } = await result;
		expect(value).toBe(42);
		expect(linked).toBe(true);
		expect(t.pid).not.toBe(caller);
		expect(node.isAlive(t.pid)).toBe(false);
	});

	it('awaits asynchronous functions, in any order', async () => {
		const { result } = inProcess(node, async (ctx) => {
			const slow = Task.async(ctx, async () => {
				for (let i = 0; i < 10; i++) await Promise.resolve();
				return 'slow';
			});
			const fast = Task.async(ctx, () => 'fast');
			return [await Task.await(ctx, slow), await Task.await(ctx, fast)];
		});
		expect(await result).toEqual(['slow', 'fast']);
	});

	it('gives the result of a task that finished before it was awaited', async () => {
		let t: TaskRef | undefined;
		const { pid, result } = inProcess(node, async (ctx) => {
			t = Task.async(ctx, () => 'done');
			await ctx.receive({ match: (m) => m === 'go' });
			return Task.await(ctx, t);
		});
		await node.settle();
		expect(node.isAlive(t!.pid)).toBe(false);
		node.send(pid, 'go');
		expect(await result).toBe('done');
	});

	it('rejects with CallExit timeout past the timeout and kills the task', async () => {
		let t: TaskRef | undefined;
		const { result } = inProcess(node, async (ctx) => {
			t = Task.async(ctx, () => node.call(tarpit, 'hang', 'infinity'));
			return Task.await(ctx, t, 100);
		});
		const rejected = expectCallExit(result, 'timeout', 'timeout');
		await node.settle();
		j.name(t!.pid, 'task');
		expect(node.processInfo(t!.pid)?.behaviour).toBe('task');
		await node.advance(99);
		expect(node.isAlive(t!.pid)).toBe(true);
		await node.advance(1);
		await rejected;
		expect(node.isAlive(t!.pid)).toBe(false);
		expect(j.exits).toEqual([['task', 'killed']]);
	});

	it('waits 5000 ms by default', async () => {
		let t: TaskRef | undefined;
		const { result } = inProcess(node, async (ctx) => {
			t = Task.async(ctx, () => node.call(tarpit, 'hang', 'infinity'));
			return Task.await(ctx, t);
		});
		const rejected = expectCallExit(result, 'timeout', 'timeout');
		await node.settle();
		await node.advance(4999);
		expect(node.isAlive(t!.pid)).toBe(true);
		await node.advance(1);
		await rejected;
	});

	it('times out a task that awaits a promise the runtime does not know about', async () => {
		// A task blocked on a foreign promise (fetch, a user's own promise) is not runnable, so
		// settle() and advance() must not wait for it; if they do, this test times out.
		let t: TaskRef | undefined;
		const { result } = inProcess(node, async (ctx) => {
			t = Task.async(ctx, () => new Promise(() => undefined));
			return Task.await(ctx, t, 100);
		});
		const rejected = expectCallExit(result, 'timeout', 'timeout');
		await node.settle();
		await node.advance(100);
		await rejected;
		expect(node.isAlive(t!.pid)).toBe(false);
	});

	it('dies with its caller, being linked to it', async () => {
		let t: TaskRef | undefined;
		const caller = node.spawn(async (ctx) => {
			t = Task.async(ctx, () => node.call(tarpit, 'hang', 'infinity'));
			await ctx.receive({ match: () => false });
		});
		await node.settle();
		j.name(t!.pid, 'task');
		node.exit(caller, 'gone');
		await node.settle();
		expect(j.exits).toEqual([['task', 'gone']]);
	});

	it('crashes the caller when the task crashes, with the same reason', async () => {
		const thrown = new Error('task failed');
		const caller = node.spawn(async (ctx) => {
			const t = Task.async(ctx, () => {
				throw thrown;
			});
			await Task.await(ctx, t);
		});
		j.name(caller, 'caller');
		await node.settle();
		expect(node.isAlive(caller)).toBe(false);
		expect(j.exits).toEqual([['caller', thrown]]);
	});
});
