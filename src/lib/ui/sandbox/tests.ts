/**
 * The sandbox page's words for a test run, and its failures as places in the editor.
 */
import type { Diagnostic } from '$lib/sandbox/compiler/diagnostics';
import { countsText, durationText } from '$lib/supertester/runner/results';
import type { TestRun } from '$lib/app/sandbox_client';

export { isTestFile } from '$lib/sandbox/compiler/program';

/** `Tests: 3 passed, 1 failed in 41 ms.` */
export function testSummary(run: TestRun): string {
	if (run.tests.length === 0) return 'No tests: the test files declare none (test(name, fn)).';
	return `Tests: ${countsText(run)} in ${durationText(run.durationMs)}.`;
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
