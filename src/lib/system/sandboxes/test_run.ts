/**
 * Running a sandbox's tests (`*.test.ts`): the test program is built, then run in a fresh
 * sandbox worker of its own — the running experiment is untouched — one test at a time, under
 * the same watchdog as a program. A test that never yields freezes its worker: the watchdog
 * ends it, that test fails as unresponsive, and the tests after it run in a new worker. The
 * app's SandboxManager and the `superlearner test` command both run tests through here.
 *
 * ```ts
 * const result = await runSandboxTests(files, { spawnWorker, compile, watch: node, … });
 * // { passed: 3, failed: 1, skipped: 0, durationMs: 41.2, seed: 7, tests: [...] }
 * ```
 */
import type { Node } from '$lib/runtime';
import { ArsenalError } from '$lib/arsenal/errors';
import { WireError } from '$lib/arsenal/wire';
import type { BuildOutput, BuildRequest } from '$lib/sandbox/compiler/build';
import type { SandboxFiles } from '$lib/sandbox/compiler/plugins/virtual_fs';
import { isTestFile, testProgramRequest } from '$lib/sandbox/compiler/program';
import {
	CONSOLE_MAX_TEXT,
	HEARTBEAT_MS,
	WATCHDOG_MS,
	type ConsoleLine,
	type TestInfo
} from '$lib/sandbox/protocol';
import type { TestResult, TestRunResult } from '$lib/supertester/runner/results';
import { summarize } from '$lib/supertester/runner/results';
import type { SandboxWorker, SpawnSandboxWorker } from './frame_link';
import { SandboxEventGuard } from './guard';
import { compileFailed } from './runner';
import { watchHeartbeats } from './watchdog';

export interface TestRunOptions {
	spawnWorker: SpawnSandboxWorker;
	compile(request: BuildRequest): Promise<BuildOutput>;
	/** The node whose clock the watchdog keeps, as a process of its own. */
	watch: Node;
	/** The N of each test worker's pids (a fresh one per worker). */
	takeNumber(): number;
	/** `sandbox_<id>@superlearner`. */
	nodeName: string;
	id: string;
	maxProcesses: number;
	memoryBudgetMb: number;
	/** Each test's limit unless it sets its own; default 5 s. */
	timeoutMs?: number;
	/** Supertester's waiting helpers' timeout when a call gives none (node-clock ms); its own otherwise. */
	waitTimeout?: number;
	/** The chaos helpers' seed; a random one (answered in the result) by default. */
	seed?: number;
	/** Told of each result as it comes, and of the tests' console lines. */
	onResult?(result: TestResult, index: number, total: number): void;
	onConsole?(lines: ConsoleLine[]): void;
	/** Stops the run before its next worker or test (Ctrl-C): it rejects with the abort's reason. */
	signal?: AbortSignal;
}

/** How a test worker ended before its test answered. */
class WorkerEnded extends Error {}

export async function runSandboxTests(
	files: SandboxFiles,
	opts: TestRunOptions
): Promise<TestRunResult> {
	if (!Object.keys(files).some(isTestFile)) {
		throw new ArsenalError(
			'validation_failed',
			'The sandbox has no tests: add a file whose name ends in .test.ts.',
			{ issues: [{ field: 'files', reason: 'no *.test.ts file' }] }
		);
	}
	const build = await opts.compile(testProgramRequest(files));
	if (build.code === null || !build.map) throw compileFailed(build, 'The tests did not compile.');
	const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
	const load = {
		code: build.code,
		map: build.map,
		seed,
		timeoutMs: opts.timeoutMs ?? 5_000,
		...(opts.waitTimeout !== undefined && { waitTimeout: opts.waitTimeout })
	};
	const results: TestResult[] = [];
	let tests: TestInfo[] | undefined;
	const started = performance.now();
	while (!tests || results.length < tests.length) {
		opts.signal?.throwIfAborted();
		let worker: TestWorker | undefined;
		try {
			worker = await TestWorker.start(opts);
			const running = worker;
			// Every worker collects the tests; the first one's list is the run's.
			const loaded = checkTests(await running.call(() => running.api.loadTests(load)));
			tests ??= loaded;
			for (let i = results.length; i < tests.length; i++) {
				opts.signal?.throwIfAborted();
				const result = tests[i].skip
					? {
							name: tests[i].name,
							file: tests[i].file,
							status: 'skipped' as const,
							durationMs: 0
						}
					: checkResult(await running.call(() => running.api.runTest(i)), tests[i]);
				results.push(result);
				opts.onResult?.(result, i, tests.length);
			}
		} catch (error) {
			if (!(error instanceof WorkerEnded)) throw error;
			// A worker that did not boot had no test to blame.
			if (!tests || !worker) {
				const what = tests ? 'did not run' : 'did not load';
				throw new ArsenalError('sandbox_failed', `The tests ${what}: ${error.message}`);
			}
			const test = tests[results.length];
			const result = {
				name: test.name,
				file: test.file,
				status: 'failed' as const,
				durationMs: worker.runningFor(),
				error: { message: error.message }
			};
			results.push(result);
			opts.onResult?.(result, results.length - 1, tests.length);
		} finally {
			worker?.end();
		}
	}
	return summarize(results, performance.now() - started, seed);
}

/** A sandbox worker for tests, with a watchdog that ends it when it stops heartbeating. */
class TestWorker {
	#ended: (why: string) => void = () => {};
	readonly #endedPromise: Promise<never>;
	#lastBeat: number;
	#callStarted = 0;
	#over = false;

