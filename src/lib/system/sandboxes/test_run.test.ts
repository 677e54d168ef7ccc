import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNode } from '$lib/runtime';
import { ArsenalError } from '$lib/arsenal/errors';
import { WireError } from '$lib/arsenal/wire';
import type { TestResult } from '$lib/supertester/runner/results';
import { inThreadWorkers, warmCompiler, type InThreadWorkers } from '$lib/testing/sandbox';
import { runSandboxTests, type TestRunOptions } from './test_run';
import { TEMPLATES } from '$lib/sandbox/templates';

const COUNTER = `import type { GenServerModule } from 'superlearner';
export const Counter: GenServerModule<number> = {
	name: 'Counter',
	init: (start: number) => ['ok', start],
	handleCall: (request, _from, n) => ['reply', n, n],
	handleCast: (message, n) => ['noreply', message === 'inc' ? n + 1 : n]
};
`;

/** Test files by name, with the counter they test. */
function files(tests: Record<string, string>): Record<string, string> {
	return { 'counter.ts': COUNTER, ...tests };
}

const HEADER = `import { test, expect, describe, setupIsolatedGenServer, castAndSync, assertGenServerState } from 'superlearner/test';
import { Counter } from './counter';
`;

let workers: InThreadWorkers;
let number = 1;

function options(watch = createNode({ clock: 'virtual' })): TestRunOptions {
	return {
		...workers.options,
		watch,
		takeNumber: () => number++,
		nodeName: 'sandbox_t@superlearner',
		id: 't',
		maxProcesses: 1_000,
		memoryBudgetMb: 64,
		seed: 42
	};
}

beforeAll(warmCompiler);
afterEach(() => workers?.closeAll());

