/* eslint-disable @typescript-eslint/only-throw-error, @typescript-eslint/prefer-promise-reject-errors -- learners throw and reject with any value: strings, exit reasons, undefined */
// runCase: one collected test on a fresh node, its hooks, its verdict, and nothing left behind.
import { describe, expect, it } from 'vitest';
import { createNode, type Node } from '$lib/runtime';
import { trapping } from '$lib/testing/runtime';
import { runChaosSuite } from '$lib/supertester/chaos';
import { setupIsolatedGenServer } from '$lib/supertester/isolation';
import { TestCollector, type TestApi, type TestCase } from './collect';
import { expect as check } from './expect';
import { runCase, type RunCaseOptions } from './run';

/** The one case `declare` declares in `a.test.ts`. */
function oneCase(declare: (api: TestApi) => void): TestCase {
	const collector = new TestCollector();
	collector.collect('a.test.ts', () => declare(collector.api));
	const [c] = collector.cases;
	if (!c) throw new Error('no case declared');
	return c;
}

/** Where every Error is said to be thrown. */
const PLACE = { file: 'a.test.ts', line: 3, column: 5 };

/** runCase's options, and the nodes it made. */
function options(extra: Partial<RunCaseOptions> = {}): RunCaseOptions & { nodes: Node[] } {
	const nodes: Node[] = [];
	return {
		nodes,
		makeNode: (clock) => {
			const node = createNode({ clock });
			nodes.push(node);
			return node;
		},
		seed: 42,
		timeoutMs: 5_000,
		locate: (error) => (error instanceof Error ? PLACE : undefined),
		...extra
	};
}

const never = () => new Promise<never>(() => {});

