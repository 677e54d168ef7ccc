/**
 * What `/api/v1` traffic looks like between the page, the service worker and the runtime
 * worker. Imported by the service worker, so it stays free of dependencies.
 *
 * Every response body is JSON: `{ data }` on success, `{ error: { code, message, details? } }`
 * otherwise, with the HTTP status chosen from the error `code` in {@link statusOf} alone (the
 * one table is status.ts, dependency-free like this module).
 */
import { statusOf } from './status';

/** An HTTP request as the service worker forwards it. */
export interface ApiRequest {
	method: string;
	/** The full request URL. */
	url: string;
	headers: Record<string, string>;
	/** The body as text; `null` for GET and HEAD. */
	body: string | null;
	/** The window or worker that sent it (the service worker's `clientId`): the rate limit's key. */
	clientId?: string;
}

/** The answer the runtime worker sends back for an {@link ApiRequest}. */
export interface ApiResponse {
	status: number;
	headers?: Record<string, string>;
	body: ApiBody;
}

/** The error envelope's payload. */
export interface ApiError {
	code: string;
	message: string;
	details?: unknown;
}

export type ApiBody = { data: unknown } | { error: ApiError };

export { statusOf };

/** A success response: `200 { data }`. */
export function ok(data: unknown, status = 200): ApiResponse {
	return { status, body: { data } };
}

/** An error response whose status follows from `code`. */
export function fail(
	code: string,
	message: string,
	details?: unknown,
	headers?: Record<string, string>
): ApiResponse {
	const error: ApiError = details === undefined ? { code, message } : { code, message, details };
	return { status: statusOf(code), body: { error }, ...(headers && { headers }) };
}

/**
 * Messages the service worker posts to a page or straight to a runtime worker, each with a
 * MessagePort to answer on.
 *
 * - `direct`: a request from the page itself. The receiver answers `accepted` at once and the
 *   runtime worker then answers on the port, or `not_ready` when its runtime is not up. A
 *   receiver that gets it later than {@link DIRECT_GRACE_MS} after `sentAt` drops it: by then
 *   the service worker has moved on, and the request must not run twice. The service worker
 *   sends it to the page's runtime worker over the port the page registered (see
 *   {@link PortMessage}), or to the page when it has none.
 * - `probe`: answered only once the page's runtime is connected; the way the service worker
 *   finds a ready window for requests from workers, or when the requesting page is not ready.
 * - `request`: a request for a page that answered a probe.
 */
export type BridgeMessage =
	| { type: 'superlearner.api.probe' }
	| { type: 'superlearner.api.request'; req: ApiRequest }
	| { type: 'superlearner.api.direct'; req: ApiRequest; sentAt: number };

/**
 * Posted by a page to the service worker with a MessagePort whose other end its runtime worker
 * listens on, as soon as its runtime is ready (and again for a new runtime or a new service
 * worker): the service worker then sends that page's requests to the worker directly, without a
 * hop through the page's main thread, and sends there the requests of windows and workers that
 * run no app. Only a shortcut: a service worker that was restarted has lost it, and asks the
 * pages again ({@link AnnounceMessage}).
 */
export interface PortMessage {
	type: 'superlearner.api.port';
}

/**
 * Posted by a page to the service worker as it starts serving, before its runtime is ready:
 * this window runs the app. The service worker asks such windows its own requests directly.
 */
export interface HelloMessage {
	type: 'superlearner.api.hello';
}

/**
 * Posted by a service worker that has just started to every window it controls: pages that run
 * the app answer with a {@link HelloMessage}, and a {@link PortMessage} when their runtime is ready.
 */
export interface AnnounceMessage {
	type: 'superlearner.api.announce';
}

/**
 * Posted by a page to the service worker with a MessagePort: cache everything the app needs
 * offline. The service worker answers on the port with {@link CacheFillProgress} as it goes,
 * the last one with `done === total` (or an `error`), then closes it.
 */
export interface CacheFillMessage {
	type: 'superlearner.cache.fill';
}

/**
 * Posted by a page to the service worker with a MessagePort: how much of what the app needs
 * offline is cached, downloading nothing. The answer on the port is one
 * {@link CacheFillProgress}; then the port is closed.
 */
export interface CacheCheckMessage {
	type: 'superlearner.cache.check';
}

export type { CacheFillProgress } from '$lib/common/offline_cache';

/** A page's first reply to a `direct` request. */
export type DirectReply =
	{ type: 'superlearner.api.accepted' } | { type: 'superlearner.api.not_ready' };

/** How late a `direct` request may arrive and still be run. */
export const DIRECT_GRACE_MS = 200;
/** How long the service worker waits for a page's `accepted` (a little more than the grace). */
export const DIRECT_ACK_MS = 300;

const BRIDGE_TYPES = new Set([
	'superlearner.api.probe',
	'superlearner.api.request',
	'superlearner.api.direct'
]);

export function isBridgeMessage(data: unknown): data is BridgeMessage {
	const type = (data as { type?: unknown } | null)?.type;
	return typeof type === 'string' && BRIDGE_TYPES.has(type);
}
