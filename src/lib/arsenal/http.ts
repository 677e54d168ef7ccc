/**
 * The Arsenal Plug: an HTTP request (as the service worker forwards it) → route → operation →
 * response. Statuses come from the one table in status.ts; every body is JSON — `{ data, meta? }`
 * or `{ error: { code, message, details? } }` — and `handle` never throws.
 *
 * Parameters merge the query string, the JSON body and the path (path parameters win, so a body
 * cannot point a request at another pid). The request's `clientId` (the service worker's) is
 * the key of the per-client rate limit.
 *
 * @example
 * await handle({ method: 'DELETE', url: '/api/v1/processes/0.42.0?reason=shutdown', headers: {}, body: null }, registry, ctx);
 * // { status: 200, body: { data: { pid: '<0.42.0>', reason: 'shutdown', exited: true, … } } }
 */
import { ArsenalError, toArsenalError } from './errors';
import { fail, type ApiRequest, type ApiResponse } from './protocol';
import type { ExecutionContext, OperationRegistry } from './registry';
import { parseBody, parseQuery } from './request';
import { serialize } from './serialize';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Answers one request. Never throws: anything unexpected is a 500 naming what failed. */
export async function handle(
	req: ApiRequest,
	registry: OperationRegistry,
	ctx: Omit<ExecutionContext, 'clientId'>
): Promise<ApiResponse> {
	const method = String(req.method).toUpperCase();
	let url: URL;
	try {
		url = new URL(req.url, 'http://localhost');
	} catch {
		return failure(new ArsenalError('invalid_params', 'The request URL cannot be read.'));
	}
	let operation = '';
	try {
		const match = registry.router.match(method, url.pathname);
		if (match.kind === 'not_found') {
			return failure(
				new ArsenalError('not_found', `No API route ${method} ${clip(url.pathname)}.`)
			);
		}
		if (match.kind === 'method_not_allowed') {
			const allow = match.allow.join(', ');
			return failure(
				new ArsenalError(
					'method_not_allowed',
					`${clip(url.pathname)} accepts ${allow}, not ${method}.`,
					{
						allow: match.allow
					}
				),
				{ allow }
			);
		}
		operation = match.operation.name;
		const query = parseQuery(url.search);
		const body = WITH_BODY.has(method) ? parseBody(req.body, match.operation.maxBodyLength) : {};
		const params = { ...query, ...body, ...match.params };
		const executed = await registry.execute(operation, params, {
			...ctx,
			clientId: req.clientId ?? 'anonymous'
		});
		const out: { data: unknown; meta?: unknown } = { data: executed.data };
		if (executed.meta !== undefined) out.meta = executed.meta;
		return { status: executed.status, body: out as ApiResponse['body'] };
	} catch (thrown) {
		const error = toArsenalError(thrown, operation || `${method} ${clip(url.pathname)}`);
		const retry = (error.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
		return failure(
			error,
			error.code === 'rate_limited' && typeof retry === 'number'
				? { 'retry-after': String(Math.max(1, Math.ceil(retry / 1000))) }
				: undefined
		);
	}
}

/** The error response for `error`, its status from the table, its details as JSON. */
function failure(error: ArsenalError, headers?: Record<string, string>): ApiResponse {
	const details = error.details === undefined ? undefined : serialize(error.details);
	return fail(error.code, error.message, details, headers);
}

function clip(text: string): string {
	return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
