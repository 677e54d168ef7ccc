/**
 * The sandbox page's words for a test run, and its failures as places in the editor.
 */
import type { Diagnostic } from '$lib/sandbox/compiler/diagnostics';
import type { TestRun } from '../sandbox_client';

export { isTestFile } from '$lib/sandbox/compiler/program';

/** `Tests: 3 passed, 1 failed in 41 ms.` */
export function testSummary({ passed, failed, skipped, durationMs, tests }: TestRun): string {
	if (tests.length === 0) return 'No tests: the test files declare none (test(name, fn)).';
	const counts = [
		`${passed} passed`,
		...(failed ? [`${failed} failed`] : []),
		...(skipped ? [`${skipped} skipped`] : [])
	];
	return `Tests: ${counts.join(', ')} in ${formatMs(durationMs)}.`;
}

export function formatMs(ms: number): string {
	return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** Each failed test with a known place, as a problem marked at its line. */
export function failureMarks(run: TestRun | null): Diagnostic[] {
	return (run?.tests ?? []).flatMap(({ name, error }) =>
		error?.file && error.line
			? [
					{
						severity: 'error' as const,
						file: error.file,
						line: error.line,
						column: error.column ?? 1,
						message: `${name}: ${error.message}`,
						lineText: ''
					}
				]
			: []
	);
}
