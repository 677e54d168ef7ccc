import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate_limit';

describe('RateLimiter', () => {
	it('admits limit requests per window, then tells how long to wait', () => {
		let now = 0;
		const limiter = new RateLimiter({ limit: 3, windowMs: 1000, now: () => now });
		expect(limiter.take('a')).toEqual({ ok: true, remaining: 2 });
		now = 100;
		limiter.take('a');
		now = 200;
		expect(limiter.take('a')).toEqual({ ok: true, remaining: 0 });
		now = 300;
		expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 700 });
	});

	it('slides: a request leaves the window windowMs after it was made', () => {
		let now = 0;
		const limiter = new RateLimiter({ limit: 2, windowMs: 1000, now: () => now });
		limiter.take('a');
		now = 500;
		limiter.take('a');
		now = 999;
		expect(limiter.take('a').ok).toBe(false);
		now = 1000;
		expect(limiter.take('a')).toEqual({ ok: true, remaining: 0 });
		now = 1499;
		expect(limiter.take('a').ok).toBe(false);
		now = 1500;
		expect(limiter.take('a').ok).toBe(true);
	});

	it('does not count refused requests, and keeps clients apart', () => {
		let now = 0;
		const limiter = new RateLimiter({ limit: 1, windowMs: 1000, now: () => now });
		expect(limiter.take('a').ok).toBe(true);
		for (let i = 0; i < 10; i++) expect(limiter.take('a').ok).toBe(false);
		expect(limiter.take('b').ok).toBe(true);
		now = 1000;
		expect(limiter.take('a').ok).toBe(true);
	});

	it('forgets the longest idle client past maxClients', () => {
		const limiter = new RateLimiter({ limit: 1, windowMs: 1000, now: () => 0, maxClients: 2 });
		limiter.take('a');
		limiter.take('b');
		limiter.take('c');
		// 'a' was forgotten, so it is admitted again; 'c' was not.
		expect(limiter.take('a').ok).toBe(true);
		expect(limiter.take('c').ok).toBe(false);
	});

	it('defaults to 100 requests a minute', () => {
		const limiter = new RateLimiter({ now: () => 0 });
		for (let i = 0; i < 100; i++) expect(limiter.take('x').ok).toBe(true);
		expect(limiter.take('x')).toEqual({ ok: false, retryAfterMs: 60_000 });
	});
});
