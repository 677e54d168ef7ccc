/**
 * What a run of `*.test.ts` files answers: the same shape in the sandbox editor, over REST
 * (`POST /api/v1/sandboxes/:id/test`) and from `superlearner test --json`.
 */

export type TestStatus = 'passed' | 'failed' | 'skipped';

/** Why a test failed, and where: the line of the test file that failed, when it is known. */
export interface TestError {
	message: string;
	/** The sandbox file (`counter.test.ts`), line and column (1-based) of the failing line. */
	file?: string;
	line?: number;
	column?: number;
}

export interface TestResult {
	/** The test's name, after its describe blocks' names: `Counter > counts`. */
	name: string;
	/** The test file that declares it. */
	file: string;
	status: TestStatus;
	durationMs: number;
	error?: TestError;
}

export interface TestRunResult {
	passed: number;
	failed: number;
	skipped: number;
	/** From the start of the first test to the end of the last, build excluded. */
	durationMs: number;
	/** The seed the tests' chaos helpers used: the same seed replays the same chaos. */
	seed: number;
	tests: TestResult[];
}

/** `3 passed, 1 failed, 2 skipped`: what passed, then the failures and skips there are. */
export function countsText({ passed, failed, skipped }: Omit<TestRunResult, 'tests'>): string {
	return [
		`${passed} passed`,
		...(failed ? [`${failed} failed`] : []),
		...(skipped ? [`${skipped} skipped`] : [])
	].join(', ');
}

/** `0.8 ms`, `41 ms`, `1.37 s`: a test's or a run's time, as the page and the command show it. */
export function durationText(ms: number): string {
	if (ms < 10) return `${ms.toFixed(1)} ms`;
	return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** The counts of `tests`, as a run result with them. */
export function summarize(tests: TestResult[], durationMs: number, seed: number): TestRunResult {
	const count = (status: TestStatus) => tests.filter((t) => t.status === status).length;
	return {
		passed: count('passed'),
		failed: count('failed'),
		skipped: count('skipped'),
		durationMs,
		seed,
		tests
	};
}
