/* eslint-disable @typescript-eslint/only-throw-error, @typescript-eslint/prefer-promise-reject-errors -- learners throw and reject with any value: strings, exit reasons, undefined */
// `expect` of superlearner/test (called `check` here, beside vitest's own): every matcher
// passing, failing with its exact message, and negated; resolves/rejects; toThrow; and the deep
// equality toEqual and toStrictEqual mean.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNode, type Node } from '$lib/runtime';
import { AssertionFailure } from '$lib/supertester/failure';
import { expect as check } from './expect';

/** The AssertionFailure `fn` throws. */
function failure(fn: () => unknown): AssertionFailure {
	try {
		fn();
	} catch (error) {
		if (error instanceof AssertionFailure) return error;
		throw error;
	}
	throw new Error('it did not fail');
}

/** The message of the AssertionFailure `fn` throws. */
const message = (fn: () => unknown) => failure(fn).message;

/** The AssertionFailure `promise` rejects with. */
async function rejection(promise: Promise<unknown>): Promise<AssertionFailure> {
	const error = await promise.then(
		() => new Error('it did not fail'),
		(e: unknown) => e
	);
	if (error instanceof AssertionFailure) return error;
	throw error;
}

class Point {
	constructor(
		readonly x: number,
		readonly y: number
	) {}
}

const boom = () => {
	throw new Error('boom');
};

interface MatcherCase {
	matcher: string;
	/** Holds. */
	pass: () => void;
	/** Does not hold, and says so in `failing`. */
	fail: () => void;
	failing: string;
	/** The negation of `pass`, which fails saying `negated`. */
	not: () => void;
	negated: string;
}

