import { beforeEach, describe, expect, it } from 'vitest';
import { injectFault } from './faults';
import { createNode, GenServer, type Node, type Pid } from './index';
import { counter, okPid } from '$lib/testing/runtime';

describe('injectFault', () => {
	let node: Node;
	let pid: Pid;
	beforeEach(async () => {
		node = createNode({ clock: 'virtual' });
		pid = okPid(await GenServer.start(node, counter));
	});

	it('drops the next N messages', async () => {
		expect(injectFault(node, pid, { kind: 'drop', count: 2 })).toBe(true);
		for (let i = 0; i < 5; i++) node.cast(pid, 'inc');
		expect(await node.call(pid, 'get')).toBe(3);
	});

	it('delays the next N messages by ms on the node clock', async () => {
		injectFault(node, pid, { kind: 'delay', count: 1, ms: 100 });
		node.cast(pid, 'inc');
		node.cast(pid, 'inc');
		await node.settle();
		expect(await GenServer.getState(node, pid)).toBe(1);
		await node.advance(100);
		expect(await GenServer.getState(node, pid)).toBe(2);
	});

	it('makes the next callback throw, which stops the server with that reason', async () => {
		const exits: unknown[] = [];
		node.onTrace((e) => e.type === 'exit' && e.pid === pid && exits.push(e.reason));
		injectFault(node, pid, { kind: 'throw', reason: 'injected' });
		node.cast(pid, 'inc');
		await node.settle();
		expect(exits).toEqual(['injected']);
	});

	it('crashes a process at once, and answers false for a dead pid', async () => {
		expect(injectFault(node, pid, { kind: 'crash', reason: 'boom' })).toBe(true);
		await node.settle();
		expect(node.isAlive(pid)).toBe(false);
		expect(injectFault(node, pid, { kind: 'drop', count: 1 })).toBe(false);
	});
});
