/**
 * Routes: an operation's `method` and `path` pattern (`'/processes/:pid/state'`) against a
 * request's method and path. Path segments are percent-decoded one by one, so a pid travels as
 * `%3C0.42.0%3E`, `<0.42.0>`, `0.42.0` or `%23PID%3C0.42.0%3E`, and `decodePid` gives them all
 * the canonical form `'<0.42.0>'`.
 *
 * @example
 * const router = new Router(operations);
 * router.match('GET', '/api/v1/processes/%3C0.42.0%3E/state');
 * // { kind: 'found', operation: getProcessState, params: { pid: '<0.42.0>' } }
 */
import { ArsenalError } from './errors';
import type { AnyOperation } from './operation';

/** Where Arsenal's REST API lives. */
export const API_BASE = '/api/v1';
/** Longer paths get 414: no operation needs more, and a huge path is someone probing. */
export const MAX_PATH_LENGTH = 2048;

export type RouteMatch =
	| { kind: 'found'; operation: AnyOperation; params: Record<string, string> }
	| { kind: 'method_not_allowed'; allow: string[] }
	| { kind: 'not_found' };

interface Route {
	operation: AnyOperation;
	/** A literal segment, or `{ param }` for `:param`. */
	segments: Array<string | { param: string }>;
}

const PID_TEXT = /^(?:#PID)?<?(\d{1,10})\.(\d{1,10})\.(\d{1,10})>?$/;

/** `'0.42.0'`, `'<0.42.0>'`, `'#PID<0.42.0>'` → `'<0.42.0>'`; undefined when it is no pid. */
export function decodePid(text: string): string | undefined {
	const m = PID_TEXT.exec(text);
	return m ? `<${Number(m[1])}.${Number(m[2])}.${Number(m[3])}>` : undefined;
}

/** Splits a path below {@link API_BASE} into decoded segments; 400 for malformed encoding. */
export function pathSegments(pathname: string): string[] {
	if (pathname.length > MAX_PATH_LENGTH) {
		throw new ArsenalError(
			'uri_too_long',
			`The path is ${pathname.length} characters long; at most ${MAX_PATH_LENGTH} are accepted.`
		);
	}
	const under = pathname === API_BASE || pathname.startsWith(`${API_BASE}/`);
	const rest = under ? pathname.slice(API_BASE.length) : pathname;
	const raw = rest.split('/').filter((s, i, all) => s !== '' || (i > 0 && i < all.length - 1));
	return raw.map((segment) => {
		try {
			return decodeURIComponent(segment);
		} catch {
			throw new ArsenalError(
				'invalid_params',
				`The path segment '${segment.slice(0, 80)}' has malformed percent-encoding.`
			);
		}
	});
}

export class Router {
	readonly #routes: Route[];

	constructor(operations: Iterable<AnyOperation>) {
		this.#routes = [];
		for (const operation of operations) {
			const segments = operation.path
				.split('/')
				.filter(Boolean)
				.map((s) => (s.startsWith(':') ? { param: s.slice(1) } : s));
			const clash = this.#routes.find(
				(r) => r.operation.method === operation.method && samePattern(r.segments, segments)
			);
			if (clash) {
				throw new Error(
					`Operations '${clash.operation.name}' and '${operation.name}' both answer ${operation.method} ${operation.path}.`
				);
			}
			this.#routes.push({ operation, segments });
		}
		// Literal segments win over parameters: '/supervisors/:pid' never shadows a literal route.
		this.#routes.sort((a, b) => specificity(b.segments) - specificity(a.segments));
	}

	/** The operation for `method` and `pathname` (a full path, `/api/v1/…`), with its path params. */
	match(method: string, pathname: string): RouteMatch {
		const segments = pathSegments(pathname);
		const allow = new Set<string>();
		for (const route of this.#routes) {
			const params = matchSegments(route.segments, segments);
			if (!params) continue;
			if (route.operation.method === method)
				return { kind: 'found', operation: route.operation, params };
			allow.add(route.operation.method);
		}
		return allow.size ? { kind: 'method_not_allowed', allow: [...allow] } : { kind: 'not_found' };
	}
}

function matchSegments(
	pattern: Route['segments'],
	segments: string[]
): Record<string, string> | undefined {
	if (pattern.length !== segments.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < pattern.length; i++) {
		const p = pattern[i];
		if (typeof p === 'string') {
			if (p !== segments[i]) return undefined;
		} else {
			if (segments[i] === '') return undefined;
			params[p.param] = segments[i];
		}
	}
	return params;
}

function samePattern(a: Route['segments'], b: Route['segments']): boolean {
	return (
		a.length === b.length &&
		a.every((s, i) => (typeof s === 'string' ? s === b[i] : typeof b[i] !== 'string'))
	);
}

/** Literal segments count more the earlier they come. */
function specificity(segments: Route['segments']): number {
	return segments.reduce<number>(
		(n, s, i) => n + (typeof s === 'string' ? 2 ** (segments.length - i) : 0),
		0
	);
}
