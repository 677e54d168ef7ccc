import { describe, expect, it } from 'vitest';
import { createNode } from '../index';

describe('ProcessTable (through a node)', () => {
	it('keeps spawn order and finds processes by number after many have come and gone', async () => {
		const node = createNode({ clock: 'virtual' });
		for (let i = 0; i < 5000; i++) node.spawn(() => undefined);
		const keep = node.spawn((ctx) => ctx.receive());
		for (let i = 0; i < 3000; i++) node.spawn(() => undefined);
		const last = node.spawn((ctx) => ctx.receive());
		await node.settle();
		expect(node.processes()).toEqual([keep, last]);
		expect(node.isAlive(keep)).toBe(true);
		node.exit(keep, 'kill');
		expect(node.processes()).toEqual([last]);
		const next = node.spawn((ctx) => ctx.receive());
		await node.settle();
		expect(node.processes()).toEqual([last, next]);
		expect(String(next)).toBe('<0.8003.0>');
	});
});