	private constructor(
		private readonly worker: SandboxWorker,
		private readonly opts: TestRunOptions
	) {
		this.#lastBeat = opts.watch.now();
		this.#endedPromise = new Promise<never>((_, reject) => {
			this.#ended = (why) => reject(new WorkerEnded(why));
		});
		this.#endedPromise.catch(() => {});
	}

	get api() {
		return this.worker.api;
	}

	static async start(opts: TestRunOptions): Promise<TestWorker> {
		const number = opts.takeNumber();
		const test = new TestWorker(opts.spawnWorker(), opts);
		const guard = new SandboxEventGuard({
			nodeName: opts.nodeName,
			nodeNumber: number,
			maxProcesses: opts.maxProcesses
		});
		const boot = test.worker.boot(
			{
				id: opts.id,
				nodeName: opts.nodeName,
				nodeNumber: number,
				maxProcesses: opts.maxProcesses,
				heartbeatMs: HEARTBEAT_MS,
				memoryBudget: opts.memoryBudgetMb * 2 ** 20
			},
			(data) => test.#onEvent(guard, data),
			(why) => test.#ended(`Its sandbox worker crashed: ${why}`)
		);
		try {
			await test.call(() => boot);
		} catch (error) {
			test.end();
			throw error;
		}
		// Watched once booted: starting a worker (its script loading, on a busy machine) is no
		// test's time.
		test.#lastBeat = opts.watch.now();
		opts.watch.spawn(
			watchHeartbeats(
				() => !test.#over,
				() => test.#lastBeat,
				() =>
					test.#ended(
						`Unresponsive: the test ran for ${WATCHDOG_MS / 1000} s without yielding (an endless loop?), so its worker was ended.`
					)
			),
			{ label: `TestWatchdog(${opts.id})` }
		);
		return test;
	}

	/**
	 * A request to the worker, failing with {@link WorkerEnded} when the worker ends first or
	 * the request passes its deadline (runTest's is 10 min: a test may ask for that long).
	 */
	call<T>(request: () => Promise<T>): Promise<T> {
		this.#callStarted = performance.now();
		const answer = request().catch((error: unknown) => {
			if (error instanceof WireError && error.code === 'timeout') {
				throw new WorkerEnded(`${error.message} Its worker was ended.`);
			}
			throw error;
		});
		return Promise.race([answer, this.#endedPromise]);
	}

	/** Milliseconds since the last request began. */
	runningFor(): number {
		return performance.now() - this.#callStarted;
	}

	end(): void {
		this.#over = true;
		this.worker.terminate('the tests are over');
	}

	#onEvent(guard: SandboxEventGuard, data: unknown): void {
		if (this.#over) return;
		const checked = guard.check(data);
		if (!checked.ok) return this.#ended(`Its sandbox worker sent ${checked.why}.`);
		const event = checked.event;
		this.#lastBeat = this.opts.watch.now();
		if (event.type === 'console') this.opts.onConsole?.(event.lines);
		else if (event.type === 'fault')
			this.#ended(`The sandbox was ended (${event.kind}): ${event.message}`);
	}
}

/**
 * What the test worker answered to loadTests: it runs learner code, so the answer is checked
 * (a failure's message, or the tests with the fields of their shape, sizes cut).
 */
function checkTests(data: unknown): TestInfo[] {
	const r = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
	if (r.ok === false) {
		const e = r.error as { message?: unknown } | null | undefined;
		const message = typeof e?.message === 'string' ? e.message : 'The tests did not load.';
		throw new ArsenalError('load_failed', message.slice(0, CONSOLE_MAX_TEXT));
	}
	if (r.ok !== true || !Array.isArray(r.tests) || !r.tests.every(isTestInfo)) {
		throw new ArsenalError('load_failed', 'The test worker answered its tests in a wrong shape.');
	}
	return r.tests.map(({ name, file, skip }) => ({
		name: name.slice(0, CONSOLE_MAX_TEXT),
		file: file.slice(0, 200),
		skip
	}));
}

function isTestInfo(t: unknown): t is TestInfo {
	const info = (typeof t === 'object' && t !== null ? t : {}) as Record<string, unknown>;
	return (
		typeof info.name === 'string' && typeof info.file === 'string' && typeof info.skip === 'boolean'
	);
}

/**
 * A result from the test worker, which runs learner code: only the fields of the shape, of the
 * test asked for, with sizes cut as console lines are.
 */
function checkResult(data: unknown, test: TestInfo): TestResult {
	const r = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
	const status = r.status === 'passed' || r.status === 'skipped' ? r.status : 'failed';
	const durationMs =
		typeof r.durationMs === 'number' && Number.isFinite(r.durationMs) && r.durationMs >= 0
			? r.durationMs
			: 0;
	const result: TestResult = { name: test.name, file: test.file, status, durationMs };
	const e = (typeof r.error === 'object' && r.error !== null ? r.error : undefined) as
		Record<string, unknown> | undefined;
	if (status === 'failed') {
		const message = typeof e?.message === 'string' ? e.message : 'The test failed.';
		result.error = { message: message.slice(0, CONSOLE_MAX_TEXT) };
		if (typeof e?.file === 'string' && isPlace(e.line, e.column)) {
			Object.assign(result.error, { file: e.file.slice(0, 200), line: e.line, column: e.column });
		}
	}
	return result;
}

function isPlace(line: unknown, column: unknown): line is number {
	return Number.isInteger(line) && Number.isInteger(column) && (line as number) > 0;
}
