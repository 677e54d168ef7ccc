import { describe, expect, it } from 'vitest';
import { createNode, type Pid } from '$lib/runtime';
import { ProcessIndex } from './process_index';

describe('ProcessIndex', () => {
	it('holds the live pids in spawn order, as node.processes() lists them', async () => {
		const node = createNode({ clock: 'virtual' });
		const early = node.spawn((ctx) => ctx.receive());
		const index = new ProcessIndex(node);
		const pids: Pid[] = [];
		for (let i = 0; i < 5; i++) pids.push(node.spawn((ctx) => ctx.receive()));
		node.exit(pids[1], 'kill');
		node.spawn(() => undefined); // exits at once
		await node.settle();
		expect([...index.live]).toEqual(node.processes());
		expect([...index.live]).toEqual([early, pids[0], pids[2], pids[3], pids[4]]);
		index.stop();
		node.spawn((ctx) => ctx.receive());
		expect(index.live.size).toBe(5);
	});
});
