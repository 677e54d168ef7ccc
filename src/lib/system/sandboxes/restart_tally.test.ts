import { describe, expect, it } from 'vitest';
import { RestartTally } from './restart_tally';

describe('RestartTally', () => {
	it('counts the restarts since a time, to the slice', () => {
		const tally = new RestartTally({ sliceMs: 100 });
		tally.add(50);
		tally.add(1_000);
		tally.add(1_020, 3);
		tally.add(2_500);
		expect(tally.since(0)).toBe(6);
		expect(tally.since(1_000)).toBe(5);
		expect(tally.since(1_050)).toBe(5); // the slice 1,000–1,099 counts whole
		expect(tally.since(1_100)).toBe(1);
		expect(tally.since(3_000)).toBe(0);
	});

	it('forgets slices older than its window', () => {
		const tally = new RestartTally({ sliceMs: 100, keepMs: 60_000 });
		tally.add(0, 10);
		tally.add(30_000, 2);
		tally.add(61_000, 1);
		expect(tally.since(0)).toBe(3);
	});

	it('keeps a storm of restarts in a bounded number of slices', () => {
		const tally = new RestartTally({ sliceMs: 100, keepMs: 60_000 });
		for (let at = 0; at < 120_000; at += 0.125) tally.add(at); // 8,000 a second for 2 minutes
		expect(tally.since(120_000 - 60_000)).toBe(480_000);
	});
});
