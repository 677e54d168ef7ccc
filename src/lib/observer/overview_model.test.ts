import { describe, expect, it } from 'vitest';
import type { ObserverEvent } from '$lib/stream/events';
import { EventLog, isRootPid, RateMeter, RestartWindow } from './overview_model';
import { PidHistory } from './pid_history';

describe('RestartWindow', () => {
	it('counts the restarts of the last minute, exactly', () => {
		const w = new RestartWindow();
		for (const at of [1_000, 30_000, 59_000, 61_500]) w.add(at);
		expect(w.count(61_500)).toBe(3);
		expect(w.count(90_000)).toBe(2);
		expect(w.count(121_499)).toBe(1);
		expect(w.count(121_500)).toBe(0);
	});

	it('spreads them over buckets for the chart, newest last', () => {
		const w = new RestartWindow(60_000);
		w.add(56_000);
		w.add(10_000);
		w.add(59_999);
		expect(w.buckets(60_000, 12)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
	});

	it('takes a seed out of order', () => {
		const w = new RestartWindow(60_000);
		w.add(50_000);
		w.add(20_000);
		expect(w.count(79_000)).toBe(2);
		expect(w.count(80_000)).toBe(1);
	});
});

describe('RateMeter', () => {
	it('gives messages per second over the last five seconds', () => {
		const m = new RateMeter();
		for (let t = 0; t < 10_000; t += 100) m.add(t, 10); // 100 a second
		expect(m.rate(10_000)).toBeCloseTo(100, 5);
		expect(m.series(10_000, 3)).toEqual([100, 100, 100]);
	});

	it('does not wait five seconds to give a first figure', () => {
		const m = new RateMeter();
		m.add(0, 0);
		m.add(500, 40);
		expect(m.rate(1000)).toBeCloseTo(40, 5);
	});

	it('drops to zero when the messages stop', () => {
		const m = new RateMeter();
		m.add(0, 500);
		expect(m.rate(20_000)).toBe(0);
	});
});

describe('EventLog', () => {
	it("keeps the application's spawns, exits and restarts, and leaves calls from outside out", () => {
		const log = new EventLog();
		const events: ObserverEvent[] = [
			{ type: 'spawn', pid: '<0.50.0>', parent: '<0.0.0>', at: 1 },
			{ type: 'spawn', pid: '<0.51.0>', parent: '<0.12.0>', at: 2 },
			{ type: 'exit', pid: '<0.50.0>', reason: 'normal', at: 3 },
			{ type: 'exit', pid: '<0.51.0>', reason: 'killed', at: 4 },
			{
				type: 'restart',
				supervisor: '<0.12.0>',
				childId: 'w',
				oldPid: '<0.51.0>',
				newPid: '<0.52.0>',
				reason: 'killed',
				at: 5
			},
			{ type: 'link', a: '<0.12.0>', b: '<0.52.0>', at: 5 }
		];
		expect(log.add(events)).toBe(true);
		expect(log.events.map((e) => [e.type, e.at])).toEqual([
			['spawn', 2],
			['exit', 4],
			['restart', 5]
		]);
		const all = new EventLog();
		all.add(events, { outside: true });
		expect(all.events).toHaveLength(5);
	});

	it('keeps reports, but not the crash of a process started from outside', () => {
		const log = new EventLog();
		const crash = (pid: string): ObserverEvent => ({
			type: 'report',
			report: { kind: 'crash', node: 'n@h', at: 2, pid, reason: 'boom' },
			at: 2
		});
		log.add([
			{ type: 'spawn', pid: '<0.50.0>', parent: '<0.0.0>', at: 1 },
			crash('<0.50.0>'),
			crash('<0.51.0>'),
			{
				type: 'report',
				report: {
					kind: 'supervisor',
					node: 'n@h',
					at: 3,
					supervisor: '<0.12.0>',
					errorContext: 'child_terminated',
					reason: 'boom',
					child: { id: 'w', pid: '<0.51.0>', restart: 'permanent', shutdown: 5000, type: 'worker' }
				},
				at: 3
			}
		]);
		expect(log.events.map((e) => (e.type === 'report' ? e.report.kind : e.type))).toEqual([
			'crash',
			'supervisor'
		]);
		expect(
			log.events[0].type === 'report' &&
				log.events[0].report.kind === 'crash' &&
				log.events[0].report.pid
		).toBe('<0.51.0>');
	});

	it('keeps the newest events up to its capacity', () => {
		const log = new EventLog(3);
		log.add([1, 2, 3, 4, 5].map((i) => ({ type: 'exit', pid: `<0.${i}.0>`, reason: 'x', at: i })));
		expect(log.events.map((e) => e.at)).toEqual([3, 4, 5]);
		expect(new Set(log.events.map((e) => e.n)).size).toBe(3);
	});

	it('knows a root pid', () => {
		expect(isRootPid('<0.0.0>')).toBe(true);
		expect(isRootPid('<2.0.0>')).toBe(true);
		expect(isRootPid('<0.10.0>')).toBe(false);
		expect(isRootPid(undefined)).toBe(false);
	});
});

describe('PidHistory', () => {
	it('remembers why a process exited and follows restarts to the current child', () => {
		const h = new PidHistory();
		const restart = (oldPid: string, newPid: string): ObserverEvent => ({
			type: 'restart',
			supervisor: '<0.5.0>',
			childId: 'Demo.Counter',
			oldPid,
			newPid,
			reason: 'killed',
			at: 2
		});
		h.add([
			{ type: 'spawn', pid: '<0.7.0>', parent: '<0.5.0>', at: 0 },
			{ type: 'exit', pid: '<0.7.0>', reason: 'killed', at: 1 },
			restart('<0.7.0>', '<0.8.0>'),
			restart('<0.8.0>', '<0.9.0>')
		]);
		expect(h.exitOf('<0.7.0>')).toEqual({ reason: 'killed', at: 1 });
		expect(h.currentOf('<0.7.0>')).toEqual({
			supervisor: '<0.5.0>',
			childId: 'Demo.Counter',
			pid: '<0.9.0>'
		});
		expect(h.currentOf('<0.9.0>')).toBeUndefined();
		expect(h.parentOf('<0.7.0>')).toBe('<0.5.0>');
	});

	it('forgets the oldest beyond twice its capacity', () => {
		const h = new PidHistory(2);
		h.add([1, 2, 3, 4, 5].map((i) => ({ type: 'exit', pid: `<0.${i}.0>`, reason: 'x', at: i })));
		expect(h.exitOf('<0.1.0>')).toBeUndefined();
		expect(h.exitOf('<0.4.0>')).toBeDefined();
		expect(h.exitOf('<0.5.0>')).toBeDefined();
	});
});
