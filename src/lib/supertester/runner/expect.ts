/**
 * `expect` of `superlearner/test`: vitest's matchers a learner reaches for first, each failing
 * with an {@link AssertionFailure} that says what was expected and what was found, values
 * printed as the sandbox console prints them.
 *
 * ```ts
 * expect(await GenServer.call(node, pid, 'get')).toBe(1);
 * expect(state).toEqual({ count: 1 });
 * await expect(GenServer.call(node, 'nobody', 'get')).rejects.toThrow('noproc');
 * ```
 */
import { deepEqual, matchesObject } from '$lib/supertester/equal';
import { AssertionFailure } from '$lib/supertester/failure';
import { show } from '$lib/supertester/inspect';

export interface Matchers<R> {
	toBe(expected: unknown): R;
	toEqual(expected: unknown): R;
	toStrictEqual(expected: unknown): R;
	toMatchObject(expected: object): R;
	toBeTruthy(): R;
	toBeFalsy(): R;
	toBeNull(): R;
	toBeUndefined(): R;
	toBeDefined(): R;
	toBeNaN(): R;
	toBeGreaterThan(n: number): R;
	toBeGreaterThanOrEqual(n: number): R;
	toBeLessThan(n: number): R;
	toBeLessThanOrEqual(n: number): R;
	toBeCloseTo(n: number, digits?: number): R;
	toContain(item: unknown): R;
	toContainEqual(item: unknown): R;
	toHaveLength(n: number): R;
	toHaveProperty(path: string, value?: unknown): R;
	toMatch(pattern: RegExp | string): R;
	toBeInstanceOf(type: abstract new (...args: never[]) => unknown): R;
	toBeTypeOf(type: string): R;
	/** The function throws (or, after `rejects`, the promise rejects) with this message or error. */
	toThrow(expected?: string | RegExp | (abstract new (...args: never[]) => unknown)): R;
}

export interface Assertion extends Matchers<void> {
	not: Matchers<void>;
	resolves: Matchers<Promise<void>> & { not: Matchers<Promise<void>> };
	rejects: Matchers<Promise<void>> & { not: Matchers<Promise<void>> };
}

/**
 * A matcher's verdict on a value: whether it holds, and the message's words; `subject` names
 * the value when the words already show it.
 */
type Check = (actual: unknown) => {
	pass: boolean;
	what: string;
	expected?: unknown;
	subject?: string;
};

