import { describe, expect, it } from 'vitest';
import { RecentMap, RecentSet } from './recent';

describe('RecentMap', () => {
	it('keeps at least the latest capacity keys', () => {
		const map = new RecentMap<number, string>(100);
		for (let i = 0; i < 1_000; i++) map.set(i, `v${i}`);
		for (let i = 900; i < 1_000; i++) expect(map.get(i)).toBe(`v${i}`);
	});

	it('forgets the oldest keys, keeping at most twice the capacity', () => {
		const map = new RecentMap<number, number>(100);
		for (let i = 0; i < 1_000; i++) map.set(i, i);
		expect(map.size).toBeLessThanOrEqual(200);
		expect(map.has(0)).toBe(false);
		expect(map.get(0)).toBeUndefined();
	});

	it('answers the latest value of a key set twice, across generations', () => {
		const map = new RecentMap<string, number>(2);
		map.set('a', 1);
		map.set('b', 2); // the young generation ages: a and b are old now
		map.set('a', 3);
		expect(map.get('a')).toBe(3);
		expect(map.get('b')).toBe(2);
	});

	it('refuses a capacity below one', () => {
		expect(() => new RecentMap(0)).toThrow(/at least 1/);
	});

	it('keeps the latest of 60,000 keys within twice its capacity', () => {
		const map = new RecentMap<string, number>(5_000);
		for (let i = 0; i < 60_000; i++) map.set(`<1.${i}.0>`, i);
		expect(map.get('<1.59999.0>')).toBe(59_999);
		expect(map.size).toBeLessThanOrEqual(10_000);
	});
});

describe('RecentSet', () => {
	it('remembers the latest keys and forgets old ones', () => {
		const set = new RecentSet<string>(10);
		for (let i = 0; i < 100; i++) set.add(`p${i}`);
		expect(set.has('p99')).toBe(true);
		expect(set.has('p90')).toBe(true);
		expect(set.has('p0')).toBe(false);
	});
});