describe('running a sandbox’s tests', () => {
	it('reports each test, a failure with its message and the failing line of the test file', async () => {
		workers = inThreadWorkers();
		const result = await runSandboxTests(
			files({
				'counter.test.ts': `${HEADER}
describe('Counter', () => {
	test('counts', async ({ node }) => {
		const { pid } = await setupIsolatedGenServer(node, Counter, { args: 0 });
		await castAndSync(node, pid, 'inc');
		await assertGenServerState(node, pid, 1);
	});
	test('counts twice', async ({ node }) => {
		const { pid } = await setupIsolatedGenServer(node, Counter, { args: 0 });
		await castAndSync(node, pid, 'inc');
		await assertGenServerState(node, pid, 2);
	});
	test.skip('later', () => {});
	test('sync expect', () => {
		expect(1 + 1).toBe(3);
	});
});
`
			}),
			options()
		);
		expect(result).toMatchObject({ passed: 1, failed: 2, skipped: 1, seed: 42 });
		const [counts, twice, later, sync] = result.tests;
		expect(counts).toMatchObject({
			name: 'Counter > counts',
			file: 'counter.test.ts',
			status: 'passed'
		});
		expect(later?.status).toBe('skipped');
		expect(twice?.status).toBe('failed');
		expect(twice?.error).toMatchObject({ file: 'counter.test.ts', line: 13 });
		expect(twice?.error?.message).toMatch(/expected .*2.*found.*1/is);
		expect(sync?.error).toEqual({
			message: 'expected 2 to be 3',
			file: 'counter.test.ts',
			line: 17,
			column: 17
		});
	});

	it('gives every test a fresh node: a name taken in one test is free in the next', async () => {
		workers = inThreadWorkers();
		const test = `async ({ node }) => { await setupIsolatedGenServer(node, Counter, { name: 'counter' }); }`;
		const result = await runSandboxTests(
			files({ 'a.test.ts': `${HEADER}test('one', ${test});\ntest('two', ${test});\n` }),
			options()
		);
		expect(result.tests.map((t) => t.status)).toEqual(['passed', 'passed']);
	});

	it('fails a test that does not finish within its timeout, and runs the next', async () => {
		workers = inThreadWorkers();
		const result = await runSandboxTests(
			files({
				'a.test.ts': `${HEADER}test('waits forever', () => new Promise(() => {}), { timeout: 30 });\ntest('after', () => {});\n`
			}),
			options()
		);
		expect(result.tests.map((t) => t.status)).toEqual(['failed', 'passed']);
		expect(result.tests[0]?.error?.message).toMatch(/did not finish within 30 ms/);
	});

	it("gives Supertester's waits the run's waitTimeout when they name none", async () => {
		workers = inThreadWorkers();
		const result = await runSandboxTests(
			files({
				'a.test.ts': `import { test, setupIsolatedGenServer, waitForProcessDeath } from 'superlearner/test';
import { Counter } from './counter';
test('waits for a death that never comes', async ({ node }) => {
	const { pid } = await setupIsolatedGenServer(node, Counter, { args: 0 });
	const death = waitForProcessDeath(node, pid);
	await node.advance(300);
	await death;
}, { clock: 'virtual' });
`
			}),
			{ ...options(), waitTimeout: 250 }
		);
		expect(result.tests[0]?.status).toBe('failed');
		expect(result.tests[0]?.error?.message).toMatch(/within 250 ms/);
	});

	it('fails a test whose worker stops heartbeating as unresponsive, and runs the rest in a fresh worker', async () => {
		workers = inThreadWorkers();
		const watch = createNode({ clock: 'virtual' });
		const seen: TestResult[] = [];
		const run = runSandboxTests(
			files({
				'a.test.ts': `${HEADER}test('first', () => {});\ntest('spins', () => new Promise(() => {}), 60_000);\ntest('last', () => {});\n`
			}),
			{ ...options(watch), onResult: (r) => seen.push(r) }
		);
		await expect.poll(() => seen.length).toBe(1);
		workers.freeze('sandbox_t@superlearner');
		await watch.advance(2_500);
		const result = await run;
		expect(result.tests.map((t) => [t.name, t.status])).toEqual([
			['first', 'passed'],
			['spins', 'failed'],
			['last', 'passed']
		]);
		expect(result.tests[1]?.error?.message).toMatch(/^Unresponsive: the test ran for 2 s/);
	});

	it('keeps a result’s duration finite, whatever the test worker says', async () => {
		workers = inThreadWorkers();
		const lying: TestRunOptions['spawnWorker'] = () => {
			const worker = workers.options.spawnWorker();
			worker.api.runTest = () =>
				Promise.resolve({ name: 'x', file: 'a.test.ts', status: 'passed', durationMs: Infinity });
			return worker;
		};
		const result = await runSandboxTests(
			files({ 'a.test.ts': `${HEADER}test('x', () => {});\n` }),
			{ ...options(), spawnWorker: lying }
		);
		expect(result.tests[0]).toMatchObject({ status: 'passed', durationMs: 0 });
	});

	it('fails a test whose worker passed the deadline of runTest, and runs the rest in a fresh worker', async () => {
		workers = inThreadWorkers();
		let spawned = 0;
		const late: TestRunOptions['spawnWorker'] = () => {
			const worker = workers.options.spawnWorker();
			// What the connection answers once runTest's deadline (10 min) has passed.
			if (spawned++ === 0) {
				worker.api.runTest = () =>
					Promise.reject(
						new WireError('timeout', 'sandbox worker.runTest() got no answer within 600000 ms.')
					);
			}
			return worker;
		};
		const result = await runSandboxTests(
			files({ 'a.test.ts': `${HEADER}test('slow', () => {});\ntest('next', () => {});\n` }),
			{ ...options(), spawnWorker: late }
		);
		expect(result.tests.map((t) => [t.name, t.status])).toEqual([
			['slow', 'failed'],
			['next', 'passed']
		]);
		expect(result.tests[0]?.error?.message).toMatch(/no answer within 600000 ms/);
		expect(workers.live).toBe(0);
	});

	it('answers a test file that does not compile with its diagnostics, and runs nothing', async () => {
		workers = inThreadWorkers();
		const run = runSandboxTests(
			files({ 'a.test.ts': `${HEADER}test('x', () => { let n: number = ; });` }),
			options()
		);
		const error = await run.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ArsenalError);
		expect((error as ArsenalError).code).toBe('compile_failed');
		expect((error as ArsenalError).message).toMatch(/^a\.test\.ts:3:/);
		expect(workers.live).toBe(0);
	});

	it('answers sandbox_failed when a test worker crashes while it boots', async () => {
		workers = inThreadWorkers();
		const crashing: TestRunOptions['spawnWorker'] = () => {
			const worker = workers.options.spawnWorker();
			return {
				...worker,
				boot: (opts, onEvent, onCrash) => {
					onCrash?.('its script failed to load');
					return new Promise<void>(() => {});
				}
			};
		};
		const run = runSandboxTests(files({ 'a.test.ts': `${HEADER}test('x', () => {});\n` }), {
			...options(),
			spawnWorker: crashing
		});
		await expect(run).rejects.toMatchObject({
			code: 'sandbox_failed',
			message: expect.stringMatching(/its script failed to load/) as string
		});
		expect(workers.live).toBe(0);
	});

	it('answers load_failed when the test worker answers its tests in the wrong shape', async () => {
		workers = inThreadWorkers();
		const lying: TestRunOptions['spawnWorker'] = () => {
			const worker = workers.options.spawnWorker();
			const loadTests = () => Promise.resolve({ ok: true as const, tests: [null] as never });
			return { ...worker, api: { ...worker.api, loadTests } };
		};
		const run = runSandboxTests(files({ 'a.test.ts': `${HEADER}test('x', () => {});\n` }), {
			...options(),
			spawnWorker: lying
		});
		await expect(run).rejects.toMatchObject({ code: 'load_failed' });
		expect(workers.live).toBe(0);
	});

	it('stops at its signal: no test runs after the abort, and the run rejects with its reason', async () => {
		workers = inThreadWorkers();
		const abort = new AbortController();
		const seen: string[] = [];
		const run = runSandboxTests(
			files({ 'a.test.ts': `${HEADER}test('one', () => {});\ntest('two', () => {});\n` }),
			{
				...options(),
				signal: abort.signal,
				onResult: (r) => {
					seen.push(r.name);
					abort.abort(new Error('interrupted'));
				}
			}
		);
		await expect(run).rejects.toThrow('interrupted');
		expect(seen).toEqual(['one']);
		expect(workers.live).toBe(0);
	});

	it('refuses a sandbox without test files', async () => {
		workers = inThreadWorkers();
		await expect(runSandboxTests(files({}), options())).rejects.toMatchObject({
			code: 'validation_failed'
		});
	});

	it('fails the file whose top level throws, and runs the other files', async () => {
		workers = inThreadWorkers();
		const result = await runSandboxTests(
			files({
				'a.test.ts': `${HEADER}throw new Error('broken at the top');\n`,
				'b.test.ts': `${HEADER}test('fine', () => {});\n`
			}),
			options()
		);
		expect(result.tests.map((t) => [t.file, t.name, t.status])).toEqual([
			['a.test.ts', '(loading the file)', 'failed'],
			['b.test.ts', 'fine', 'passed']
		]);
		expect(result.tests[0]?.error).toMatchObject({
			message: 'Error: broken at the top',
			file: 'a.test.ts',
			line: 3
		});
	});
});

