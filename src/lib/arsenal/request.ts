/**
 * Reading a REST request's parameters without trusting them. Query strings and JSON bodies come
 * from anyone who can call `fetch`, so this module bounds their size and nesting, rejects
 * `__proto__` keys and malformed percent-encoding with a 4xx, and builds parameter objects that
 * cannot reach `Object.prototype`.
 *
 * @example
 * parseQuery('?perPage=10&keys=links&keys=memory'); // { perPage: '10', keys: ['links', 'memory'] }
 * parseBody('{"type":"call","message":"get"}');    // { type: 'call', message: 'get' }
 * parseBody('[1]');                                 // throws ArsenalError 'invalid_params' (400)
 */
import { ArsenalError } from './errors';

/** Longest query string accepted (414 beyond). */
export const MAX_QUERY_LENGTH = 4096;
/** Most query parameters accepted. */
export const MAX_QUERY_PARAMS = 64;
/** Longest body accepted, in characters (413 beyond), unless an operation takes more. */
export const MAX_BODY_LENGTH = 256 * 1024;
/** Deepest nesting of arrays and objects accepted in a body. */
export const MAX_DEPTH = 32;

/** `?a=1&b=2&b=3` → `{ a: '1', b: ['2', '3'] }`; `+` is a space, as in forms. */
export function parseQuery(search: string): Record<string, string | string[]> {
	const query = search.startsWith('?') ? search.slice(1) : search;
	if (query.length > MAX_QUERY_LENGTH) {
		throw new ArsenalError(
			'uri_too_long',
			`The query string is ${query.length} characters long; at most ${MAX_QUERY_LENGTH} are accepted.`
		);
	}
	const out: Record<string, string | string[]> = Object.create(null) as Record<
		string,
		string | string[]
	>;
	if (query === '') return out;
	const pairs = query.split('&').filter(Boolean);
	if (pairs.length > MAX_QUERY_PARAMS) {
		throw new ArsenalError(
			'invalid_params',
			`The query string has ${pairs.length} parameters; at most ${MAX_QUERY_PARAMS} are accepted.`
		);
	}
	for (const pair of pairs) {
		const eq = pair.indexOf('=');
		const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
		const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
		checkKey(key, 'query string');
		const previous = out[key];
		out[key] =
			previous === undefined
				? value
				: Array.isArray(previous)
					? [...previous, value]
					: [previous, value];
	}
	return { ...out };
}

/**
 * The JSON object in `text`; `{}` for an empty body. 400 when it is not JSON, not an object,
 * nested deeper than {@link MAX_DEPTH}, or holds a `__proto__` key; 413 when it is too long.
 */
export function parseBody(
	text: string | null,
	maxLength = MAX_BODY_LENGTH
): Record<string, unknown> {
	if (text === null || text.trim() === '') return {};
	if (text.length > maxLength) {
		throw new ArsenalError(
			'payload_too_large',
			`The body is ${text.length} characters long; at most ${maxLength} are accepted.`
		);
	}
	if (nestedDeeperThan(text, MAX_DEPTH)) {
		throw new ArsenalError(
			'invalid_params',
			`The body nests arrays or objects deeper than ${MAX_DEPTH} levels.`
		);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(text, (key, value: unknown) => {
			checkKey(key, 'body');
			return value;
		});
	} catch (error) {
		if (error instanceof ArsenalError) throw error;
		const why = error instanceof Error ? error.message : String(error);
		throw new ArsenalError('invalid_params', `The body is not valid JSON: ${why}`);
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new ArsenalError(
			'invalid_params',
			`The body must be a JSON object of parameters, not ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`}.`
		);
	}
	return parsed as Record<string, unknown>;
}

function decodeComponent(text: string): string {
	try {
		return decodeURIComponent(text.replaceAll('+', ' '));
	} catch {
		throw new ArsenalError(
			'invalid_params',
			`The query string has malformed percent-encoding near '${text.slice(0, 80)}'.`
		);
	}
}

function checkKey(key: string, where: string): void {
	if (key === '__proto__') {
		throw new ArsenalError(
			'invalid_params',
			`The ${where} has a '__proto__' key, which is not accepted.`
		);
	}
}

/** Whether arrays and objects in the JSON `text` nest deeper than `limit`, without parsing it. */
export function nestedDeeperThan(text: string, limit: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 92)
				i++; // a backslash escapes the next character
			else if (c === 34) inString = false;
		} else if (c === 34) {
			inString = true;
		} else if (c === 123 || c === 91) {
			if (++depth > limit) return true;
		} else if (c === 125 || c === 93) {
			depth--;
		}
	}
	return false;
}
