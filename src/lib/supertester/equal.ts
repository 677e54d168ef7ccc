/**
 * Deep equality as `expect(…).toEqual` and `assertGenServerState` mean it: arrays, plain
 * objects, class instances, Maps, Sets, Dates and RegExps by content; pids and refs (interned)
 * by identity; `NaN` equals `NaN`. `strict` also tells an absent property from one that is
 * `undefined`, and a class instance from a plain object with the same fields.
 */
import { isPid, isRef } from '$lib/runtime/host';

export function deepEqual(a: unknown, b: unknown, strict = false): boolean {
	return equal(a, b, strict, new Map());
}

function equal(a: unknown, b: unknown, strict: boolean, seen: Map<object, object>): boolean {
	if (Object.is(a, b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (seen.get(a) === b) return true;
	seen.set(a, b);
	if (Array.isArray(a) || Array.isArray(b)) {
		return (
			Array.isArray(a) &&
			Array.isArray(b) &&
			a.length === b.length &&
			a.every((x, i) => equal(x, b[i], strict, seen))
		);
	}
	if (a instanceof Date || b instanceof Date) {
		return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
	}
	if (a instanceof Map || b instanceof Map) {
		if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
		return [...a].every(([k, v]) => b.has(k) && equal(v, b.get(k), strict, seen));
	}
	if (a instanceof Set || b instanceof Set) {
		if (!(a instanceof Set && b instanceof Set) || a.size !== b.size) return false;
		return [...a].every((x) => b.has(x) || [...b].some((y) => equal(x, y, strict, seen)));
	}
	if (a instanceof RegExp || b instanceof RegExp) {
		return a instanceof RegExp && b instanceof RegExp && String(a) === String(b);
	}
	if (a instanceof Error || b instanceof Error) {
		return a instanceof Error && b instanceof Error && a.name === b.name && a.message === b.message;
	}
	// Pids and refs: equal only when the same object (they are interned), which these are not.
	if (isIdentity(a) || isIdentity(b)) return false;
	if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
	const keysOf = (o: object) =>
		Object.keys(o).filter((k) => strict || (o as Record<string, unknown>)[k] !== undefined);
	const keysA = keysOf(a);
	const keysB = keysOf(b);
	if (keysA.length !== keysB.length) return false;
	const recordA = a as Record<string, unknown>;
	const recordB = b as Record<string, unknown>;
	return keysA.every((k) => Object.hasOwn(b, k) && equal(recordA[k], recordB[k], strict, seen));
}

/** Pids and refs print as `<N.I.0>` and `#Ref<N.I>`: the runtime interns them. */
function isIdentity(value: object): boolean {
	return isPid(value) || isRef(value);
}

/**
 * Whether `actual` has at least `expected`'s properties, recursively (`toMatchObject`):
 * arrays must match element by element, other values as {@link deepEqual}.
 */
export function matchesObject(actual: unknown, expected: unknown): boolean {
	if (typeof expected !== 'object' || expected === null) return deepEqual(actual, expected);
	if (typeof actual !== 'object' || actual === null) return false;
	if (Array.isArray(expected)) {
		return (
			Array.isArray(actual) &&
			actual.length === expected.length &&
			expected.every((x, i) => matchesObject(actual[i], x))
		);
	}
	return Object.entries(expected).every(
		([k, v]) => k in actual && matchesObject((actual as Record<string, unknown>)[k], v)
	);
}