const CHECKS = {
	toBe:
		(e: unknown): Check =>
		(a) => ({ pass: Object.is(a, e), what: `to be ${show(e)}`, expected: e }),
	toEqual:
		(e: unknown): Check =>
		(a) => ({
			pass: deepEqual(a, e),
			what: `to deeply equal ${show(e)}`,
			expected: e
		}),
	toStrictEqual:
		(e: unknown): Check =>
		(a) => ({
			pass: deepEqual(a, e, true),
			what: `to strictly equal ${show(e)}`,
			expected: e
		}),
	toMatchObject:
		(e: object): Check =>
		(a) => ({
			pass: matchesObject(a, e),
			what: `to match object ${show(e)}`,
			expected: e
		}),
	toBeTruthy: (): Check => (a) => ({ pass: Boolean(a), what: 'to be truthy' }),
	toBeFalsy: (): Check => (a) => ({ pass: !a, what: 'to be falsy' }),
	toBeNull: (): Check => (a) => ({ pass: a === null, what: 'to be null' }),
	toBeUndefined: (): Check => (a) => ({ pass: a === undefined, what: 'to be undefined' }),
	toBeDefined: (): Check => (a) => ({ pass: a !== undefined, what: 'to be defined' }),
	toBeNaN: (): Check => (a) => ({ pass: Number.isNaN(a), what: 'to be NaN' }),
	toBeGreaterThan:
		(n: number): Check =>
		(a) => ({
			pass: (a as number) > n,
			what: `to be greater than ${n}`
		}),
	toBeGreaterThanOrEqual:
		(n: number): Check =>
		(a) => ({
			pass: (a as number) >= n,
			what: `to be greater than or equal to ${n}`
		}),
	toBeLessThan:
		(n: number): Check =>
		(a) => ({ pass: (a as number) < n, what: `to be less than ${n}` }),
	toBeLessThanOrEqual:
		(n: number): Check =>
		(a) => ({
			pass: (a as number) <= n,
			what: `to be less than or equal to ${n}`
		}),
	toBeCloseTo:
		(n: number, digits = 2): Check =>
		(a) => ({
			pass: Math.abs((a as number) - n) < 10 ** -digits / 2,
			what: `to be close to ${n} (${digits} digits)`
		}),
	toContain:
		(item: unknown): Check =>
		(a) => ({
			pass:
				typeof a === 'string'
					? a.includes(String(item))
					: isIterable(a) && [...a].some((x) => Object.is(x, item)),
			what: `to contain ${show(item)}`
		}),
	toContainEqual:
		(item: unknown): Check =>
		(a) => ({
			pass: isIterable(a) && [...a].some((x) => deepEqual(x, item)),
			what: `to contain an item equal to ${show(item)}`
		}),
	toHaveLength:
		(n: number): Check =>
		(a) => ({
			pass: (a as { length?: unknown } | null)?.length === n,
			what: `to have length ${n} (it has ${show((a as { length?: unknown } | null)?.length)})`
		}),
	toHaveProperty:
		(path: string, ...value: unknown[]): Check =>
		(a) => {
			const found = property(a, path);
			const has = found.found && (value.length === 0 || deepEqual(found.value, value[0]));
			return {
				pass: has,
				what: `to have property ${path}${value.length ? ` equal to ${show(value[0])}` : ''}`
			};
		},
	toMatch:
		(pattern: RegExp | string): Check =>
		(a) => ({
			pass:
				typeof a === 'string' &&
				(typeof pattern === 'string' ? a.includes(pattern) : pattern.test(a)),
			what: `to match ${String(pattern)}`
		}),
	toBeInstanceOf:
		(type: abstract new (...args: never[]) => unknown): Check =>
		(a) => ({ pass: a instanceof type, what: `to be an instance of ${type.name}` }),
	toBeTypeOf:
		(type: string): Check =>
		(a) => ({ pass: typeof a === type, what: `to be of type ${type}` })
} satisfies Record<Exclude<keyof Matchers<void>, 'toThrow'>, unknown>;

type MatcherName = keyof Matchers<void>;

/** `expect(actual)`. */
export function expect(actual: unknown): Assertion {
	const sync = (negate: boolean) => matchers((check) => verdict(actual, check, negate, ''), 'call');
	const settled = (how: 'resolves' | 'rejects', negate: boolean) =>
		matchers(
			async (check) => verdict(await outcome(actual, how), check, negate, `${how} `),
			how === 'rejects' ? 'rejection' : 'call'
		);
	return Object.assign(sync(false), {
		not: sync(true),
		resolves: Object.assign(settled('resolves', false), { not: settled('resolves', true) }),
		rejects: Object.assign(settled('rejects', false), { not: settled('rejects', true) })
	});
}

function matchers<R>(run: (check: Check) => R, thrown: 'call' | 'rejection'): Matchers<R> {
	const out: Partial<Record<MatcherName, (...args: never[]) => R>> = {};
	for (const name of Object.keys(CHECKS) as Array<keyof typeof CHECKS>) {
		const check = CHECKS[name] as (...args: unknown[]) => Check;
		out[name] = (...args: unknown[]) => run(check(...args));
	}
	out.toThrow = (expected?: string | RegExp | (abstract new (...args: never[]) => unknown)) =>
		run(throwCheck(expected, thrown));
	return out as Matchers<R>;
}

/**
 * `toThrow`: calls the function given to expect and checks what it threw; after `rejects`,
 * checks the rejection's reason.
 */
