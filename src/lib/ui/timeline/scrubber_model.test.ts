import { describe, expect, it } from 'vitest';
import { formatClock, placeMarks, playTo, stepTargets } from './scrubber_model';

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

describe('stepTargets', () => {
	it('steps back to just before the last event applied, and forward to the next event', () => {
		expect(stepTargets(0, { at: 120 }, { at: 300 })).toEqual({ back: 119, forward: 300 });
	});

	it('offers no step past either end', () => {
		expect(stepTargets(120, { at: 120 }, undefined)).toEqual({ back: null, forward: null });
		expect(stepTargets(0, undefined, { at: 5 })).toEqual({ back: null, forward: 5 });
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