const MATCHERS: MatcherCase[] = [
	{
		matcher: 'toBe',
		pass: () => check(1).toBe(1),
		fail: () => check(1).toBe(2),
		failing: 'expected 1 to be 2',
		not: () => check('a').not.toBe('a'),
		negated: 'expected "a" not to be "a"'
	},
	{
		matcher: 'toEqual',
		pass: () => check({ a: [1, { b: 2 }] }).toEqual({ a: [1, { b: 2 }] }),
		fail: () => check({ a: 1 }).toEqual({ a: 2 }),
		failing: 'expected { a: 1 } to deeply equal { a: 2 }',
		not: () => check([1]).not.toEqual([1]),
		negated: 'expected [1] not to deeply equal [1]'
	},
	{
		matcher: 'toStrictEqual',
		pass: () => check({ a: 1 }).toStrictEqual({ a: 1 }),
		fail: () => check({ a: 1, b: undefined }).toStrictEqual({ a: 1 }),
		failing: 'expected { a: 1, b: undefined } to strictly equal { a: 1 }',
		not: () => check({ a: 1 }).not.toStrictEqual({ a: 1 }),
		negated: 'expected { a: 1 } not to strictly equal { a: 1 }'
	},
	{
		matcher: 'toMatchObject',
		pass: () => check({ a: 1, b: { c: 2, d: 3 } }).toMatchObject({ b: { c: 2 } }),
		fail: () => check({ a: 1 }).toMatchObject({ b: 2 }),
		failing: 'expected { a: 1 } to match object { b: 2 }',
		not: () => check({ a: 1, b: 2 }).not.toMatchObject({ a: 1 }),
		negated: 'expected { a: 1, b: 2 } not to match object { a: 1 }'
	},
	{
		matcher: 'toBeTruthy',
		pass: () => check('x').toBeTruthy(),
		fail: () => check(0).toBeTruthy(),
		failing: 'expected 0 to be truthy',
		not: () => check(1).not.toBeTruthy(),
		negated: 'expected 1 not to be truthy'
	},
	{
		matcher: 'toBeFalsy',
		pass: () => check('').toBeFalsy(),
		fail: () => check(1).toBeFalsy(),
		failing: 'expected 1 to be falsy',
		not: () => check(null).not.toBeFalsy(),
		negated: 'expected null not to be falsy'
	},
	{
		matcher: 'toBeNull',
		pass: () => check(null).toBeNull(),
		fail: () => check(undefined).toBeNull(),
		failing: 'expected undefined to be null',
		not: () => check(null).not.toBeNull(),
		negated: 'expected null not to be null'
	},
	{
		matcher: 'toBeUndefined',
		pass: () => check(undefined).toBeUndefined(),
		fail: () => check(null).toBeUndefined(),
		failing: 'expected null to be undefined',
		not: () => check(undefined).not.toBeUndefined(),
		negated: 'expected undefined not to be undefined'
	},
	{
		matcher: 'toBeDefined',
		pass: () => check(null).toBeDefined(),
		fail: () => check(undefined).toBeDefined(),
		failing: 'expected undefined to be defined',
		not: () => check(0).not.toBeDefined(),
		negated: 'expected 0 not to be defined'
	},
	{
		matcher: 'toBeNaN',
		pass: () => check(NaN).toBeNaN(),
		fail: () => check(1).toBeNaN(),
		failing: 'expected 1 to be NaN',
		not: () => check(NaN).not.toBeNaN(),
		negated: 'expected NaN not to be NaN'
	},
	{
		matcher: 'toBeGreaterThan',
		pass: () => check(2).toBeGreaterThan(1),
		fail: () => check(1).toBeGreaterThan(1),
		failing: 'expected 1 to be greater than 1',
		not: () => check(2).not.toBeGreaterThan(1),
		negated: 'expected 2 not to be greater than 1'
	},
	{
		matcher: 'toBeGreaterThanOrEqual',
		pass: () => check(1).toBeGreaterThanOrEqual(1),
		fail: () => check(0).toBeGreaterThanOrEqual(1),
		failing: 'expected 0 to be greater than or equal to 1',
		not: () => check(1).not.toBeGreaterThanOrEqual(1),
		negated: 'expected 1 not to be greater than or equal to 1'
	},
	{
		matcher: 'toBeLessThan',
		pass: () => check(1).toBeLessThan(2),
		fail: () => check(2).toBeLessThan(2),
		failing: 'expected 2 to be less than 2',
		not: () => check(1).not.toBeLessThan(2),
		negated: 'expected 1 not to be less than 2'
	},
	{
		matcher: 'toBeLessThanOrEqual',
		pass: () => check(2).toBeLessThanOrEqual(2),
		fail: () => check(3).toBeLessThanOrEqual(2),
		failing: 'expected 3 to be less than or equal to 2',
		not: () => check(2).not.toBeLessThanOrEqual(2),
		negated: 'expected 2 not to be less than or equal to 2'
	},
	{
		matcher: 'toBeCloseTo',
		pass: () => check(0.1 + 0.2).toBeCloseTo(0.3),
		fail: () => check(0.31).toBeCloseTo(0.3),
		failing: 'expected 0.31 to be close to 0.3 (2 digits)',
		not: () => check(0.31).not.toBeCloseTo(0.3, 1),
		negated: 'expected 0.31 not to be close to 0.3 (1 digits)'
	},
	{
		matcher: 'toContain (an array, by identity)',
		pass: () => check([1, 2]).toContain(2),
		fail: () => check([{ a: 1 }]).toContain({ a: 1 }),
		failing: 'expected [{ a: 1 }] to contain { a: 1 }',
		not: () => check(new Set([1, 2])).not.toContain(1),
		negated: 'expected Set(2) { 1, 2 } not to contain 1'
	},
	{
		matcher: 'toContain (a string)',
		pass: () => check('hello').toContain('ell'),
		fail: () => check('hello').toContain('x'),
		failing: 'expected "hello" to contain "x"',
		not: () => check('hello').not.toContain('he'),
		negated: 'expected "hello" not to contain "he"'
	},
	{
		matcher: 'toContainEqual',
		pass: () => check([{ a: 1 }]).toContainEqual({ a: 1 }),
		fail: () => check([{ a: 1 }]).toContainEqual({ a: 2 }),
		failing: 'expected [{ a: 1 }] to contain an item equal to { a: 2 }',
		not: () => check([{ a: 1 }]).not.toContainEqual({ a: 1 }),
		negated: 'expected [{ a: 1 }] not to contain an item equal to { a: 1 }'
	},
	{
		matcher: 'toHaveLength',
		pass: () => check('abc').toHaveLength(3),
		fail: () => check([1]).toHaveLength(2),
		failing: 'expected [1] to have length 2 (it has 1)',
		not: () => check([1]).not.toHaveLength(1),
		negated: 'expected [1] not to have length 1 (it has 1)'
	},
	{
		matcher: 'toHaveProperty',
		pass: () => check({ a: { b: [0, { c: 1 }] } }).toHaveProperty('a.b.1.c'),
		fail: () => check({ a: { b: 1 } }).toHaveProperty('a.c'),
		failing: 'expected { a: { b: 1 } } to have property a.c',
		not: () => check({ a: undefined }).not.toHaveProperty('a'),
		negated: 'expected { a: undefined } not to have property a'
	},
	{
		matcher: 'toHaveProperty with a value',
		pass: () => check({ a: { b: [1] } }).toHaveProperty('a.b', [1]),
		fail: () => check({ a: { b: 1 } }).toHaveProperty('a.b', 2),
		failing: 'expected { a: { b: 1 } } to have property a.b equal to 2',
		not: () => check({ a: 1 }).not.toHaveProperty('a', 1),
		negated: 'expected { a: 1 } not to have property a equal to 1'
	},
	{
		matcher: 'toMatch (a RegExp)',
		pass: () => check('counter_3').toMatch(/^counter_\d+$/),
		fail: () => check(3).toMatch(/3/),
		failing: 'expected 3 to match /3/',
		not: () => check('abc').not.toMatch(/b/),
		negated: 'expected "abc" not to match /b/'
	},
	{
		matcher: 'toMatch (a string)',
		pass: () => check('abc').toMatch('bc'),
		fail: () => check('abc').toMatch('x'),
		failing: 'expected "abc" to match x',
		not: () => check('abc').not.toMatch('a'),
		negated: 'expected "abc" not to match a'
	},
	{
		matcher: 'toBeInstanceOf',
		pass: () => check(new Point(1, 2)).toBeInstanceOf(Point),
		fail: () => check({ x: 1, y: 2 }).toBeInstanceOf(Point),
		failing: 'expected { x: 1, y: 2 } to be an instance of Point',
		not: () => check(new Map()).not.toBeInstanceOf(Map),
		negated: 'expected Map(0) {} not to be an instance of Map'
	},
	{
		matcher: 'toBeTypeOf',
		pass: () => check('a').toBeTypeOf('string'),
		fail: () => check(1).toBeTypeOf('string'),
		failing: 'expected 1 to be of type string',
		not: () => check(boom).not.toBeTypeOf('function'),
		negated: 'expected [Function boom] not to be of type function'
	},
	{
		matcher: 'toThrow',
		pass: () => check(boom).toThrow(),
		fail: () => check(() => 1).toThrow(),
		failing: 'expected [Function (anonymous)] to throw',
		not: () => check(boom).not.toThrow(),
		negated: 'expected [Function boom] not to throw (it threw "boom")'
	}
];

