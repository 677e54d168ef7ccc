/**
 * The one table from error `code` to HTTP status (DESIGN.md, "Errors"). Everything that answers
 * over HTTP — the Arsenal Plug in the runtime worker and the service worker's own fallbacks —
 * reads the status from here, so a code means the same status everywhere.
 *
 * Dependency-free on purpose: the service worker imports it.
 *
 * @example
 * statusOf('validation_failed'); // 422
 * statusOf('something_new');     // 500: an unknown code is a server error
 */

/** HTTP status for each error code. */
export const STATUS: Readonly<Record<string, number>> = Object.freeze({
	/** The body is not JSON, not an object, has `__proto__` keys, or is nested too deep. */
	invalid_params: 400,
	/** An operation's `authorize` refused (e.g. killing the system's own processes without force). */
	unauthorized: 403,
	/** No such route, operation, supervisor child or node. */
	not_found: 404,
	/** No such process (it may have exited). */
	noproc: 404,
	/** The path exists, with other methods. */
	method_not_allowed: 405,
	/** The request contradicts the current state: a child id in use, a running child. */
	conflict: 409,
	/** A configured limit is reached, such as maxSandboxes. */
	limit_exceeded: 409,
	/** The body is larger than the Plug accepts. */
	payload_too_large: 413,
	/** The path or query string is longer than the Plug accepts. */
	uri_too_long: 414,
	/** A parameter failed its schema; `details` names the field and the reason. */
	validation_failed: 422,
	/** A sandbox's program has errors; `details.diagnostics` has each with file, line and column. */
	compile_failed: 422,
	/** A hot reload's codeChange threw or answered badly; the old code keeps running. */
	code_change_failed: 422,
	/** A sandbox's program threw while it was being evaluated. */
	load_failed: 422,
	/** A sandbox's entry file has no default export that is a module. */
	no_entry: 422,
	/** A sandbox's root supervisor did not start. */
	start_failed: 422,
	/** A sandbox's code ran without yielding until the watchdog ended its worker. */
	unresponsive: 422,
	/**
	 * A sandbox was ended while the request ran: an error escaped its processes, it passed its
	 * memory budget, or it broke the protocol (the message says which).
	 */
	sandbox_failed: 422,
	/** The process is not a GenServer (or another behaviour that keeps state). */
	not_genserver: 422,
	/** The process is not a Supervisor or DynamicSupervisor. */
	not_supervisor: 422,
	/** Over the per-client rate limit. */
	rate_limited: 429,
	/** Anything else: the body says which operation failed and why. */
	operation_failed: 500,
	/** No runtime is ready to answer. */
	unavailable: 503,
	/** The operation, or a call it made, ran past its deadline. */
	timeout: 504
});

/** The HTTP status an error `code` maps to; unknown codes are 500. */
export function statusOf(code: string): number {
	return Object.hasOwn(STATUS, code) ? STATUS[code] : 500;
}
