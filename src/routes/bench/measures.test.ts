import { describe, expect, it } from 'vitest';
import { percentile, timeCalls } from './measures';

describe('percentile', () => {
	it('takes the nearest rank', () => {
		const samples = Array.from({ length: 100 }, (_, i) => i + 1);
		expect(percentile(samples, 50)).toBe(50);
		expect(percentile(samples, 95)).toBe(95);
		expect(percentile([7], 95)).toBe(7);
		expect(() => percentile([], 50)).toThrow(RangeError);
	});
});

describe('timeCalls', () => {
	it('times n calls after the warm-up, ascending', async () => {
		let calls = 0;
		const samples = await timeCalls(5, () => Promise.resolve(calls++), 3);
		expect(calls).toBe(8);
		expect(samples).toHaveLength(5);
		expect(samples).toEqual([...samples].sort((a, b) => a - b));
	});
});
