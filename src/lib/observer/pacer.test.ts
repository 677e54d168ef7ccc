import { describe, expect, it } from 'vitest';
import { Pacer, type PacerClock } from './pacer';

/** A clock that moves only when told to, firing the timers it passes. */
function virtualClock() {
	let now = 0;
	let timers: Array<{ at: number; fn: () => void; id: number }> = [];
	let ids = 0;
	const clock: PacerClock = {
		now: () => now,
		setTimeout: (fn, ms) => {
			const id = ++ids;
			timers.push({ at: now + ms, fn, id });
			return id;
		},
		clearTimeout: (id) => {
			timers = timers.filter((t) => t.id !== id);
		}
	};
	const advance = (ms: number) => {
		const until = now + ms;
		for (;;) {
			const next = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
			if (!next) break;
			timers = timers.filter((t) => t !== next);
			now = next.at;
			next.fn();
		}
		now = until;
	};
	return { clock, advance };
}

describe('Pacer', () => {
	it('runs the first request of a quiet spell at once', () => {
		const { clock } = virtualClock();
		let runs = 0;
		const pacer = new Pacer(() => runs++, 100, clock);
		pacer.request();
		expect(runs).toBe(1);
		expect(pacer.waiting).toBe(false);
	});

	it('runs the requests that follow within the gap once, at its end', () => {
		const { clock, advance } = virtualClock();
		const at: number[] = [];
		const pacer = new Pacer(() => at.push(clock.now()), 100, clock);
		pacer.request();
		for (let i = 0; i < 6; i++) {
			advance(16);
			pacer.request();
		}
		expect(at).toEqual([0]);
		advance(100);
		expect(at).toEqual([0, 100]);
	});

	it('keeps a storm of requests to one run per gap', () => {
		const { clock, advance } = virtualClock();
		let runs = 0;
		const pacer = new Pacer(() => runs++, 100, clock);
		for (let frame = 0; frame < 60; frame++) {
			pacer.request();
			advance(1000 / 60);
		}
		expect(runs).toBeGreaterThanOrEqual(10);
		expect(runs).toBeLessThanOrEqual(11);
	});

	it('runs at once again after a quiet gap', () => {
		const { clock, advance } = virtualClock();
		let runs = 0;
		const pacer = new Pacer(() => runs++, 100, clock);
		pacer.request();
		advance(250);
		pacer.request();
		expect(runs).toBe(2);
	});

	it('drops a waiting run on cancel', () => {
		const { clock, advance } = virtualClock();
		let runs = 0;
		const pacer = new Pacer(() => runs++, 100, clock);
		pacer.request();
		pacer.request();
		pacer.cancel();
		advance(500);
		expect(runs).toBe(1);
	});
});
