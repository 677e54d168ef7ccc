/* eslint-disable @typescript-eslint/only-throw-error -- a learner's top level may throw any value, undefined too */
// The collector of superlearner/test: what a file's top level declares becomes cases, named
// after their describe blocks, with their hooks, skips and focus, file by file.
import { describe, expect, it } from 'vitest';
import { TestCollector, type Hook, type TestApi, type TestCase } from './collect';

/** The cases `files` (file name → its top level) declare, collected in order. */
function collect(files: Record<string, (api: TestApi) => void>): TestCase[] {
	const collector = new TestCollector();
	for (const [file, load] of Object.entries(files)) {
		collector.collect(file, () => load(collector.api));
	}
	return collector.cases;
}

const names = (cases: TestCase[]) => cases.map((c) => c.name);
const skipped = (cases: TestCase[]) => cases.filter((c) => c.skip).map((c) => c.name);
const noop = () => {};

/** The names of the hooks a case runs, in order: before, then after. */
function hookOrder(c: TestCase | undefined, named: Map<Hook, string>): string[] {
	return [...(c?.beforeEach ?? []), ...(c?.afterEach ?? [])].map((h) => named.get(h) ?? '?');
}

describe('TestCollector', () => {
	it('names a test after its describe blocks, outermost first', () => {
		const cases = collect({
			'counter.test.ts': ({ test, it, describe }) => {
				test('top', noop);
				describe('A', () => {
					describe('B', () => {
						test('t', noop);
					});
					it('u', noop);
				});
			}
		});
		expect(names(cases)).toEqual(['top', 'A > B > t', 'A > u']);
		expect(cases.map((c) => c.file)).toEqual(Array(3).fill('counter.test.ts'));
		expect(skipped(cases)).toEqual([]);
	});

	it('keeps the test function and its file', () => {
		const fn = () => {};
		const [c] = collect({ 'a.test.ts': ({ test }) => test('t', fn) });
		expect(c).toMatchObject({ name: 't', file: 'a.test.ts', fn, skip: false, options: {} });
	});

	it('skips test.skip and every test in describe.skip', () => {
		const cases = collect({
			'a.test.ts': ({ test, describe }) => {
				test.skip('later', noop);
				describe.skip('Off', () => {
					test('one', noop);
					describe('Inner', () => test('two', noop));
				});
				test('runs', noop);
			}
		});
		expect(skipped(cases)).toEqual(['later', 'Off > one', 'Off > Inner > two']);
	});

	it('with test.only or describe.only, skips the other tests of that file', () => {
		const cases = collect({
			'a.test.ts': ({ test, describe }) => {
				test('a', noop);
				test.only('focused', noop);
				describe.only('Focused', () => {
					test('b', noop);
					describe('Inner', () => test('c', noop));
				});
				describe('Other', () => test('d', noop));
			},
			'b.test.ts': ({ test }) => test('elsewhere', noop)
		});
		expect(cases.filter((c) => !c.skip).map((c) => c.name)).toEqual([
			'focused',
			'Focused > b',
			'Focused > Inner > c',
			'elsewhere'
		]);
	});

	it('keeps a skip inside describe.only', () => {
		const cases = collect({
			'a.test.ts': ({ test, describe }) =>
				describe.only('F', () => {
					test.skip('off', noop);
					test('on', noop);
				})
		});
		expect(skipped(cases)).toEqual(['F > off']);
	});

	it('runs beforeEach outermost first and afterEach innermost first', () => {
		const named = new Map<Hook, string>();
		const hook = (name: string): Hook => {
			const h: Hook = () => {};
			named.set(h, name);
			return h;
		};
		const cases = collect({
			'a.test.ts': ({ test, describe, beforeEach, afterEach }) => {
				beforeEach(hook('before top'));
				afterEach(hook('after top'));
				describe('A', () => {
					beforeEach(hook('before A'));
					afterEach(hook('after A 1'));
					afterEach(hook('after A 2'));
					describe('B', () => {
						beforeEach(hook('before B'));
						afterEach(hook('after B'));
						test('t', noop);
					});
					test('u', noop);
				});
				test('v', noop);
			}
		});
		expect(hookOrder(cases[0], named)).toEqual([
			'before top',
			'before A',
			'before B',
			'after B',
			'after A 2',
			'after A 1',
			'after top'
		]);
		expect(hookOrder(cases[1], named)).toEqual([
			'before top',
			'before A',
			'after A 2',
			'after A 1',
			'after top'
		]);
		expect(hookOrder(cases[2], named)).toEqual(['before top', 'after top']);
	});

	it('gives a test the hooks of its block declared after it too, as vitest does', () => {
		const late: Hook = () => {};
		const [c] = collect({
			'a.test.ts': ({ test, describe, beforeEach }) =>
				describe('A', () => {
					test('t', noop);
					beforeEach(late);
				})
		});
		expect(c?.beforeEach).toEqual([late]);
	});

	it('keeps a file’s top-level hooks to that file', () => {
		const cases = collect({
			'a.test.ts': ({ test, beforeEach, afterEach }) => {
				beforeEach(noop);
				afterEach(noop);
				test('a', noop);
			},
			'b.test.ts': ({ test }) => test('b', noop)
		});
		expect(cases.map((c) => [c.name, c.beforeEach.length, c.afterEach.length])).toEqual([
			['a', 1, 1],
			['b', 0, 0]
		]);
		// Nor does a new collector inherit them.
		const [fresh] = collect({ 'c.test.ts': ({ test }) => test('c', noop) });
		expect(fresh?.beforeEach).toEqual([]);
	});

	it('stands one failing "(loading the file)" case in for a file whose top level throws', () => {
		const broken = new Error('broken at the top');
		const cases = collect({
			'a.test.ts': ({ test, describe }) => {
				test('declared before', noop);
				describe('D', () => {
					throw broken;
				});
			},
			'b.test.ts': ({ test }) => test('fine', noop)
		});
		expect(cases.map((c) => [c.file, c.name])).toEqual([
			['a.test.ts', '(loading the file)'],
			['b.test.ts', 'fine']
		]);
		expect(cases[0]?.loadError).toBe(broken);
		expect(cases[0]?.skip).toBe(false);
		expect('loadError' in (cases[1] ?? {})).toBe(false);
	});

	it('keeps the load error even when the top level throws undefined', () => {
		const [c] = collect({
			'a.test.ts': () => {
				throw undefined;
			}
		});
		expect(c?.name).toBe('(loading the file)');
		expect(c && 'loadError' in c).toBe(true);
	});

	it('refuses a test, describe or hook declared inside a running test', () => {
		const collector = new TestCollector();
		collector.collect('a.test.ts', () => collector.api.test('t', noop));
		const { test, describe, beforeEach } = collector.api;
		expect(() => test('nested', noop)).toThrow(
			"test() is called at a test file's top level or in a describe, not in a test."
		);
		expect(() => describe('nested', noop)).toThrow(/^describe\(\) is called at a test file/);
		expect(() => beforeEach(noop)).toThrow(/^beforeEach\(\) is called/);
		expect(collector.cases).toHaveLength(1);
	});

	it('refuses a test without a name and a function', () => {
		const cases = collect({
			'a.test.ts': ({ test }) => test('no function', 'oops' as unknown as () => void)
		});
		expect(cases[0]?.loadError).toEqual(
			new TypeError('test(name, fn) takes a name and a function (in a.test.ts).')
		);
	});

	it('takes a timeout as a number or as { timeout }, and a clock', () => {
		const cases = collect({
			'a.test.ts': ({ test }) => {
				test('number', noop, 100);
				test('object', noop, { timeout: 200 });
				test('virtual', noop, { clock: 'virtual' });
				test.skip('skipped', noop, 300);
				test.only('only', noop, { timeout: 400 });
			}
		});
		expect(cases.map((c) => c.options)).toEqual([
			{ timeout: 100 },
			{ timeout: 200 },
			{ clock: 'virtual' },
			{ timeout: 300 },
			{ timeout: 400 }
		]);
	});
});
