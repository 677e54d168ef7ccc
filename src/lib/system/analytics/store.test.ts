import { describe, expect, it } from 'vitest';
import type { RestartRecord } from '$lib/arsenal/analytics_schemas';
import { AnalyticsStore } from './store';
import { historyStats } from './stats';

const NODE = 'system@superlearner';

function restart(at: number, over: Partial<RestartRecord> = {}): RestartRecord {
	return {
		at,
		node: NODE,
		supervisor: '<0.40.0>',
		childId: 'worker',
		oldPid: `<0.${100 + at}.0>`,
		newPid: `<0.${101 + at}.0>`,
		reason: 'killed',
		reasonText: 'killed',
		intensity: 3,
		period: 5,
		...over
	};
}

describe('AnalyticsStore', () => {
	it('keeps the newest maxEventsPerSupervisor records and counts every restart', () => {
		const store = new AnalyticsStore();
		for (let i = 0; i < 1_500; i++) store.record(restart(i));
		const h = store.history(NODE, '<0.40.0>')!;
		expect(h.records).toHaveLength(1_000);
		expect(h.records[0].at).toBe(500);
		expect(h.records.at(-1)!.at).toBe(1_499);
		expect(h.total).toBe(1_500);
		expect(store.size).toBe(1_000);
		// A dropped record is forgotten: it may be kept again.
		expect(store.record(restart(0))).toBeDefined();
	});

	it('keeps no record twice, and merges an import in time order', () => {
		const store = new AnalyticsStore();
		store.record(restart(10));
		store.record(restart(30));
		expect(store.record(restart(10))).toBeUndefined();
		expect(store.merge([restart(20), restart(30)])).toBe(1);
		expect(store.history(NODE, '<0.40.0>')!.records.map((r) => r.at)).toEqual([10, 20, 30]);
		// One write takes the supervisor's whole history.
		expect(store.takeChanges().map((h) => h.records.map((r) => r.at))).toEqual([[10, 20, 30]]);
		expect(store.pending).toBe(0);
	});

	it('restores stored histories with their totals, and has nothing to write for them', () => {
		const store = new AnalyticsStore({ maxEventsPerSupervisor: 2 });
		const other = (at: number) => ({ ...restart(at), supervisor: '<0.50.0>' });
		store.restore([
			{
				node: NODE,
				supervisor: '<0.50.0>',
				name: 'Sup',
				records: [other(1), other(2), other(3)],
				total: 9,
				gaveUp: { at: 3, reason: 'too many restarts' }
			}
		]);
		expect(store.pending).toBe(0);
		const h = store.history(NODE, '<0.50.0>')!;
		expect([h.name, h.total, h.gaveUp?.at, h.records.map((r) => r.at)]).toEqual([
			'Sup',
			9,
			3,
			[2, 3]
		]);
		expect(store.record(other(3))).toBeUndefined();
	});

	it('filters restarts by supervisor (pid or name), node, time and reason; newest first', () => {
		const store = new AnalyticsStore();
		store.record(restart(1, { supervisorName: 'Demo.Supervisor' }));
		store.record(restart(2, { supervisor: '<0.41.0>', reason: 'boom', reasonText: 'boom' }));
		store.record(restart(3, { node: 'sandbox_a@superlearner' }));
		store.record(restart(4));
		expect(store.restarts().map((r) => r.at)).toEqual([4, 3, 2, 1]);
		expect(store.restarts({ supervisor: 'Demo.Supervisor' }).map((r) => r.at)).toEqual([4, 1]);
		expect(store.restarts({ supervisor: '<0.41.0>' }).map((r) => r.at)).toEqual([2]);
		expect(store.restarts({ node: 'sandbox_a@superlearner' }).map((r) => r.at)).toEqual([3]);
		expect(store.restarts({ since: 2, until: 3 }).map((r) => r.at)).toEqual([3, 2]);
		expect(store.restarts({ reason: 'BOO' }).map((r) => r.at)).toEqual([2]);
		// A name learned later names the older records' supervisor too.
		expect(store.restarts({ supervisor: 'Demo.Supervisor' })[0].supervisorName).toBe(
			'Demo.Supervisor'
		);
	});

	it('gives a cause to the restarts of the same pass before it', () => {
		const store = new AnalyticsStore();
		store.record(restart(5, { childId: 'a' }));
		const caused = restart(5, { childId: 'b', cause: { operation: 'kill_process', via: 'page' } });
		store.shareCause(store.record(caused)!);
		expect(store.restarts().map((r) => r.cause?.operation)).toEqual([
			'kill_process',
			'kill_process'
		]);
	});
});

describe('historyStats', () => {
	it('measures the intensity window now and after each restart, the last minute and reasons', () => {
		const store = new AnalyticsStore();
		store.record(restart(0, { reasonText: 'boom' }));
		store.record(restart(1_000));
		store.record(restart(2_000));
		store.record(restart(6_500, { reasonText: 'boom' }));
		store.record(restart(6_600, { reasonText: 'boom' }));
		const stats = historyStats(store.history(NODE, '<0.40.0>')!, 66_000);
		expect(stats.restarts).toEqual({ total: 5, kept: 5, lastMinute: 2 });
		expect(stats.reasons).toEqual([
			{ reason: 'boom', count: 3 },
			{ reason: 'killed', count: 2 }
		]);
		// Window 5 s: at 6,500 the restarts of 2,000 and 6,500 are in it.
		expect(stats.intensitySeries.map((p) => p.use)).toEqual([1 / 3, 2 / 3, 1, 2 / 3, 1]);
		expect(stats.intensity).toEqual({ intensity: 3, period: 5, restartsInWindow: 0, use: 0 });
		expect(stats.sinceLastRestartMs).toBe(66_000 - 6_600);
		const soon = historyStats(store.history(NODE, '<0.40.0>')!, 7_000);
		expect(soon.intensity).toMatchObject({ restartsInWindow: 2, use: 2 / 3 });
	});
});
