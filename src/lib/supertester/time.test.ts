import { afterEach, describe, expect, it } from 'vitest';
import { createNode, type Node } from '$lib/runtime';
import { passTime, tryAdvance } from './time';

describe('time', () => {
	const nodes: Node[] = [];
	const node = (clock: 'virtual' | 'real') => {
		const n = createNode({ clock });
		nodes.push(n);
		return n;
	};
	afterEach(async () => {
		for (const n of nodes.splice(0)) await n.shutdown();
	});

	/** A process that records the node time of each of its wake-ups, every `ms`. */
	function ticker(n: Node, ms: number): number[] {
		const ticks: number[] = [];
		n.spawn(async (ctx) => {
			for (;;) {
				await ctx.sleep(ms);
				ticks.push(ctx.node.now());
			}
		});
		return ticks;
	}

	it('tryAdvance moves a virtual clock, firing what falls due on the way', async () => {
		const virtual = node('virtual');
		const ticks = ticker(virtual, 40);
		expect(await tryAdvance(virtual, 100)).toBe(true);
		expect(virtual.now()).toBe(100);
		expect(ticks).toEqual([40, 80]);
	});

	it('tryAdvance leaves a real clock alone and says so', async () => {
		const real = node('real');
		const ticks = ticker(real, 60_000);
		const before = real.now();
		expect(await tryAdvance(real, 60_000)).toBe(false);
		expect(real.now() - before).toBeLessThan(60_000);
		expect(ticks).toEqual([]);
	});

	it('passTime advances a virtual clock, and waits on a real one without advancing it', async () => {
		const virtual = node('virtual');
		await passTime(virtual, 250);
		expect(virtual.now()).toBe(250);
		const real = node('real');
		const ticks = ticker(real, 10);
		const before = real.now();
		await passTime(real, 30);
		expect(real.now() - before).toBeGreaterThanOrEqual(30);
		expect(ticks.length).toBeGreaterThanOrEqual(1);
	});
});