describe('the templates’ tests', () => {
	it.each(TEMPLATES.map((t) => [t.id, t] as const))(
		'%s: pass, but for the one the crashing worker fails on purpose',
		async (id, template) => {
			workers = inThreadWorkers();
			const result = await runSandboxTests(template.files, options());
			const failed = result.tests.filter((t) => t.status === 'failed');
			if (id !== 'crashing') {
				expect(failed).toEqual([]);
				expect(result.passed).toBeGreaterThan(0);
				return;
			}
			expect(result.passed).toBe(1);
			expect(failed).toEqual([
				{
					name: 'a crash restarts both workers',
					file: 'crasher.test.ts',
					status: 'failed',
					durationMs: expect.any(Number) as number,
					error: {
						message: expect.stringMatching(/one_for_all/) as string,
						file: 'crasher.test.ts',
						line: 21,
						column: 2
					}
				}
			]);
		}
	);
});

describe('MODULE_FORMAT.md', () => {
	it('runs its test example against its counter', async () => {
		const doc = readFileSync(new URL('../../sandbox/MODULE_FORMAT.md', import.meta.url), 'utf8');
		const block = (label: string) =>
			new RegExp('```ts ' + label.replace('.', '\\.') + '\\n([\\s\\S]*?)```').exec(doc)?.[1] ?? '';
		workers = inThreadWorkers();
		const result = await runSandboxTests(
			{ 'counter.ts': block('counter.ts'), 'counter.test.ts': block('counter.test.ts') },
			options()
		);
		expect(result.tests).toMatchObject([
			{ name: 'Counter > counts the casts it gets', status: 'passed' }
		]);
	});
});
