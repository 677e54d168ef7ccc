import { describe, expect, it } from 'vitest';
import {
	keyStep,
	minRowWidthRem,
	nextSort,
	scrollToShow,
	sortRows,
	visibleRange
} from './table_model';

interface Row {
	pid: number;
	name?: string;
	memory: number | null;
}

const rows: Row[] = [
	{ pid: 1, name: 'beta', memory: 300 },
	{ pid: 2, memory: 100 },
	{ pid: 3, name: 'Alpha', memory: 300 },
	{ pid: 4, name: 'gamma', memory: null },
	{ pid: 5, name: 'alpha', memory: 50 }
];
const pids = (r: Row[]) => r.map((x) => x.pid);

describe('sortRows', () => {
	it('sorts numbers both ways, keeping the incoming order among ties and missing values last', () => {
		expect(pids(sortRows(rows, (r) => r.memory, 'asc'))).toEqual([5, 2, 1, 3, 4]);
		expect(pids(sortRows(rows, (r) => r.memory, 'desc'))).toEqual([1, 3, 2, 5, 4]);
	});

	it('sorts strings without case, missing ones last', () => {
		expect(pids(sortRows(rows, (r) => r.name, 'asc'))).toEqual([3, 5, 1, 4, 2]);
		expect(pids(sortRows(rows, (r) => r.name, 'desc'))).toEqual([4, 1, 3, 5, 2]);
	});

	it('leaves the input alone', () => {
		const copy = [...rows];
		sortRows(rows, (r) => r.memory, 'desc');
		expect(rows).toEqual(copy);
	});

	// Its speed is a benchmark's business (a timed assertion here failed on a busy machine).
	it('sorts 100,000 rows by a number', () => {
		const many = Array.from({ length: 100_000 }, (_, i) => ({
			pid: i,
			memory: (i * 7919) % 100_003
		}));
		const sorted = sortRows(many, (r) => r.memory, 'desc');
		let ordered = true;
		for (let i = 1; i < sorted.length; i++) ordered &&= sorted[i - 1].memory >= sorted[i].memory;
		expect(ordered).toBe(true);
		expect(sorted).toHaveLength(100_000);
	});
});

describe('nextSort', () => {
	it('starts a new column in its natural order and flips the current one', () => {
		expect(nextSort(null, 'memory', 'desc')).toEqual({ column: 'memory', dir: 'desc' });
		expect(nextSort({ column: 'memory', dir: 'desc' }, 'memory', 'desc')).toEqual({
			column: 'memory',
			dir: 'asc'
		});
		expect(nextSort({ column: 'memory', dir: 'asc' }, 'name', 'asc')).toEqual({
			column: 'name',
			dir: 'asc'
		});
	});
});

describe('visibleRange', () => {
	it('renders the rows in view and a few either side', () => {
		expect(visibleRange(0, 320, 32, 100_000, 8)).toEqual({ start: 0, end: 19 });
		expect(visibleRange(32_000, 320, 32, 100_000, 8)).toEqual({ start: 992, end: 1019 });
		expect(visibleRange(3_199_680, 320, 32, 100_000, 8)).toEqual({ start: 99_982, end: 100_000 });
		expect(visibleRange(0, 320, 32, 0)).toEqual({ start: 0, end: 0 });
	});
});

describe('keyStep', () => {
	it('moves by one, by a page and to either end, within bounds', () => {
		expect(keyStep('ArrowDown', -1, 10, 5)).toBe(0);
		expect(keyStep('ArrowDown', 9, 10, 5)).toBe(9);
		expect(keyStep('ArrowUp', 0, 10, 5)).toBe(0);
		expect(keyStep('PageDown', 3, 10, 5)).toBe(8);
		expect(keyStep('PageUp', 3, 10, 5)).toBe(0);
		expect(keyStep('End', 3, 10, 5)).toBe(9);
		expect(keyStep('Home', 3, 10, 5)).toBe(0);
		expect(keyStep('a', 3, 10, 5)).toBeNull();
		expect(keyStep('ArrowDown', -1, 0, 5)).toBeNull();
	});
});

describe('scrollToShow', () => {
	it('scrolls only as far as needed to show a row', () => {
		expect(scrollToShow(5, 0, 320, 32)).toBe(0);
		expect(scrollToShow(10, 0, 320, 32)).toBe(32);
		expect(scrollToShow(2, 200, 320, 32)).toBe(64);
	});
});

describe('minRowWidthRem', () => {
	it('adds the least size of every track, the gaps between them and the padding', () => {
		expect(minRowWidthRem(['7.5rem', 'minmax(9rem, 2fr)', '6rem'], 0.75, 1.8)).toBeCloseTo(
			7.5 + 9 + 6 + 2 * 0.75 + 1.8
		);
		expect(minRowWidthRem(['1fr', 'auto'], 1, 0)).toBe(1);
		expect(minRowWidthRem([], 0.75, 1.8)).toBe(1.8);
	});
});