function throwCheck(
	expected: string | RegExp | (abstract new (...args: never[]) => unknown) | undefined,
	thrownBy: 'call' | 'rejection'
): Check {
	return (actual) => {
		let thrown: { error: unknown } | undefined;
		if (thrownBy === 'rejection') thrown = { error: actual };
		else if (typeof actual === 'function') {
			try {
				(actual as () => unknown)();
			} catch (error) {
				thrown = { error };
			}
		} else {
			// Not a verdict either way: `.not.toThrow()` of a non-function fails too.
			throw new AssertionFailure(
				'expect',
				`expected a function for toThrow to call, found ${show(actual)}`,
				undefined,
				actual
			);
		}
		const expectedText = expected === undefined ? '' : ` ${describeExpectedError(expected)}`;
		const subject = thrownBy === 'rejection' ? 'the rejection' : undefined;
		if (!thrown) return { pass: false, what: `to throw${expectedText}`, subject };
		const message = errorMessage(thrown.error);
		const pass =
			expected === undefined ||
			(typeof expected === 'string'
				? message.includes(expected)
				: expected instanceof RegExp
					? expected.test(message)
					: thrown.error instanceof expected);
		return { pass, what: `to throw${expectedText} (it threw ${show(message)})`, subject };
	};
}

function describeExpectedError(
	expected: string | RegExp | (abstract new (...args: never[]) => unknown)
): string {
	if (typeof expected === 'string') return `an error containing ${show(expected)}`;
	if (expected instanceof RegExp) return `an error matching ${String(expected)}`;
	return `${/^[AEIOU]/i.test(expected.name) ? 'an' : 'a'} ${expected.name}`;
}

/** What an error says, for `toThrow`: its message, an exit's reason, or the value printed. */
function errorMessage(error: unknown): string {
	if (error instanceof Error) return error.message;
	const said =
		typeof error === 'object' && error !== null && 'reason' in error ? error.reason : error;
	return typeof said === 'string' ? said : show(said);
}

/** The value a promise settles with, for `resolves` / `rejects`; the other way fails. */
async function outcome(promise: unknown, how: 'resolves' | 'rejects'): Promise<unknown> {
	if (!isThenable(promise)) {
		throw new AssertionFailure(
			`expect.${how}`,
			`expected a promise to ${how === 'resolves' ? 'resolve' : 'reject'}, found ${show(promise)}: expect(…).${how} takes a promise`
		);
	}
	let value: unknown;
	try {
		value = await promise;
	} catch (error) {
		// Any rejection, an AssertionFailure too: `rejects` is how a test expects one.
		if (how === 'rejects') return error;
		throw new AssertionFailure(
			'expect.resolves',
			`expected the promise to resolve, it rejected with ${show(errorMessage(error))}`
		);
	}
	if (how === 'resolves') return value;
	throw new AssertionFailure(
		'expect.rejects',
		`expected the promise to reject, it resolved to ${show(value)}`
	);
}

function verdict(actual: unknown, check: Check, negate: boolean, how: string): void {
	const { pass, what, expected, subject = shown(actual, how) } = check(actual);
	if (pass !== negate) return;
	throw new AssertionFailure(
		'expect',
		`expected ${subject} ${negate ? 'not ' : ''}${what}`,
		expected,
		actual
	);
}

/** The value a message names: the rejection's reason is said to be one. */
function shown(actual: unknown, how: string): string {
	return how === 'rejects ' ? `the rejection ${show(actual)}` : show(actual);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
	return (
		(typeof value === 'object' || typeof value === 'function') &&
		value !== null &&
		typeof (value as { then?: unknown }).then === 'function'
	);
}

function isIterable(value: unknown): value is Iterable<unknown> {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
	);
}

/** `a.b.0.c` of a value, and whether every step of the path was there. */
function property(value: unknown, path: string): { found: boolean; value?: unknown } {
	let current = value;
	for (const key of path.split('.')) {
		if (current === null || current === undefined || !(key in Object(current)))
			return { found: false };
		current = (current as Record<string, unknown>)[key];
	}
	return { found: true, value: current };
}
