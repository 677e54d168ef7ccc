import { describe, expect, it } from 'vitest';
import { createNode, type Pid } from '$lib/runtime';
import { ProcessIndex } from '$lib/stream/process_index';
import { ProcessMemory } from './process_memory';

describe('ProcessMemory', () => {
	it('finds a process whose mailbox floods, and keeps re-reading it first', async () => {
		const node = createNode({ clock: 'virtual' });
		const index = new ProcessIndex(node);
		const idle: Pid[] = [];
		for (let i = 0; i < 1000; i++) idle.push(node.spawn(async (ctx) => void (await ctx.receive())));
		const memory = new ProcessMemory(node, index.live);
		const first = memory.sample(100);
		const target = idle[500];
		for (let i = 0; i < 50_000; i++) node.send(target, { payload: 'x'.repeat(100), i });
		// Everyone gets a turn within a few samples; the flooded one stays on top after.
		let sample = memory.sample(100);
		for (let i = 0; i < 10 && sample.largest?.pid !== String(target); i++)
			sample = memory.sample(100);
		expect(sample.largest?.pid).toBe(String(target));
		expect(sample.total).toBeGreaterThan(first.total + 50_000 * 200);
		for (let i = 0; i < 50_000; i++) node.send(target, { payload: 'y'.repeat(100), i });
		expect(memory.sample(100).largest?.bytes).toBeGreaterThan(100_000 * 200);
		index.stop();
		await node.shutdown();
	});

	it('forgets processes that exited', async () => {
		const node = createNode({ clock: 'virtual' });
		const index = new ProcessIndex(node);
		const pid = node.spawn(async (ctx) => void (await ctx.receive()));
		const memory = new ProcessMemory(node, index.live);
		expect(memory.sample().largest?.pid).toBe(String(pid));
		node.exit(pid, 'kill');
		await node.settle();
		expect(memory.sample()).toEqual({ total: 0 });
		index.stop();
		await node.shutdown();
	});
});
