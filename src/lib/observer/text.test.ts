import { describe, expect, it } from 'vitest';
import type { Health } from './arsenal_client';
import { clip, formatAgo, formatTerm, verdict } from './text';

describe('formatTerm', () => {
	it('prints reasons as Erlang does', () => {
		expect(formatTerm('killed')).toBe('killed');
		expect(formatTerm(['shutdown', 'max_restarts'])).toBe('{shutdown, max_restarts}');
		expect(formatTerm({ name: 'Error', message: 'boom' })).toBe(
			'#{name => Error, message => boom}'
		);
		expect(formatTerm([1, null, true])).toBe('{1, nil, true}');
	});

	it('keeps markup as text', () => {
		expect(formatTerm('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
	});
});

describe('clip and formatAgo', () => {
	it('shortens', () => {
		expect(clip('abcdef', 4)).toBe('abc…');
		expect(clip('abc', 4)).toBe('abc');
		expect(formatAgo(400)).toBe('just now');
		expect(formatAgo(12_500)).toBe('12 s ago');
		expect(formatAgo(185_000)).toBe('3 min ago');
	});
});

describe('verdict', () => {
	const health = (longest: number | null): Health => ({
		status: 'ok',
		processes: 10,
		restartsLastMinute: 0,
		messageQueueTotal: longest ?? 0,
		nodes: [
			{
				name: 'n',
				number: 0,
				processes: 10,
				restartsLastMinute: 0,
				messageQueueTotal: longest ?? 0,
				longestQueue: longest === null ? null : { pid: '<0.5.0>', length: longest },
				now: 0
			}
		]
	});

	it('is healthy, restarting or backlogged, and says why', () => {
		expect(verdict(health(null), 0)).toMatchObject({ tone: 'ok', label: 'Healthy' });
		expect(verdict(health(3), 2)).toMatchObject({
			tone: 'pending',
			reason: 'Supervisors restarted 2 processes in the last minute.'
		});
		expect(verdict(health(250), 0)).toMatchObject({
			tone: 'error',
			reason: '<0.5.0> has 250 messages waiting.'
		});
	});
});