describe('runCase', () => {
	it('passes a test that returns, giving it a fresh node and the run’s seed', async () => {
		const opts = options();
		let seen: { node: Node; seed: number } | undefined;
		const result = await runCase(
			oneCase(({ describe, test }) =>
				describe('Counter', () =>
					test('counts', async (ctx) => {
						seen = ctx;
						await ctx.node.settle();
					}))
			),
			opts
		);
		expect(result).toEqual({
			name: 'Counter > counts',
			file: 'a.test.ts',
			status: 'passed',
			durationMs: expect.any(Number) as number
		});
		expect(opts.nodes).toHaveLength(1);
		expect(seen?.node).toBe(opts.nodes[0]);
		expect(seen?.seed).toBe(42);
	});

	it('seeds the chaos helpers with the run’s seed: the same seed replays the same chaos', async () => {
		const drawn: number[] = [];
		const c = oneCase(({ test }) =>
			test('chaos', async ({ node }) => {
				const sup = node.spawn((ctx) => ctx.receive());
				drawn.push((await runChaosSuite(node, sup, [])).seed);
			})
		);
		for (const seed of [7, 7, 8]) await runCase(c, options({ seed }));
		expect(drawn[1]).toBe(drawn[0]);
		expect(drawn[2]).not.toBe(drawn[0]);
	});

	it('fails a test whose assertion fails, with the assertion’s message and its place', async () => {
		const result = await runCase(
			oneCase(({ test }) => test('adds', () => check(1 + 1).toBe(3))),
			options()
		);
		expect(result).toMatchObject({ status: 'failed', error: { message: 'expected 2 to be 3' } });
		expect(result.error).toEqual({ message: 'expected 2 to be 3', ...PLACE });
	});

	it('names the class of another error, and says what a thrown non-error was', async () => {
		const run = (fn: () => unknown) =>
			runCase(
				oneCase(({ test }) => test('t', fn)),
				options()
			);
		const typeError = await run(() => {
			throw new TypeError('x is not a function');
		});
		expect(typeError.error).toEqual({ message: 'TypeError: x is not a function', ...PLACE });
		const rejected = await run(() => Promise.reject(new RangeError('too far')));
		expect(rejected.error?.message).toBe('RangeError: too far');
		const string = await run(() => {
			throw 'plain';
		});
		expect(string.error).toEqual({ message: 'plain' });
		const object = await run(() => {
			throw { code: 1 };
		});
		expect(object.error?.message).toBe('threw { code: 1 } ({"code":1})');
	});

	it('fails a test that throws undefined', async () => {
		const result = await runCase(
			oneCase(({ test }) => test('t', () => Promise.reject(undefined))),
			options()
		);
		expect(result.status).toBe('failed');
		expect(result.error?.message).toMatch(/^threw undefined/);
	});

	it('skips a skipped test without making a node', async () => {
		const opts = options();
		let ran = false;
		const result = await runCase(
			oneCase(({ test }) => test.skip('later', () => void (ran = true))),
			opts
		);
		expect(result).toEqual({ name: 'later', file: 'a.test.ts', status: 'skipped', durationMs: 0 });
		expect(ran).toBe(false);
		expect(opts.nodes).toEqual([]);
	});

	it('fails the stand-in of a file that did not load, with the load error', async () => {
		const collector = new TestCollector();
		collector.collect('a.test.ts', () => {
			throw new Error('broken at the top');
		});
		const opts = options();
		const result = await runCase(collector.cases[0], opts);
		expect(result).toEqual({
			name: '(loading the file)',
			file: 'a.test.ts',
			status: 'failed',
			durationMs: 0,
			error: { message: 'Error: broken at the top', ...PLACE }
		});
		expect(opts.nodes).toEqual([]);
	});

	it('runs the hooks around the test, and afterEach also after a failure', async () => {
		const log: string[] = [];
		const result = await runCase(
			oneCase(({ test, beforeEach, afterEach }) => {
				beforeEach(() => void log.push('before'));
				afterEach(() => void log.push('after'));
				test('fails', () => {
					log.push('test');
					check(1).toBe(2);
				});
			}),
			options()
		);
		expect(result.status).toBe('failed');
		expect(log).toEqual(['before', 'test', 'after']);
	});

	it('does not run the test when a beforeEach fails, but runs afterEach', async () => {
		const log: string[] = [];
		const result = await runCase(
			oneCase(({ test, beforeEach, afterEach }) => {
				beforeEach(() => {
					throw new Error('setup failed');
				});
				afterEach(() => void log.push('after'));
				test('t', () => void log.push('test'));
			}),
			options()
		);
		expect(result.error?.message).toBe('Error: setup failed');
		expect(log).toEqual(['after']);
	});

	it('fails an afterEach that throws after a passing test', async () => {
		const result = await runCase(
			oneCase(({ test, afterEach }) => {
				afterEach(() => {
					throw new Error('teardown failed');
				});
				test('t', () => {});
			}),
			options()
		);
		expect(result.error?.message).toBe('Error: teardown failed');
	});

	it('fails a test that does not finish within its timeout', async () => {
		const opts = options();
		const result = await runCase(
			oneCase(({ test }) =>
				test('waits forever', async ({ node }) => {
					node.spawn((ctx) => ctx.receive());
					await never();
				}, 10)
			),
			opts
		);
		expect(result.status).toBe('failed');
		expect(result.error).toEqual({
			message:
				'The test did not finish within 10 ms: does it wait for something that never happens? A slower test can ask for more: test(name, fn, { timeout: 10_000 }).'
		});
		expect(opts.nodes[0]?.processes()).toEqual([]);
	});

	it('runs afterEach for a test past its timeout, before its processes are stopped, once', async () => {
		const seen: Array<[string, number]> = [];
		let finish = () => {};
		const result = await runCase(
			oneCase(({ test, afterEach }) => {
				afterEach(({ node }) => void seen.push(['after', node.processes().length]));
				test('waits', async ({ node }) => {
					node.spawn((ctx) => ctx.receive());
					await new Promise<void>((resolve) => (finish = resolve));
				}, 10);
			}),
			options()
		);
		expect(result.status).toBe('failed');
		expect(seen).toEqual([['after', 1]]);
		// The test ends later (say, once the node shut down): its hooks are not run again.
		finish();
		await Promise.resolve();
		await Promise.resolve();
		expect(seen).toHaveLength(1);
	});

	it('takes the run’s timeout for a test that sets none', async () => {
		const result = await runCase(
			oneCase(({ test }) => test('waits forever', never)),
			options({ timeoutMs: 10 })
		);
		expect(result.error?.message).toMatch(/^The test did not finish within 10 ms/);
	});

	it('lets a test with a timeout past what a timer holds (Infinity) run to its end', async () => {
		const result = await runCase(
			oneCase(({ test }) =>
				test('takes a while', () => new Promise((resolve) => setTimeout(resolve, 20)), {
					timeout: Infinity
				})
			),
			options()
		);
		expect(result.status).toBe('passed');
	});

	it('fails a test during which an error escaped every process', async () => {
		const result = await runCase(
			oneCase(({ test }) => test('waits forever', never)),
			options({ uncaught: Promise.resolve(new Error('a timer threw')) })
		);
		expect(result.status).toBe('failed');
		expect(result.error).toEqual({
			message: 'An error escaped every process: Error: a timer threw',
			...PLACE
		});
	});

	it('leaves no process behind: what the test started is stopped, then the node shut down', async () => {
		const terminated: unknown[] = [];
		const opts = options();
		const result = await runCase(
			oneCase(({ test }) =>
				test('starts things', async ({ node }) => {
					await setupIsolatedGenServer(node, trapping(terminated));
					node.spawn((ctx) => ctx.receive());
					check(node.processes()).toHaveLength(2);
				})
			),
			opts
		);
		expect(result.status).toBe('passed');
		const node = opts.nodes[0];
		expect(node?.processes()).toEqual([]);
		// Stopped as its parent would stop it (terminate ran), not only killed by the shutdown.
		expect(terminated).toEqual(['shutdown']);
		expect(() => node?.spawn((ctx) => ctx.receive())).toThrow();
	});

	it('leaves no process behind a failed test either', async () => {
		const opts = options();
		const result = await runCase(
			oneCase(({ test }) =>
				test('fails', ({ node }) => {
					node.spawn((ctx) => ctx.receive());
					throw new Error('failed');
				})
			),
			opts
		);
		expect(result.status).toBe('failed');
		expect(opts.nodes[0]?.processes()).toEqual([]);
	});

	it('gives { clock: "virtual" } a node whose time moves by advance', async () => {
		const opts = options();
		const result = await runCase(
			oneCase(({ test }) =>
				test(
					'advances',
					async ({ node }) => {
						const fired: number[] = [];
						node.spawn(async (ctx) => {
							await ctx.receive({ timeout: 1_000 });
							fired.push(node.now());
						});
						await node.advance(999);
						check(fired).toEqual([]);
						await node.advance(1);
						check(fired).toEqual([1_000]);
					},
					{ clock: 'virtual' }
				)
			),
			opts
		);
		expect(result).toMatchObject({ status: 'passed' });
	});

	it('gives a real clock otherwise, which advance refuses', async () => {
		const result = await runCase(
			oneCase(({ test }) => test('advances', ({ node }) => node.advance(1))),
			options()
		);
		expect(result.status).toBe('failed');
		expect(result.error?.message).toMatch(/virtual clock/);
	});
});
