import { describe, expect, it } from 'vitest';
import { formatClock, placeMarks, playTo, stepTime } from './scrubber_model';

describe('placeMarks', () => {
	it('places each mark at its share of the range and leaves out those outside it', () => {
		const marks = placeMarks(
			[
				{ at: 500, kind: 'crash', label: 'worker crashed' },
				{ at: 1000, kind: 'restart', label: 'restarted' },
				{ at: 1500, kind: 'restart', label: 'restarted' },
				{ at: 3000, kind: 'restart', label: 'too late' }
			],
			1000,
			2000
		);
		expect(marks.map((m) => [m.at, m.position])).toEqual([
			[1000, 0],
			[1500, 0.5]
		]);
	});

	it('puts everything of an empty range at its start', () => {
		expect(placeMarks([{ at: 7, kind: 'crash', label: '' }], 7, 7)[0].position).toBe(0);
	});
});

describe('stepTime', () => {
	const times = [10, 20, 20, 35, 50];

	it('finds the next event strictly after the time', () => {
		expect(stepTime(times, 0, 1)).toBe(10);
		expect(stepTime(times, 20, 1)).toBe(35);
		expect(stepTime(times, 21, 1)).toBe(35);
		expect(stepTime(times, 50, 1)).toBeNull();
	});

	it('finds the previous event strictly before the time', () => {
		expect(stepTime(times, 35, -1)).toBe(20);
		expect(stepTime(times, 36, -1)).toBe(35);
		expect(stepTime(times, 10, -1)).toBeNull();
		expect(stepTime([], 10, -1)).toBeNull();
	});
});

describe('playTo', () => {
	it('advances by the real time elapsed times the speed, and stops at the end', () => {
		expect(playTo(1000, 100, 4, 5000)).toBe(1400);
		expect(playTo(4900, 100, 4, 5000)).toBe(5000);
	});
});

describe('formatClock', () => {
	it('reads as minutes, seconds and milliseconds', () => {
		expect(formatClock(0)).toBe('0:00.000');
		expect(formatClock(62_345)).toBe('1:02.345');
		expect(formatClock(3_723_004)).toBe('1:02:03.004');
	});
});
