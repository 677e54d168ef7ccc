import { describe, expect, it } from 'vitest';
import { statusBadge } from './status';

describe('statusBadge', () => {
	it('names why a sandbox was killed or failed, in full (the badge wraps)', () => {
		expect(statusBadge({ status: 'killed', reason: 'unresponsive' })).toEqual({
			tone: 'error',
			label: 'killed: unresponsive'
		});
		const reason = 'the root supervisor <2.2.0> exited: shutdown';
		expect(statusBadge({ status: 'failed', reason }).label).toBe(`failed: ${reason}`);
		expect(statusBadge({ status: 'running' })).toEqual({ tone: 'ok', label: 'running' });
		expect(statusBadge({ status: 'stopped' }).tone).toBe('pending');
	});
});
