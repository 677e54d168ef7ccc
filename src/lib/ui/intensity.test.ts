import { describe, expect, it } from 'vitest';
import { describeWindow, windowAt } from './intensity';

describe('windowAt', () => {
	const w = { intensity: 3, period: 5, times: [1000, 3000, 5500] };

	it('counts the restarts inside the period, each with the share it still counts for', () => {
		const s = windowAt(w, 5999);
		expect(s.count).toBe(3);
		expect(s.remaining).toHaveLength(3);
		[0.0002, 0.4002, 0.9002].forEach((x, i) => expect(s.remaining[i]).toBeCloseTo(x, 5));
		expect(s).toMatchObject({ atLimit: true, tone: 'limit', nextExpiryMs: 1 });
	});

	it('empties as restarts age out', () => {
		expect(windowAt(w, 6000)).toMatchObject({ count: 2, tone: 'busy', nextExpiryMs: 2000 });
		expect(windowAt(w, 9000)).toMatchObject({ count: 1, tone: 'calm', atLimit: false });
		expect(windowAt(w, 20_000)).toMatchObject({ count: 0, remaining: [], nextExpiryMs: null });
	});

	it('ignores restarts from the future of a stale clock estimate', () => {
		expect(windowAt(w, 2000).count).toBe(1);
	});
});

describe('describeWindow', () => {
	it('says how close the supervisor is to giving up', () => {
		const w = { intensity: 3, period: 5, times: [1000, 3000, 5500] };
		expect(describeWindow(w, windowAt(w, 5999))).toBe(
			'3 of 3 restarts in the last 5 s: one more and it gives up'
		);
		expect(describeWindow(w, windowAt(w, 9000))).toBe('1 of 3 restarts in the last 5 s');
		const strict = { intensity: 0, period: 5, times: [] };
		expect(describeWindow(strict, windowAt(strict, 0))).toMatch(/first crash/);
	});
});