describe('expect', () => {
	describe.each(MATCHERS)('$matcher', ({ pass, fail, failing, not, negated }) => {
		it('passes when it holds', () => {
			expect(pass).not.toThrow();
		});
		it('fails saying what it expected and what it found', () => {
			expect(message(fail)).toBe(failing);
		});
		it('negated with .not, fails when it holds', () => {
			expect(message(not)).toBe(negated);
			expect(message(not)).toMatch(/ not /);
		});
	});

	it('covers every matcher', () => {
		const names = Object.keys(check(1)).filter((k) => k.startsWith('to'));
		const covered = new Set(MATCHERS.map((m) => m.matcher.split(' ')[0]));
		expect(names.filter((n) => !covered.has(n))).toEqual([]);
	});

	it('fails with an AssertionFailure carrying what it expected and found', () => {
		const error = failure(() => check({ count: 1 }).toEqual({ count: 2 }));
		expect(error).toBeInstanceOf(AssertionFailure);
		expect(error.assertion).toBe('expect');
		expect(error.expected).toEqual({ count: 2 });
		expect(error.actual).toEqual({ count: 1 });
		expect(failure(() => check(0).toBeTruthy()).actual).toBe(0);
	});

	describe('toThrow', () => {
		it('checks the message against a string: it must contain it', () => {
			check(boom).toThrow('oo');
			expect(message(() => check(boom).toThrow('bang'))).toBe(
				'expected [Function boom] to throw an error containing "bang" (it threw "boom")'
			);
			check(boom).not.toThrow('bang');
			expect(message(() => check(boom).not.toThrow('bo'))).toBe(
				'expected [Function boom] not to throw an error containing "bo" (it threw "boom")'
			);
		});

		it('checks the message against a RegExp', () => {
			check(boom).toThrow(/^boom$/);
			expect(message(() => check(boom).toThrow(/^bo$/))).toBe(
				'expected [Function boom] to throw an error matching /^bo$/ (it threw "boom")'
			);
		});

		it('checks the error against a class', () => {
			const typeError = () => {
				throw new TypeError('not a number');
			};
			check(typeError).toThrow(TypeError);
			check(typeError).toThrow(Error);
			expect(message(() => check(typeError).toThrow(RangeError))).toBe(
				'expected [Function typeError] to throw a RangeError (it threw "not a number")'
			);
			expect(message(() => check(() => {}).toThrow(RangeError))).toBe(
				'expected [Function (anonymous)] to throw a RangeError'
			);
			expect(message(() => check(() => {}).toThrow(Error))).toBe(
				'expected [Function (anonymous)] to throw an Error'
			);
		});

		it('reads what a thrown non-error says: a string, or an exit reason', () => {
			check(() => {
				throw 'plain';
			}).toThrow(/^plain$/);
			const exit = () => {
				throw { reason: 'noproc' };
			};
			check(exit).toThrow(/^noproc$/);
			expect(message(() => check(exit).toThrow('timeout'))).toBe(
				'expected [Function exit] to throw an error containing "timeout" (it threw "noproc")'
			);
		});

		it('fails on a non-function, negated too: there is nothing to call', () => {
			expect(message(() => check(1).toThrow())).toBe(
				'expected a function for toThrow to call, found 1'
			);
			expect(message(() => check('boom').not.toThrow())).toBe(
				'expected a function for toThrow to call, found "boom"'
			);
		});
	});

	describe('resolves / rejects', () => {
		it('resolves: the matcher applies to the value', async () => {
			await check(Promise.resolve({ n: 1 })).resolves.toEqual({ n: 1 });
			await check(Promise.resolve(1)).resolves.not.toBe(2);
			expect((await rejection(check(Promise.resolve(1)).resolves.toBe(2))).message).toBe(
				'expected 1 to be 2'
			);
			expect((await rejection(check(Promise.resolve(1)).resolves.not.toBe(1))).message).toBe(
				'expected 1 not to be 1'
			);
		});

		it('resolves and rejects: fail on a value that is no promise, saying so', async () => {
			expect((await rejection(check(1).resolves.toBe(1))).message).toBe(
				'expected a promise to resolve, found 1: expect(…).resolves takes a promise'
			);
			expect((await rejection(check('x').rejects.toThrow())).message).toBe(
				'expected a promise to reject, found "x": expect(…).rejects takes a promise'
			);
		});

		it('resolves: fails when the promise rejects, saying with what', async () => {
			const error = await rejection(check(Promise.reject(new Error('noproc'))).resolves.toBe(1));
			expect(error.message).toBe('expected the promise to resolve, it rejected with "noproc"');
			expect(error.assertion).toBe('expect.resolves');
			// Negated the same: `.not` is about the value, which there is none of.
			expect(
				(await rejection(check(Promise.reject(new Error('x'))).resolves.not.toBe(1))).message
			).toBe('expected the promise to resolve, it rejected with "x"');
		});

		it('rejects: the matcher applies to the reason', async () => {
			await check(Promise.reject(new Error('noproc'))).rejects.toThrow('noproc');
			await check(Promise.reject(new TypeError('t'))).rejects.toThrow(TypeError);
			await check(Promise.reject(new Error('t'))).rejects.toMatchObject({ message: 't' });
			await check(Promise.reject(new Error('t'))).rejects.not.toThrow('x');
			expect(
				(await rejection(check(Promise.reject(new Error('boom'))).rejects.toThrow('x'))).message
			).toBe('expected the rejection to throw an error containing "x" (it threw "boom")');
			expect(
				(await rejection(check(Promise.reject(new Error('boom'))).rejects.not.toThrow())).message
			).toBe('expected the rejection not to throw (it threw "boom")');
		});

		it('rejects: a failing matcher other than toThrow shows the reason', async () => {
			expect((await rejection(check(Promise.reject(5)).rejects.toBe(6))).message).toBe(
				'expected the rejection 5 to be 6'
			);
			expect(
				(await rejection(check(Promise.reject(new Error('t'))).rejects.toMatchObject({ x: 1 })))
					.message
			).toBe('expected the rejection Error: t to match object { x: 1 }');
		});

		it('rejects: fails when the promise resolves, saying to what', async () => {
			const error = await rejection(check(Promise.resolve([1])).rejects.toThrow());
			expect(error.message).toBe('expected the promise to reject, it resolved to [1]');
			expect(error.assertion).toBe('expect.rejects');
			expect((await rejection(check(Promise.resolve(1)).rejects.not.toThrow())).message).toBe(
				'expected the promise to reject, it resolved to 1'
			);
		});

		it('rejects: an AssertionFailure is a rejection like any other', async () => {
			const failing = () =>
				Promise.reject(new AssertionFailure('assertChildCount', 'expected 3 children'));
			await expect(check(failing()).rejects.toThrow(AssertionFailure)).resolves.toBeUndefined();
			await expect(check(failing()).rejects.toThrow(/3 children/)).resolves.toBeUndefined();
		});
	});

	describe('deep equality', () => {
		let node: Node;

		beforeEach(() => {
			node = createNode({ clock: 'virtual' });
		});
		afterEach(async () => {
			await node.shutdown();
		});

		it('compares pids by identity', () => {
			const a = node.spawn((ctx) => ctx.receive());
			const b = node.spawn((ctx) => ctx.receive());
			check(a).toEqual(a);
			check({ worker: a }).toStrictEqual({ worker: a });
			check([a, b]).toContainEqual(b);
			expect(message(() => check({ worker: a }).toEqual({ worker: b }))).toBe(
				`expected { worker: ${String(a)} } to deeply equal { worker: ${String(b)} }`
			);
			expect(message(() => check(a).toStrictEqual(b))).toBe(
				`expected ${String(a)} to strictly equal ${String(b)}`
			);
		});

		it('compares Maps and Sets by content', () => {
			check(new Map([['a', { n: 1 }]])).toEqual(new Map([['a', { n: 1 }]]));
			check(new Set([1, 2])).toEqual(new Set([2, 1]));
			check(new Set([{ n: 1 }])).toEqual(new Set([{ n: 1 }]));
			expect(message(() => check(new Map([['a', 1]])).toEqual(new Map([['a', 2]])))).toBe(
				'expected Map(1) { "a" => 1 } to deeply equal Map(1) { "a" => 2 }'
			);
			expect(message(() => check(new Set([1])).toEqual(new Set([1, 2])))).toBe(
				'expected Set(1) { 1 } to deeply equal Set(2) { 1, 2 }'
			);
			check(new Map()).not.toEqual({});
		});

		it('takes NaN as equal to NaN', () => {
			expect(() => {
				check(NaN).toBe(NaN);
				check({ n: NaN }).toEqual({ n: NaN });
				check([NaN]).toStrictEqual([NaN]);
			}).not.toThrow();
		});

		it('toEqual ignores undefined properties, toStrictEqual does not', () => {
			check({ a: 1, b: undefined }).toEqual({ a: 1 });
			check({ a: 1 }).toEqual({ a: 1, b: undefined });
			expect(message(() => check({ a: 1 }).toStrictEqual({ a: 1, b: undefined }))).toBe(
				'expected { a: 1 } to strictly equal { a: 1, b: undefined }'
			);
		});

		it('compares class instances by fields; toStrictEqual also by class', () => {
			check(new Point(1, 2)).toEqual(new Point(1, 2));
			check(new Point(1, 2)).toStrictEqual(new Point(1, 2));
			check(new Point(1, 2)).toEqual({ x: 1, y: 2 });
			expect(message(() => check(new Point(1, 2)).toStrictEqual({ x: 1, y: 2 }))).toBe(
				'expected { x: 1, y: 2 } to strictly equal { x: 1, y: 2 }'
			);
			expect(message(() => check(new Point(1, 2)).toEqual(new Point(2, 1)))).toBe(
				'expected { x: 1, y: 2 } to deeply equal { x: 2, y: 1 }'
			);
		});

		it('compares dates by time, RegExps by source and flags', () => {
			expect(() => {
				check(new Date(5)).toEqual(new Date(5));
				check(new Date(5)).not.toEqual(new Date(6));
				check(/a/g).toEqual(/a/g);
				check(/a/).not.toEqual(/b/);
				check(/a/).not.toEqual(/a/i);
			}).not.toThrow();
		});
	});
});
