/**
 * A per-client sliding-window rate limit: at most `limit` requests in any `windowMs`. Each
 * client keeps the times of its recent requests (at most `limit` of them), so the limit is
 * exact, and a client that stops asking is forgotten once its window has passed.
 *
 * @example
 * const limiter = new RateLimiter({ limit: 100, windowMs: 60_000 });
 * limiter.take('client-1'); // { ok: true, remaining: 99 } … then { ok: false, retryAfterMs: 59_000 }
 */

export interface RateLimitOptions {
	/** Requests allowed per window. Default 100. */
	limit?: number;
	/** Default 60,000 ms. */
	windowMs?: number;
	/** Milliseconds; default `performance.now()`. */
	now?: () => number;
	/** Clients remembered at once; the longest idle ones are forgotten first. Default 10,000. */
	maxClients?: number;
}

export type Admission = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

export class RateLimiter {
	readonly limit: number;
	readonly windowMs: number;
	readonly #now: () => number;
	readonly #maxClients: number;
	/** Request times per client, oldest first; Map order is least recently seen first. */
	readonly #clients = new Map<string, number[]>();

	constructor(opts: RateLimitOptions = {}) {
		this.limit = opts.limit ?? 100;
		this.windowMs = opts.windowMs ?? 60_000;
		this.#now = opts.now ?? (() => performance.now());
		this.#maxClients = opts.maxClients ?? 10_000;
	}

	/** Counts one request of `client`, or refuses it with the wait until the next one fits. */
	take(client: string): Admission {
		const now = this.#now();
		const times = this.#clients.get(client) ?? [];
		let expired = 0;
		while (expired < times.length && times[expired] <= now - this.windowMs) expired++;
		if (expired) times.splice(0, expired);
		this.#clients.delete(client);
		this.#clients.set(client, times);
		if (times.length >= this.limit) {
			return { ok: false, retryAfterMs: Math.max(0, times[0] + this.windowMs - now) };
		}
		times.push(now);
		if (this.#clients.size > this.#maxClients) {
			const oldest = this.#clients.keys().next().value;
			if (oldest !== undefined) this.#clients.delete(oldest);
		}
		return { ok: true, remaining: this.limit - times.length };
	}

	/** Forgets every client. */
	reset(): void {
		this.#clients.clear();
	}
}
