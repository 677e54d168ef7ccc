import { describe, expect, it } from 'vitest';
import type { RestartRecord, SupervisorStats } from '$lib/arsenal/analytics_schemas';
import {
	causeText,
	filtersFrom,
	intensityChart,
	matchingSupervisors,
	queryOf,
	reasonBars,
	restartRate,
	restartTimes,
	sinceOf
} from './analytics_model';

function stats(
	supervisor: string,
	fields: Partial<SupervisorStats> & { series?: Array<[number, number]> } = {}
): SupervisorStats {
	const { series = [], ...rest } = fields;
	return {
		node: 'system@superlearner',
		supervisor,
		alive: true,
		restarts: { total: series.length, kept: series.length, lastMinute: 0 },
		reasons: [],
		intensity: null,
		intensitySeries: series.map(([at, use]) => ({ at, use })),
		lastRestartAt: null,
		sinceLastRestartMs: null,
		gaveUp: null,
		...rest
	};
}

describe('filtersFrom and queryOf', () => {
	it('reads the filters from the URL and writes back only what is set', () => {
		const f = filtersFrom(
			new URLSearchParams('node=a@b&supervisor=<0.5.0>&reason=boom&range=1h&page=3')
		);
		expect(f).toEqual({
			node: 'a@b',
			supervisor: '<0.5.0>',
			reason: 'boom',
			range: '1h',
			page: 3
		});
		expect(queryOf({ ...f, range: 'all', page: 1, reason: null })).toEqual({
			node: 'a@b',
			supervisor: '<0.5.0>',
			reason: null,
			range: null,
			page: null
		});
	});

	it('falls back to no filter on values it does not know', () => {
		expect(filtersFrom(new URLSearchParams('range=2y&page=-4'))).toMatchObject({
			range: 'all',
			page: 1
		});
	});
});

describe('sinceOf', () => {
	it('goes back the range from now, or nowhere for all time', () => {
		expect(sinceOf('15m', 1_000_000)).toBe(100_000);
		expect(sinceOf('all', 1_000_000)).toBeUndefined();
	});
});

describe('matchingSupervisors', () => {
	it('keeps the supervisors of the node and pid asked', () => {
		const all = [stats('<0.5.0>'), stats('<0.9.0>', { node: 'sandbox-1@superlearner' })];
		expect(matchingSupervisors(all, { node: 'sandbox-1@superlearner', supervisor: null })).toEqual([
			all[1]
		]);
		expect(matchingSupervisors(all, { node: null, supervisor: '<0.5.0>' })).toEqual([all[0]]);
	});
});

describe('restartRate', () => {
	it('counts restarts per minute, with the quiet minutes between them at zero', () => {
		const { data, bucketMs } = restartRate([60_000, 61_000, 119_999, 185_000]);
		expect(bucketMs).toBe(60_000);
		expect(data).toEqual([
			[60_000, 120_000, 180_000],
			[3, 0, 1]
		]);
	});

	it('widens the interval over a long span to stay under 120 bars', () => {
		const { data, bucketMs } = restartRate([0, 5 * 3_600_000]);
		expect(bucketMs).toBe(5 * 60_000);
		expect(data[0]).toHaveLength(61);
		expect(data[1].reduce((a, b) => (a ?? 0) + (b ?? 0), 0)).toBe(2);
	});

	it('has no bars without restarts', () => {
		expect(restartRate([]).data).toEqual([[], []]);
	});
});

describe('restartTimes', () => {
	it('takes the kept restarts from the range’s start on', () => {
		const all = [
			stats('<0.5.0>', {
				series: [
					[10, 0.2],
					[50, 0.4]
				]
			}),
			stats('<0.6.0>', { series: [[30, 1]] })
		];
		expect(restartTimes(all, 20).sort()).toEqual([30, 50]);
	});
});

describe('intensityChart', () => {
	it('draws the busiest supervisors on one time axis, each holding its use between restarts', () => {
		const { series, data } = intensityChart(
			[
				stats('<0.5.0>', {
					name: 'Demo.Supervisor',
					series: [
						[10, 0.2],
						[30, 0.4],
						[50, 0.6]
					]
				}),
				stats('<0.6.0>', { series: [[20, 1]] })
			],
			undefined
		);
		expect(series.map((s) => [s.label, s.tone, s.kind])).toEqual([
			['Demo.Supervisor', 'accent', 'step'],
			['<0.6.0>', 'danger', 'step']
		]);
		expect(series[0].format?.(0.4)).toBe('40 %');
		expect(data).toEqual([
			[10, 20, 30, 50],
			[0.2, 0.2, 0.4, 0.6],
			[null, 1, 1, 1]
		]);
	});

	it('shows at most four supervisors, and none without restarts in the range', () => {
		const many = Array.from({ length: 6 }, (_, i) =>
			stats(`<0.${i}.0>`, {
				series: Array.from({ length: i + 1 }, (_, k) => [k * 10, 0.1] as [number, number])
			})
		);
		expect(intensityChart(many, undefined).series.map((s) => s.label)).toEqual([
			'<0.5.0>',
			'<0.4.0>',
			'<0.3.0>',
			'<0.2.0>'
		]);
		expect(intensityChart(many, 1_000).series).toEqual([]);
	});
});

describe('reasonBars', () => {
	it('merges the supervisors’ reasons, most frequent first', () => {
		const { names, data } = reasonBars([
			stats('<0.5.0>', {
				reasons: [
					{ reason: 'boom', count: 2 },
					{ reason: 'killed', count: 1 }
				]
			}),
			stats('<0.6.0>', { reasons: [{ reason: 'killed', count: 4 }] })
		]);
		expect(names).toEqual(['killed', 'boom']);
		expect(data).toEqual([
			[0, 1],
			[5, 2]
		]);
	});
});

describe('causeText', () => {
	const record: RestartRecord = {
		at: 1,
		node: 'system@superlearner',
		supervisor: '<0.5.0>',
		childId: 'counter',
		reason: 'killed',
		reasonText: 'killed'
	};

	it('says which operation asked, and how', () => {
		expect(causeText(record)).toBe('');
		expect(causeText({ ...record, cause: { operation: 'kill_process', via: 'page' } })).toBe(
			'kill_process from a page'
		);
		expect(
			causeText({ ...record, cause: { operation: 'inject_fault', via: 'rest', clientId: 'curl' } })
		).toBe('inject_fault from REST (curl)');
	});
});
