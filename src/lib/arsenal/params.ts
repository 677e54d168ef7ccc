/**
 * Schema pieces that operations share. Parameters arrive as JSON from a body or a page, or as
 * strings from a query string (`?perPage=10&includeChildren=true`), so the numeric, boolean and
 * list helpers accept both forms, and the OpenAPI document still shows the plain type.
 *
 * Booleans are strict where `z.coerce.boolean` is not: only `true` and `'true'` mean true;
 * `false`, `'false'`, `'0'` and `''` mean false; anything else is a validation error.
 *
 * @example
 * const Params = z.strictObject({
 *   pid: pid(),
 *   perPage: int(z.number().int().min(1).max(1000)).prefault(100),
 *   force: bool().prefault(false)
 * });
 * Params.parse({ pid: '0.42.0', perPage: '10', force: 'false' }); // { pid: '<0.42.0>', perPage: 10, force: false }
 */
import { z } from 'zod';
import { decodePid } from './router';

const INTEGER = /^[+-]?\d+$/;
/** Digits like a pid's, of any length: always a pid (never a name), if too long a bad one. */
const PID_SHAPED = /^(?:#PID)?<?\d+\.\d+\.\d+>?$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** A boolean that also reads the query-string forms (`'true'`, `'false'`, `'0'`, `''`). */
export function bool() {
	return z.preprocess(
		(v) => (v === 'true' ? true : v === 'false' || v === '0' || v === '' ? false : v),
		z.boolean({ error: 'Expected true or false' })
	);
}

/** `inner` (an integer schema) that also reads a string of digits. */
export function int<T extends z.ZodType>(inner: T) {
	return z.preprocess((v) => (typeof v === 'string' && INTEGER.test(v) ? Number(v) : v), inner);
}

/** `inner` (a number schema) that also reads a decimal string. */
export function num<T extends z.ZodType>(inner: T) {
	return z.preprocess((v) => (typeof v === 'string' && NUMBER.test(v) ? Number(v) : v), inner);
}

/** `inner` (an array schema) that also reads `'a,b'` (and one value of a repeated key). */
export function list<T extends z.ZodType>(inner: T) {
	return z.preprocess(
		(v) =>
			typeof v === 'string'
				? v
						.split(',')
						.map((s) => s.trim())
						.filter(Boolean)
				: v,
		inner
	);
}

/**
 * A process: a pid as text (`'<0.42.0>'`, `'0.42.0'`, `'#PID<0.42.0>'`, URL-decoded already) or
 * a registered name. A pid parses to its canonical `'<0.42.0>'`, and pid-shaped text is never
 * a name (30 digits are a 422). Any other text is a name, as it is (`'Demo.Counter'`, `'a<b>'`,
 * `'two words'`): the runtime registers any string, so REST must reach any. Whether the process
 * exists is the operation's question (404 `noproc`).
 */
export function pid(
	description = 'A pid (<0.42.0>, 0.42.0 or #PID<0.42.0>) or a registered name (URL-encoded in a path).'
) {
	return z
		.string()
		.min(1)
		.max(200)
		.transform((text, ctx) => {
			const canonical = decodePid(text);
			if (canonical) return canonical;
			if (PID_SHAPED.test(text)) {
				ctx.issues.push({
					code: 'custom',
					input: text,
					message: 'A pid has 1 to 10 digits per number'
				});
				return z.NEVER;
			}
			return text;
		})
		.describe(description);
}

/**
 * A pid as text only (`'<0.42.0>'`, `'0.42.0'`, `'#PID<0.42.0>'`), parsed to its canonical
 * `'<0.42.0>'`: for filters, which match pids in recorded data, where a name means nothing.
 */
export function pidText() {
	return z
		.string()
		.max(200)
		.transform((text, ctx) => {
			const canonical = decodePid(text);
			if (canonical) return canonical;
			ctx.issues.push({ code: 'custom', input: text, message: 'A pid like <0.42.0>' });
			return z.NEVER;
		});
}

/** `force`: acts on the system's own processes too (they answer 403 otherwise). */
export function force() {
	return bool()
		.prefault(false)
		.describe(
			"Also act on SuperLearner's own processes (the SuperLearner.Supervisor tree); they answer 403 without it."
		);
}

/** An exit reason a learner can type: a word like `shutdown`, or any short text. */
export function reason(fallback: string, description: string) {
	return z.string().min(1).max(200).default(fallback).describe(description);
}

/** Any JSON value (a message, a reason, call arguments). */
export const json = z.json();
