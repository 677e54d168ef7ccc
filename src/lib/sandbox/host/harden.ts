/**
 * Freezes the built-in objects of a sandbox worker before learner code runs, as SES's
 * `lockdown()` does, so that learner code cannot patch a method the host calls and catch what
 * flows through it. Without this, replacing `MessagePort.prototype.postMessage` (or
 * `Array.prototype.map`, which comlink calls on a request's arguments) hands the host's private
 * ports to the learner: it can then forge heartbeats and events, or answer in the host's place.
 *
 * What it does, in `scope` (a worker's global, or a `vm` context's in tests):
 * - every built-in constructor, namespace and function the host relies on, their prototypes,
 *   and everything reachable from them (methods, accessors, the hidden intrinsics such as
 *   `%TypedArray%` and the iterator prototypes) is frozen;
 * - their global bindings become read-only, so `globalThis.Promise = …` fails too;
 * - a few properties that code commonly sets on its own objects (`name`, `message`,
 *   `toString`, `constructor`…) stay assignable on instances: on a frozen prototype, a plain
 *   assignment of an inherited read-only property throws (the "override mistake"), and
 *   `this.name = 'MyError'` in an Error subclass must keep working.
 *
 * Learner code keeps its own globals: `globalThis.x = 1` works, only the built-ins are fixed.
 */
import { TYPED_ARRAYS } from './memory_meter';

/** Global bindings made read-only and frozen with all they reach. */
export const HARDENED_GLOBALS = [
	'Object',
	'Function',
	'Array',
	'Number',
	'Boolean',
	'String',
	'Symbol',
	'BigInt',
	'Date',
	'Promise',
	'RegExp',
	'Error',
	'AggregateError',
	'EvalError',
	'RangeError',
	'ReferenceError',
	'SyntaxError',
	'TypeError',
	'URIError',
	'JSON',
	'Math',
	'Intl',
	'Reflect',
	'Proxy',
	'Map',
	'Set',
	'WeakMap',
	'WeakSet',
	'WeakRef',
	'FinalizationRegistry',
	'Iterator',
	'ArrayBuffer',
	'DataView',
	'Atomics',
	...TYPED_ARRAYS,
	'parseInt',
	'parseFloat',
	'isNaN',
	'isFinite',
	'encodeURI',
	'encodeURIComponent',
	'decodeURI',
	'decodeURIComponent',
	'escape',
	'unescape',
	'eval',
	// The web platform the host uses: messaging, timers, events, clocks.
	'EventTarget',
	'Event',
	'MessageEvent',
	'ErrorEvent',
	'PromiseRejectionEvent',
	'MessagePort',
	'MessageChannel',
	'DOMException',
	'AbortController',
	'AbortSignal',
	'URL',
	'URLSearchParams',
	'TextEncoder',
	'TextDecoder',
	'setTimeout',
	'clearTimeout',
	'setInterval',
	'clearInterval',
	'queueMicrotask',
	'reportError',
	'performance',
	'Performance',
	'console',
	'crypto',
	'Crypto'
] as const;

/** Properties that stay assignable on objects inheriting them from a frozen prototype. */
const OVERRIDABLE = new Set([
	'constructor',
	'name',
	'message',
	'stack',
	'cause',
	'toString',
	'toLocaleString',
	'valueOf',
	'toJSON'
]);

export function hardenIntrinsics(scope: typeof globalThis = globalThis): void {
	const global = scope as unknown as Record<string, unknown>;
	const make = scope.Function as unknown as (...source: string[]) => () => unknown;
	const roots: unknown[] = [
		// Intrinsics no global names: the prototypes of async functions and generators, of
		// iterators and of %TypedArray%.
		Object.getPrototypeOf(make('return async function () {}')()),
		Object.getPrototypeOf(make('return function* () {}')()),
		Object.getPrototypeOf(make('return async function* () {}')()),
		Object.getPrototypeOf(make('return [][Symbol.iterator]()')()),
		Object.getPrototypeOf(make('return new Map()[Symbol.iterator]()')()),
		Object.getPrototypeOf(make('return new Set()[Symbol.iterator]()')()),
		Object.getPrototypeOf(make("return ''[Symbol.iterator]()")()),
		Object.getPrototypeOf(make("return ''.matchAll(/a/g)")()),
		Object.getPrototypeOf(make('return (function* () {})()')()),
		Object.getPrototypeOf(make('return (async function* () {})()')()),
		Object.getPrototypeOf(scope.Uint8Array)
	];
	for (const name of HARDENED_GLOBALS) {
		if (!(name in global)) continue;
		roots.push(global[name]);
		const own = Object.getOwnPropertyDescriptor(scope, name);
		// Accessors on the global (e.g. `performance` in a worker) are frozen where they live.
		if (own && 'value' in own && own.configurable) {
			Object.defineProperty(scope, name, {
				value: own.value,
				writable: false,
				configurable: false
			});
		}
	}
	// The global's own prototype chain (WorkerGlobalScope's accessors and methods).
	for (
		let p = Object.getPrototypeOf(scope) as object | null;
		p;
		p = Object.getPrototypeOf(p) as object | null
	) {
		roots.push(p);
	}
	deepFreeze(roots, scope.Object.prototype);
}

/** Freezes `roots` and everything they reach through properties, accessors and prototypes. */
function deepFreeze(roots: unknown[], objectPrototype: object): void {
	const seen = new Set<object>();
	const stack = [...roots];
	while (stack.length > 0) {
		const value = stack.pop();
		if ((typeof value !== 'object' && typeof value !== 'function') || value === null) continue;
		if (seen.has(value)) continue;
		seen.add(value);
		for (const key of Reflect.ownKeys(value)) {
			const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
			if (!descriptor) continue;
			if ('value' in descriptor) {
				stack.push(descriptor.value);
				if (typeof key === 'string' && OVERRIDABLE.has(key) && descriptor.writable) {
					keepOverridable(value, key, descriptor);
				}
			} else {
				stack.push(descriptor.get, descriptor.set);
			}
		}
		stack.push(Object.getPrototypeOf(value));
		// The global's prototype chain ends at Object.prototype, frozen like the rest; the
		// global object itself stays open for the learner's own globals.
		Object.freeze(value);
	}
	if (!Object.isFrozen(objectPrototype)) Object.freeze(objectPrototype);
}

/**
 * Turns the data property `key` of `target` into an accessor: reading gives the value, and an
 * assignment on an object that inherits it defines the property on that object, as it would
 * have before the prototype was frozen (SES's "override taming").
 */
function keepOverridable(target: object, key: string, descriptor: PropertyDescriptor): void {
	const value: unknown = descriptor.value;
	const get = () => value;
	const set = function (this: object, next: unknown) {
		if (this === target) throw new TypeError(`Cannot assign to read only property '${key}'`);
		Object.defineProperty(this, key, {
			value: next,
			writable: true,
			enumerable: true,
			configurable: true
		});
	};
	Object.freeze(get);
	Object.freeze(set);
	Object.defineProperty(target, key, {
		get,
		set,
		enumerable: descriptor.enumerable ?? false,
		configurable: false
	});
}
