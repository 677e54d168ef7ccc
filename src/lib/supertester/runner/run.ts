/**
 * Runs one collected test: a fresh node, the `beforeEach` hooks, the test, the `afterEach`
 * hooks (also after a failure), then everything the test started is stopped — supervisors in
 * order, by cleanupProcesses — and the node is shut down, so nothing leaks into the next test.
 * A test that has not finished within its timeout fails, and so does one during which an error
 * escaped every process (a throwing timer callback): there is a test to blame for it.
 */
import type { Node } from '$lib/runtime';
import { describeReason } from '$lib/runtime/host';
import { isAssertionFailure } from '$lib/supertester/failure';
import { show } from '$lib/supertester/inspect';
import { cleanupProcesses } from '$lib/supertester/isolation';
import { seedChaos } from '$lib/supertester/seeds';
import type { TestCase, TestContext } from './collect';
import type { TestError, TestResult } from './results';

/** A test's time limit unless it or the run sets another. */
export const DEFAULT_TEST_TIMEOUT_MS = 5_000;

/** The longest delay a timer keeps: past it (Infinity too), setTimeout fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface RunCaseOptions {
	/** A fresh node for the test, on the clock it asks for. */
	makeNode(clock: 'real' | 'virtual'): Node;
	seed: number;
	/** The run's timeout for tests that set none. */
	timeoutMs: number;
	/** The file, line and column an error was thrown at. */
	locate(error: unknown): Pick<TestError, 'file' | 'line' | 'column'> | undefined;
	/** Resolves with an error that escaped every process while the test ran. */
	uncaught?: Promise<unknown>;
}

class Timeout {
	constructor(readonly ms: number) {}
}

class Uncaught {
	constructor(readonly error: unknown) {}
}

/** What the test or a hook threw: `throw undefined` fails a test too. */
class Thrown {
	constructor(readonly error: unknown) {}
}

export async function runCase(c: TestCase, opts: RunCaseOptions): Promise<TestResult> {
	const base = { name: c.name, file: c.file };
	if (c.skip) return { ...base, status: 'skipped', durationMs: 0 };
	if ('loadError' in c) {
		return { ...base, status: 'failed', durationMs: 0, error: toTestError(c.loadError, opts) };
	}
	const node = opts.makeNode(c.options.clock ?? 'real');
	seedChaos(node, opts.seed);
	const ctx: TestContext = { node, seed: opts.seed };
	const timeoutMs = c.options.timeout ?? opts.timeoutMs;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const limits = [
		new Promise<Timeout>((resolve) => {
			timer = setTimeout(() => resolve(new Timeout(timeoutMs)), Math.min(timeoutMs, MAX_TIMER_MS));
		}),
		...(opts.uncaught ? [opts.uncaught.then((error) => new Uncaught(error))] : [])
	];
	const started = performance.now();
	const run = { abandoned: false };
	let failure: Timeout | Uncaught | Thrown | undefined;
	try {
		failure = await Promise.race([body(c, ctx, run).then(() => undefined), ...limits]);
	} catch (error) {
		failure = new Thrown(error);
	} finally {
		clearTimeout(timer);
	}
	const durationMs = performance.now() - started;
	if (failure instanceof Timeout || failure instanceof Uncaught) {
		// The test is left where it is stuck; its afterEach hooks run now, before its processes
		// are stopped, as vitest's do (within the test's time limit again; the test failed already).
		run.abandoned = true;
		await afterEachWithin(c, ctx, timeoutMs);
	}
	await cleanupProcesses(node).catch(() => {});
	await node.shutdown();
	if (failure === undefined) return { ...base, status: 'passed', durationMs };
	return { ...base, status: 'failed', durationMs, error: toTestError(failure, opts) };
}

/**
 * The hooks and the test; the `afterEach` hooks run however the test ended, unless the run
 * abandoned it (a timeout) and ran them itself.
 */
async function body(c: TestCase, ctx: TestContext, run: { abandoned: boolean }): Promise<void> {
	try {
		for (const hook of c.beforeEach) await hook(ctx);
		await c.fn(ctx);
	} finally {
		if (!run.abandoned) for (const hook of c.afterEach) await hook(ctx);
	}
}

/** The `afterEach` hooks of an abandoned test, for at most `ms`; what they throw is dropped. */
async function afterEachWithin(c: TestCase, ctx: TestContext, ms: number): Promise<void> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const hooks = (async () => {
		for (const hook of c.afterEach) await hook(ctx);
	})();
	await Promise.race([
		hooks.catch(() => {}),
		new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(ms, MAX_TIMER_MS))))
	]);
	clearTimeout(timer);
}

function toTestError(failure: unknown, opts: RunCaseOptions): TestError {
	if (failure instanceof Thrown) failure = failure.error;
	if (failure instanceof Timeout) {
		return {
			message: `The test did not finish within ${failure.ms} ms: does it wait for something that never happens? A slower test can ask for more: test(name, fn, { timeout: 10_000 }).`
		};
	}
	const error = failure instanceof Uncaught ? failure.error : failure;
	const prefix = failure instanceof Uncaught ? 'An error escaped every process: ' : '';
	return { message: prefix + messageOf(error), ...opts.locate(error) };
}

/** An assertion's own message; another error with its class, as `TypeError: …`. */
function messageOf(error: unknown): string {
	if (isAssertionFailure(error)) return error.message;
	if (error instanceof Error) return `${error.name}: ${error.message}`;
	return typeof error === 'string' ? error : `threw ${show(error)} (${describeReason(error)})`;
}
