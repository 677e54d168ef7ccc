import { describe, expect, it } from 'vitest';
import type { TestRun } from '$lib/app/sandbox_client';
import { failureMarks, testSummary } from './tests';

const run = (tests: TestRun['tests']): TestRun => ({
	passed: tests.filter((t) => t.status === 'passed').length,
	failed: tests.filter((t) => t.status === 'failed').length,
	skipped: tests.filter((t) => t.status === 'skipped').length,
	durationMs: 41.4,
	seed: 7,
	tests
});

const passed = { name: 'counts', file: 'a.test.ts', status: 'passed' as const, durationMs: 1 };
const failed = {
	name: 'Counter > resets',
	file: 'a.test.ts',
	status: 'failed' as const,
	durationMs: 2,
	error: { message: 'expected 1 to be 0', file: 'a.test.ts', line: 9, column: 3 }
};

describe('the sandbox page’s words for a test run', () => {
	it('counts what passed, failed and was skipped, leaving out what is none', () => {
		expect(testSummary(run([passed]))).toBe('Tests: 1 passed in 41 ms.');
		expect(
			testSummary(run([passed, failed, { ...passed, status: 'skipped', durationMs: 0 }]))
		).toBe('Tests: 1 passed, 1 failed, 1 skipped in 41 ms.');
		expect(testSummary(run([]))).toMatch(/^No tests: the test files declare none/);
	});

	it('marks each failure that has a place, with the test’s name in the message', () => {
		const unplaced = { ...failed, error: { message: 'The test did not finish within 5000 ms' } };
		expect(failureMarks(run([passed, failed, unplaced]))).toEqual([
			{
				severity: 'error',
				file: 'a.test.ts',
				line: 9,
				column: 3,
				message: 'Counter > resets: expected 1 to be 0',
				lineText: ''
			}
		]);
		expect(failureMarks(null)).toEqual([]);
	});
});
