import { describe, expect, it } from 'vitest';
import { statusBadge } from './status';

describe('statusBadge', () => {
	it('names why a sandbox was killed or failed, shortly', () => {
		expect(statusBadge({ status: 'killed', reason: 'unresponsive' })).toEqual({
			tone: 'error',
			label: 'killed: unresponsive'
		});
		expect(statusBadge({ status: 'failed', reason: 'x'.repeat(60) }).label).toHaveLength(
			'failed: '.length + 40
		);
		expect(statusBadge({ status: 'running' })).toEqual({ tone: 'ok', label: 'running' });
		expect(statusBadge({ status: 'stopped' }).tone).toBe('pending');
	});
});
