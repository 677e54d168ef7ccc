/**
 * The test-declaring half of `superlearner/test`: `test` (alias `it`), `describe`,
 * `beforeEach` and `afterEach`, as vitest has them, collected file by file. Running the
 * collected cases is run.ts's.
 *
 * ```ts
 * const collector = new TestCollector();
 * collector.collect('counter.test.ts', () => loadTheFile(collector.api));
 * collector.cases; // [{ name: 'Counter > counts', file: 'counter.test.ts', … }]
 * ```
 */
import type { Node } from '$lib/runtime';

/** What a test's function receives. */
export interface TestContext {
	/** The node the test runs on: a fresh one per test, shut down when it ends. */
	node: Node;
	/** The run's seed, which the chaos helpers use unless given another. */
	seed: number;
}

export type TestFn = (ctx: TestContext) => unknown;
export type Hook = (ctx: TestContext) => unknown;

export interface TestOptions {
	/** Milliseconds before the test fails as too slow; the run's default otherwise (5 s). */
	timeout?: number;
	/** `'virtual'`: the node's time moves only through `node.advance(ms)`. Default `'real'`. */
	clock?: 'real' | 'virtual';
}

export interface TestCase {
	name: string;
	file: string;
	fn: TestFn;
	options: TestOptions;
	skip: boolean;
	/** The hooks of its file's top level and describe blocks: outermost first. */
	beforeEach: Hook[];
	/** Innermost first. */
	afterEach: Hook[];
	/** Set for the stand-in of a file whose top level threw while its tests were collected. */
	loadError?: unknown;
}

type TestDeclaration = (name: string, fn: TestFn, options?: TestOptions | number) => void;

export interface TestApi {
	test: TestDeclaration & { skip: TestDeclaration; only: TestDeclaration };
	it: TestApi['test'];
	describe: ((name: string, body: () => void) => void) & {
		skip: (name: string, body: () => void) => void;
		only: (name: string, body: () => void) => void;
	};
	beforeEach: (hook: Hook) => void;
	afterEach: (hook: Hook) => void;
}

/** A file's top level or a describe block: its own hooks, in declaration order. */
interface Scope {
	names: string[];
	/** The block it is declared in; none at a file's top level. */
	outer?: Scope;
	beforeEach: Hook[];
	afterEach: Hook[];
	skip: boolean;
	only: boolean;
}

type Collected = Omit<TestCase, 'beforeEach' | 'afterEach'> & { only: boolean; scope: Scope };

const topLevel = (): Scope => ({
	names: [],
	beforeEach: [],
	afterEach: [],
	skip: false,
	only: false
});

export class TestCollector {
	readonly #cases: Collected[] = [];
	#file: string | undefined;
	#scope: Scope = topLevel();
	readonly api: TestApi;

	constructor() {
		const declare =
			(mode: 'run' | 'skip' | 'only'): TestDeclaration =>
			(name, fn, options) =>
				this.#declare(name, fn, options, mode);
		const describeIn =
			(mode: 'run' | 'skip' | 'only') =>
			(name: string, body: () => void): void =>
				this.#describe(name, body, mode);
		const test = Object.assign(declare('run'), { skip: declare('skip'), only: declare('only') });
		this.api = {
			test,
			it: test,
			describe: Object.assign(describeIn('run'), {
				skip: describeIn('skip'),
				only: describeIn('only')
			}),
			beforeEach: (hook) => this.#hook('beforeEach', hook),
			afterEach: (hook) => this.#hook('afterEach', hook)
		};
	}

	/**
	 * Collects the tests `load` declares (it runs the file's top level) as the tests of `file`.
	 * A top level that throws gives one failing stand-in for the file, in place of the tests it
	 * declared before throwing: the file did not load.
	 */
	collect(file: string, load: () => void): void {
		this.#file = file;
		this.#scope = topLevel();
		const first = this.#cases.length;
		try {
			load();
		} catch (error) {
			this.#cases.splice(first);
			this.#cases.push({
				...this.#case('(loading the file)', () => {}, {}),
				loadError: error,
				only: false
			});
		} finally {
			this.#file = undefined;
		}
	}

	/**
	 * The collected cases in declaration order; in a file with an `only`, the file's others are
	 * skipped. A case has every hook of its blocks, also those declared after it (as in vitest).
	 */
	get cases(): TestCase[] {
		const focused = new Set(this.#cases.filter((c) => c.only).map((c) => c.file));
		return this.#cases.map(({ only, scope, ...c }) => ({
			...c,
			skip: c.skip || (focused.has(c.file) && !only),
			...hooksOf(scope)
		}));
	}

	#declare(name: string, fn: TestFn, options: TestOptions | number | undefined, mode: string) {
		const file = this.#outsideCollect('test');
		if (typeof name !== 'string' || typeof fn !== 'function') {
			throw new TypeError(`test(name, fn) takes a name and a function (in ${file}).`);
		}
		const opts = typeof options === 'number' ? { timeout: options } : (options ?? {});
		this.#cases.push({
			...this.#case(name, fn, opts),
			skip: this.#scope.skip || mode === 'skip',
			only: this.#scope.only || mode === 'only'
		});
	}

	#case(name: string, fn: TestFn, options: TestOptions): Omit<Collected, 'only'> {
		const scope = this.#scope;
		return {
			name: [...scope.names, name].join(' > '),
			file: this.#file ?? '',
			fn,
			options,
			skip: false,
			scope
		};
	}

	#describe(name: string, body: () => void, mode: string): void {
		this.#outsideCollect('describe');
		const outer = this.#scope;
		this.#scope = {
			names: [...outer.names, name],
			outer,
			beforeEach: [],
			afterEach: [],
			skip: outer.skip || mode === 'skip',
			only: outer.only || mode === 'only'
		};
		try {
			body();
		} finally {
			this.#scope = outer;
		}
	}

	#hook(kind: 'beforeEach' | 'afterEach', hook: Hook): void {
		this.#outsideCollect(kind);
		this.#scope[kind].push(hook);
	}

	/** The file being collected; a declaration from inside a running test is an error. */
	#outsideCollect(what: string): string {
		if (this.#file === undefined) {
			throw new Error(
				`${what}() is called at a test file's top level or in a describe, not in a test.`
			);
		}
		return this.#file;
	}
}

/**
 * The hooks of `scope`'s blocks: `beforeEach` outermost first, `afterEach` innermost first (and
 * in one block, the last declared first), so that what a hook set up is torn down after it.
 */
function hooksOf(scope: Scope): Pick<TestCase, 'beforeEach' | 'afterEach'> {
	const blocks: Scope[] = [];
	for (let s: Scope | undefined = scope; s; s = s.outer) blocks.unshift(s);
	return {
		beforeEach: blocks.flatMap((s) => s.beforeEach),
		afterEach: blocks.reverse().flatMap((s) => [...s.afterEach].reverse())
	};
}
