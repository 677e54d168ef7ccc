/**
 * A sandbox worker running a sandbox's tests rather than its program: the test bundle
 * (testProgramRequest) is evaluated with `superlearner/test` mapped to the runner, which
 * collects each test file's tests; then the system node asks for them one at a time, so that
 * a test that never yields (the watchdog ends this worker) is the one it was waiting for, and
 * the rest run in a fresh worker.
 *
 * ```ts
 * const session = TestSession.load({ code, map, seed, timeoutMs }, console, makeNode);
 * session.tests;            // [{ name: 'Counter > counts', file: 'counter.test.ts', skip: false }]
 * await session.run(0);     // { name, file, status: 'passed', durationMs }
 * ```
 */
import type { Node } from '$lib/runtime';
import type { TestProgramExports } from '$lib/sandbox/compiler/program';
import type { TestInfo, TestLoadRequest } from '$lib/sandbox/protocol';
import { TestCollector, type TestCase } from '$lib/supertester/runner/collect';
import { learnerTestModule } from '$lib/supertester/runner/learner_module';
import { Locator, TEST_BUNDLE_URL } from '$lib/supertester/runner/locate';
import type { TestResult } from '$lib/supertester/runner/results';
import { runCase } from '$lib/supertester/runner/run';
import { setWaitTimeout } from '$lib/supertester/sync';
import { bundleFirstLine, evaluateBundle, type SandboxConsole } from './loader';

export class TestSession {
	readonly #cases: TestCase[];
	readonly #locator: Locator;
	/** Resolves the running test's `uncaught` with an error that escaped every process. */
	#escaped: ((error: unknown) => void) | undefined;

	private constructor(
		private readonly req: TestLoadRequest,
		cases: TestCase[],
		private readonly makeNode: (clock: 'real' | 'virtual') => Node
	) {
		this.#cases = cases;
		this.#locator = new Locator(req.map, bundleFirstLine());
	}

	/** Evaluates the bundle and collects its tests; throws what its evaluation threw. */
	static load(
		req: TestLoadRequest,
		console: SandboxConsole,
		makeNode: (clock: 'real' | 'virtual') => Node
	): TestSession {
		const collector = new TestCollector();
		const modules = { 'superlearner/test': learnerTestModule(collector) };
		const exported = evaluateBundle(
			req.code,
			console,
			modules,
			TEST_BUNDLE_URL
		) as Partial<TestProgramExports>;
		if (typeof exported.tests !== 'object' || exported.tests === null) {
			throw new Error('the bundle is not a test program (it exports no tests)');
		}
		for (const [file, load] of Object.entries(exported.tests)) {
			collector.collect(file, () => void load());
		}
		// Each test's node takes the system's supertester.defaultTimeout as its waits' default.
		const nodeWithTimeout = (clock: 'real' | 'virtual') => {
			const node = makeNode(clock);
			setWaitTimeout(node, req.waitTimeout);
			return node;
		};
		return new TestSession(req, collector.cases, nodeWithTimeout);
	}

	get tests(): TestInfo[] {
		return this.#cases.map(({ name, file, skip }) => ({ name, file, skip }));
	}

	/** Runs test `index` on a fresh node. */
	async run(index: number): Promise<TestResult> {
		const c = this.#cases[index];
		if (!c) throw new RangeError(`There is no test ${index} (${this.#cases.length} collected).`);
		const uncaught = new Promise<unknown>((resolve) => (this.#escaped = resolve));
		try {
			return await runCase(c, {
				makeNode: this.makeNode,
				seed: this.req.seed,
				timeoutMs: this.req.timeoutMs,
				locate: (error) => this.#locator.locate(error),
				uncaught
			});
		} finally {
			this.#escaped = undefined;
		}
	}

	/**
	 * An error that escaped every process fails the running test, and is handled; outside a
	 * test it is not (the caller ends the sandbox, as for a program).
	 */
	blame(error: unknown): boolean {
		if (!this.#escaped) return false;
		this.#escaped(error);
		return true;
	}
}
