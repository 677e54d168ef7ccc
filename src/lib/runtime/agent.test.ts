// Behaviour tests for Agent (a process holding state), after RUNTIME_API.md and Elixir's Agent.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent, createNode, type Node } from './index';
import { expectCallExit, inProcess, okPid } from '$lib/testing/runtime';

describe('Agent', () => {
	let node: Node;

	beforeEach(() => {
		node = createNode({ clock: 'virtual' });
	});
	afterEach(async () => {
		await node.shutdown();
	});

	it('starts with the value of its init function', async () => {
		const pid = okPid(await Agent.start(node, () => ({ count: 0 })));
		expect(node.processInfo(pid)?.behaviour).toBe('agent');
		expect(await Agent.get(node, pid, (s) => s)).toEqual({ count: 0 });
	});

	it('updates its state in order and answers get with a function of it', async () => {
		const pid = okPid(await Agent.start(node, () => 1));
		expect(await Agent.update(node, pid, (n: number) => n + 1)).toBe('ok');
		expect(await Agent.update(node, pid, (n: number) => n * 10)).toBe('ok');
		expect(await Agent.get(node, pid, (n: number) => `n=${n}`)).toBe('n=20');
		expect(await Agent.get(node, pid, (n) => n)).toBe(20);
	});

	it('can be started and used from a process', async () => {
		const { result } = inProcess(node, async (ctx) => {
			const pid = okPid(await Agent.start(ctx, () => 'ready'));
			return { pid, value: await Agent.get(ctx, pid, (s) => s) };
		});
		const { pid, value } = await result;
		expect(value).toBe('ready');
		expect(node.isAlive(pid)).toBe(true);
	});

	it('is reachable by name and refuses a taken name', async () => {
		const pid = okPid(await Agent.start(node, () => [], { name: 'bucket' }));
		expect(node.whereis('bucket')).toBe(pid);
		await Agent.update(node, 'bucket', (xs: string[]) => [...xs, 'milk']);
		expect(await Agent.get(node, 'bucket', (xs) => xs)).toEqual(['milk']);
		expect(await Agent.start(node, () => [], { name: 'bucket' })).toEqual([
			'error',
			['already_started', pid]
		]);
	});

	it('crashes, and the caller gets its reason, when a get function throws', async () => {
		const thrown = new Error('bad fun');
		const pid = okPid(await Agent.start(node, () => 0));
		await expectCallExit(
			Agent.get(node, pid, () => {
				throw thrown;
			}),
			thrown,
			'exit'
		);
		await node.settle();
		expect(node.isAlive(pid)).toBe(false);
	});

	it('rejects get on a dead agent with CallExit noproc', async () => {
		const pid = okPid(await Agent.start(node, () => 0));
		node.exit(pid, 'kill');
		await node.settle();
		await expectCallExit(
			Agent.get(node, pid, (s) => s),
			'noproc',
			'noproc'
		);
	});
});
