import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from './format';

describe('formatDuration', () => {
	it('shows seconds, then minutes, hours and days', () => {
		expect(formatDuration(4_999)).toBe('4 s');
		expect(formatDuration(125_000)).toBe('2 min 05 s');
		expect(formatDuration(3 * 3_600_000 + 7 * 60_000)).toBe('3 h 07 min');
		expect(formatDuration(52 * 3_600_000)).toBe('2 d 4 h');
	});
});

describe('formatBytes', () => {
	it('uses decimal units', () => {
		expect(formatBytes(812)).toBe('812 B');
		expect(formatBytes(1_500)).toBe('1.5 kB');
		expect(formatBytes(14_012_345)).toBe('14.0 MB');
	});
});
