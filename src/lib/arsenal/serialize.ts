/**
 * The one serializer for everything Arsenal answers: operation results, error details, and the
 * JSON the REST layer sends. Whatever a process holds in its state or mailbox — functions,
 * symbols, cycles, pids, Maps, errors, a getter that throws — comes out as plain JSON data that
 * `JSON.stringify` and `structuredClone` both accept, with the same shape every time.
 *
 * Values JSON has no word for become strings in Erlang's manner of printing them:
 *
 * | value | becomes |
 * | --- | --- |
 * | a pid, a ref | `'<0.42.0>'`, `'#Ref<0.7>'` |
 * | a function | `'#Fun<name/arity>'` |
 * | a symbol | `'Symbol(description)'` |
 * | a bigint | its decimal digits, e.g. `'12345678901234567890'` |
 * | NaN, ±Infinity | `'NaN'`, `'Infinity'`, `'-Infinity'` |
 * | an Error | `{ name, message, code?, details? }` |
 * | a Map | an object when every key is a string, else `[[key, value], …]` |
 * | a Set, a typed array | an array |
 * | a Date | its ISO string |
 * | a cycle | `'#Circular'` |
 * | past `maxDepth` or `maxNodes` | `'#Truncated'` |
 * | unreadable (a throwing getter or proxy) | `'#Unreadable<why>'` |
 *
 * `undefined` is left out of objects and is `null` in arrays, as `JSON.stringify` does.
 *
 * @example
 * serialize({ pid, next: () => 1, self: cyclic }); // { pid: '<0.4.0>', next: '#Fun<next/0>', self: '#Circular' }
 */
import { isPid, isRef } from '$lib/runtime/host';

export interface SerializeOptions {
	/** Containers nested deeper than this become `'#Truncated'`. Default 32. */
	maxDepth?: number;
	/** At most this many values are visited; the rest become `'#Truncated'`. Default 100,000. */
	maxNodes?: number;
	/** Strings longer than this are cut, with `'… (N more characters)'`. Default: no limit. */
	maxString?: number;
}

/** What serialize returns: JSON data. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A copy of `value` that is plain JSON data; never throws. */
export function serialize(value: unknown, opts: SerializeOptions = {}): Json {
	const state = {
		maxDepth: opts.maxDepth ?? 32,
		budget: opts.maxNodes ?? 100_000,
		maxString: opts.maxString ?? Infinity,
		path: new Set<object>()
	};
	return walk(value, 0, state) ?? null;
}

interface State {
	maxDepth: number;
	budget: number;
	maxString: number;
	/** The containers on the way from the root to the current value: a cycle leads back to one. */
	path: Set<object>;
}

/** The JSON form of `value`; `undefined` means "leave it out" (object members only). */
function walk(value: unknown, depth: number, state: State): Json | undefined {
	if (--state.budget < 0) return '#Truncated';
	switch (typeof value) {
		case 'string':
			return cut(value, state.maxString);
		case 'boolean':
			return value;
		case 'number':
			if (Number.isFinite(value)) return Object.is(value, -0) ? 0 : value;
			return String(value);
		case 'bigint':
			return value.toString();
		case 'undefined':
			return undefined;
		case 'symbol':
			return value.toString();
		case 'function':
			return describeFunction(value as (...args: unknown[]) => unknown);
	}
	if (value === null) return null;
	const obj = value as object;
	if (state.path.has(obj)) return '#Circular';
	try {
		const named = printedAs(obj);
		if (named !== undefined) return named;
		if (depth >= state.maxDepth) return '#Truncated';
		state.path.add(obj);
		try {
			return container(obj, depth + 1, state);
		} finally {
			state.path.delete(obj);
		}
	} catch (error) {
		return `#Unreadable<${reasonOf(error)}>`;
	}
}

/** `text`, or its first `max` characters and how many more there were. */
export function cut(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

/** Objects that print as one string: pids, refs, dates, buffers, promises. */
function printedAs(obj: object): string | undefined {
	if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
	if (obj instanceof ArrayBuffer) return `#Binary<${obj.byteLength} bytes>`;
	if (obj instanceof Promise) return '#Promise';
	if (obj instanceof WeakMap || obj instanceof WeakSet || obj instanceof WeakRef) {
		return `#${obj.constructor.name}`;
	}
	// Pids and refs print as Erlang does (runtime/pid.ts).
	if (isPid(obj) || isRef(obj)) return obj.toString();
	return undefined;
}

function container(obj: object, depth: number, state: State): Json {
	if (Array.isArray(obj) || ArrayBuffer.isView(obj)) {
		const items = Array.isArray(obj) ? (obj as unknown[]) : typedItems(obj);
		const out: Json[] = [];
		for (const item of items) {
			if (state.budget <= 0) {
				out.push('#Truncated');
				break;
			}
			out.push(walk(item, depth, state) ?? null);
		}
		return out;
	}
	if (obj instanceof Map) return mapOf(obj, depth, state);
	if (obj instanceof Set) return container([...(obj as Set<unknown>)], depth, state);
	if (obj instanceof Error) return errorOf(obj, depth, state);
	const out: Record<string, Json> = {};
	for (const key of Object.keys(obj)) {
		if (state.budget <= 0) {
			put(out, '#Truncated', '#Truncated');
			break;
		}
		let member: Json | undefined;
		try {
			member = walk((obj as Record<string, unknown>)[key], depth, state);
		} catch (error) {
			member = `#Unreadable<${reasonOf(error)}>`;
		}
		if (member !== undefined) put(out, key, member);
	}
	return out;
}

function typedItems(view: ArrayBufferView): unknown[] {
	if (view instanceof DataView) return [`#Binary<${view.byteLength} bytes>`];
	return Array.from(view as unknown as ArrayLike<unknown>);
}

function mapOf(map: Map<unknown, unknown>, depth: number, state: State): Json {
	const entries = [...map];
	if (entries.every(([key]) => typeof key === 'string')) {
		const out: Record<string, Json> = {};
		for (const [key, item] of entries) {
			const member = walk(item, depth, state);
			if (member !== undefined) put(out, key as string, member);
		}
		return out;
	}
	return entries.map(([key, item]) => [
		walk(key, depth, state) ?? null,
		walk(item, depth, state) ?? null
	]);
}

function errorOf(error: Error, depth: number, state: State): Json {
	const out: Record<string, Json> = { name: String(error.name), message: String(error.message) };
	const { code, details } = error as Error & { code?: unknown; details?: unknown };
	if (code !== undefined) put(out, 'code', walk(code, depth, state) ?? null);
	if (details !== undefined) put(out, 'details', walk(details, depth, state) ?? null);
	return out;
}

/** Sets `out[key]` as an own data property, even for `'__proto__'`. */
function put(out: Record<string, Json>, key: string, value: Json): void {
	if (key === '__proto__') {
		Object.defineProperty(out, key, {
			value,
			enumerable: true,
			writable: true,
			configurable: true
		});
	} else {
		out[key] = value;
	}
}

function describeFunction(fn: (...args: unknown[]) => unknown): string {
	let name = 'anonymous';
	let arity = 0;
	try {
		name = typeof fn.name === 'string' && fn.name ? fn.name : 'anonymous';
		arity = typeof fn.length === 'number' ? fn.length : 0;
	} catch {
		// a revoked proxy: keep the defaults
	}
	return `#Fun<${name}/${arity}>`;
}

function reasonOf(error: unknown): string {
	try {
		return error instanceof Error ? error.message : String(error);
	} catch {
		return 'unknown';
	}
}
