/**
 * How a value prints, on one line: in a sandbox's console (as console.log joins its arguments)
 * and in Supertester's assertion messages, so that what a failed assertion says it found reads
 * as the console would have printed it.
 *
 * ```ts
 * formatArgs(['n =', 1, { pid }]); // 'n = 1 { pid: <1.5.0> }'
 * show(['ok', 3]);                 // '["ok", 3]'
 * ```
 */
import { isPid, isRef } from '$lib/runtime/host';

/** As console.log joins its arguments: strings as they are, everything else inspected. */
export function formatArgs(args: unknown[]): string {
	return args.map((a) => (typeof a === 'string' ? a : show(a))).join(' ');
}

/** One value, strings quoted: what an assertion message says it expected or found. */
export function show(value: unknown): string {
	return inspect(value, 0, new Set());
}

const MAX_DEPTH = 4;
const MAX_ITEMS = 50;

/**
 * JSON-ish, on one line: pids as `<N.I.0>`, cycles and depth cut short, nothing thrown — the
 * value may be hostile (a getter or a proxy trap that throws): what cannot be read shows as
 * `#Unreadable<why>`, and the rest of the line is printed.
 */
function inspect(value: unknown, depth: number, seen: Set<object>): string {
	try {
		return inspectValue(value, depth, seen);
	} catch (error) {
		return `#Unreadable<${whyUnreadable(error)}>`;
	}
}

function whyUnreadable(error: unknown): string {
	try {
		return error instanceof Error ? error.message : typeof error;
	} catch {
		return 'unknown';
	}
}

function inspectValue(value: unknown, depth: number, seen: Set<object>): string {
	switch (typeof value) {
		case 'string':
			return JSON.stringify(value);
		case 'bigint':
			return `${value}n`;
		case 'function':
			return `[Function ${value.name || '(anonymous)'}]`;
		case 'symbol':
		case 'number':
		case 'boolean':
		case 'undefined':
			return String(value);
	}
	if (value === null) return 'null';
	if (isPid(value) || isRef(value)) return String(value);
	if (value instanceof Error) return `${value.name}: ${value.message}`;
	const obj = value as object;
	if (seen.has(obj)) return '[Circular]';
	if (depth >= MAX_DEPTH) return Array.isArray(obj) ? '[Array]' : '[Object]';
	seen.add(obj);
	const inner = (v: unknown) => inspect(v, depth + 1, seen);
	let text: string;
	if (Array.isArray(obj)) {
		text = `[${listed(obj, obj.length, inner).join(', ')}]`;
	} else if (obj instanceof Map) {
		const items = listed([...obj], obj.size, ([k, v]) => `${inner(k)} => ${inner(v)}`);
		text = `Map(${obj.size}) {${items.length ? ` ${items.join(', ')} ` : ''}}`;
	} else if (obj instanceof Set) {
		text = `Set(${obj.size}) {${obj.size ? ` ${listed([...obj], obj.size, inner).join(', ')} ` : ''}}`;
	} else {
		const keys = Object.keys(obj);
		const items = listed(keys, keys.length, (k) => `${key(k)}: ${readProperty(obj, k, inner)}`);
		text = items.length ? `{ ${items.join(', ')} }` : '{}';
	}
	seen.delete(obj);
	return text;
}

/** One property, or why it could not be read (a getter that throws). */
function readProperty(obj: object, k: string, show: (v: unknown) => string): string {
	let v: unknown;
	try {
		v = (obj as Record<string, unknown>)[k];
	} catch (error) {
		return `#Unreadable<${whyUnreadable(error)}>`;
	}
	return show(v);
}

function listed<T>(items: T[], size: number, show: (item: T) => string): string[] {
	const shown = items.slice(0, MAX_ITEMS).map(show);
	if (size > MAX_ITEMS) shown.push(`… ${size - MAX_ITEMS} more`);
	return shown;
}

function key(k: string): string {
	return /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
}
