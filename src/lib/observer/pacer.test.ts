import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer';
import { virtualTimers } from '$lib/testing/timers';

describe('Pacer', () => {
	it('runs the first request of a quiet spell at once', () => {
		const { clock } = virtualTimers();
		let runs = 0;
		const pacer = new Pacer(() => runs++, 100, clock);
		pacer.request();
		expect(runs).toBe(1);
		expect(pacer.waiting).toBe(false);
	});

	it('runs the requests that follow within the gap once, at its end', () => {
		const { clock, advance } = virtualTimers();
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
		const { clock, advance } = virtualTimers();
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
		const { clock, advance } = virtualTimers();
		let runs = 0;
		const pacer = new Pacer(() => runs++, 100, clock);
		pacer.request();
		advance(250);
		pacer.request();
		expect(runs).toBe(2);
	});

	it('drops a waiting run on cancel', () => {
		const { clock, advance } = virtualTimers();
		let runs = 0;
		const pacer = new Pacer(() => runs++, 100, clock);
		pacer.request();
		pacer.request();
		pacer.cancel();
		advance(500);
		expect(runs).toBe(1);
	});
});
