/**
 * The REST layer on the runtime side: an {@link ApiRequest} forwarded by the service worker
 * becomes an {@link ApiResponse}. A small router for now; operations plug in here later.
 *
 * @example
 * await handle({ method: 'GET', url: 'http://localhost/api/v1/health', headers: {}, body: null }, { node });
 * // → { status: 200, body: { data: { status: 'ok', node: 'system@superlearner', uptimeMs: 1234 } } }
 */
import type { SystemNode } from '$lib/core/system_node';
import { fail, ok, type ApiRequest, type ApiResponse } from './protocol';
import { toWire } from './wire';

/** What a route handler may use. */
export interface HttpContext {
	node: SystemNode;
}

interface Route {
	method: string;
	path: string;
	run(req: ApiRequest, ctx: HttpContext): ApiResponse | Promise<ApiResponse>;
}

const routes: Route[] = [
	{
		method: 'GET',
		path: '/api/v1/health',
		run: (_, { node }) => ok({ status: 'ok', node: node.name, uptimeMs: node.uptimeMs() })
	}
];

/** Answers one request. Never throws: a failing handler becomes a 500 `operation_failed`. */
export async function handle(req: ApiRequest, ctx: HttpContext): Promise<ApiResponse> {
	const { pathname } = new URL(req.url, 'http://localhost');
	const candidates = routes.filter((route) => route.path === pathname);
	if (candidates.length === 0) {
		return fail('not_found', `No API route ${req.method} ${pathname}.`);
	}
	const route = candidates.find((r) => r.method === req.method);
	if (!route) {
		const allow = candidates.map((r) => r.method).join(', ');
		return fail(
			'method_not_allowed',
			`${pathname} accepts ${allow}, not ${req.method}.`,
			undefined,
			{
				allow
			}
		);
	}
	try {
		const res = await route.run(req, ctx);
		return { ...res, body: toWire(res.body) as ApiResponse['body'] };
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		return fail('operation_failed', `${req.method} ${pathname} failed: ${message}`);
	}
}
