/**
 * What `/api/v1` traffic looks like between the page, the service worker and the runtime
 * worker. Imported by the service worker, so it stays free of dependencies.
 *
 * Every response body is JSON: `{ data }` on success, `{ error: { code, message, details? } }`
 * otherwise, with the HTTP status chosen from the error `code` in {@link statusOf} alone.
 */

/** An HTTP request as the service worker forwards it. */
export interface ApiRequest {
	method: string;
	/** The full request URL. */
	url: string;
	headers: Record<string, string>;
	/** The body as text; `null` for GET and HEAD. */
	body: string | null;
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

/** HTTP status for each error code; unknown codes are 500. */
const STATUS: Record<string, number> = {
	invalid_params: 400,
	unauthorized: 403,
	not_found: 404,
	noproc: 404,
	method_not_allowed: 405,
	conflict: 409,
	validation_failed: 422,
	rate_limited: 429,
	operation_failed: 500,
	unavailable: 503,
	timeout: 504
};

/** The HTTP status an error `code` maps to. */
export function statusOf(code: string): number {
	return STATUS[code] ?? 500;
}

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
 * Messages the service worker posts to a page, each with a MessagePort to answer on.
 * A page answers a probe only once its runtime worker is connected; that is how it tells the
 * service worker it is ready, and why the service worker needs to remember nothing.
 */
export type BridgeMessage =
	{ type: 'superlearner.api.probe' } | { type: 'superlearner.api.request'; req: ApiRequest };

export function isBridgeMessage(data: unknown): data is BridgeMessage {
	const type = (data as { type?: unknown } | null)?.type;
	return type === 'superlearner.api.probe' || type === 'superlearner.api.request';
}
