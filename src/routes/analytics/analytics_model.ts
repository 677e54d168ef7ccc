/**
 * What the /analytics page shows, from the analytics operations' answers (page thread): the
 * filters as the URL keeps them, and the charts' data — restarts per interval, each busy
 * supervisor's intensity-window use over time, and the crash reasons ranked.
 */
import type { RestartRecord, SupervisorStats } from '$lib/arsenal/analytics_schemas';
import type { ChartData, SeriesSpec, Tone } from '$lib/ui/charts/chart_model';

export const TIME_RANGES = [
	{ key: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
	{ key: '1h', label: 'Last hour', ms: 3_600_000 },
	{ key: '24h', label: 'Last 24 hours', ms: 86_400_000 },
	{ key: 'all', label: 'All time', ms: null }
] as const;
export type TimeRangeKey = (typeof TIME_RANGES)[number]['key'];

export interface AnalyticsFilters {
	node: string | null;
	/** A supervisor's pid. */
	supervisor: string | null;
	/** Part of the crash reason's text. */
	reason: string | null;
	range: TimeRangeKey;
	/** The history table's page, from 1. */
	page: number;
}

/** The filters a URL's query names; anything unknown falls back to no filter. */
export function filtersFrom(query: URLSearchParams): AnalyticsFilters {
	const range = query.get('range');
	const page = Number(query.get('page'));
	return {
		node: query.get('node') || null,
		supervisor: query.get('supervisor') || null,
		reason: query.get('reason') || null,
		range: TIME_RANGES.find((r) => r.key === range)?.key ?? 'all',
		page: Number.isInteger(page) && page > 1 ? page : 1
	};
}

/** The filters as a query (defaults left out, so a plain /analytics stays plain). */
export function queryOf(f: AnalyticsFilters): Record<string, string | null> {
	return {
		node: f.node,
		supervisor: f.supervisor,
		reason: f.reason,
		range: f.range === 'all' ? null : f.range,
		page: f.page > 1 ? String(f.page) : null
	};
}

/** The oldest moment (epoch ms) the range takes in, at `now`; undefined for all time. */
export function sinceOf(range: TimeRangeKey, now: number): number | undefined {
	const ms = TIME_RANGES.find((r) => r.key === range)?.ms ?? null;
	return ms === null ? undefined : now - ms;
}

/** The supervisors the node and supervisor filters keep. */
export function matchingSupervisors(
	stats: readonly SupervisorStats[],
	f: Pick<AnalyticsFilters, 'node' | 'supervisor'>
): SupervisorStats[] {
	return stats.filter(
		(s) => (!f.node || s.node === f.node) && (!f.supervisor || s.supervisor === f.supervisor)
	);
}

const MINUTE = 60_000;
/** Interval widths for the rate chart: the smallest that keeps it under MAX_BUCKETS bars. */
const BUCKETS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 60 * MINUTE, 6 * 60 * MINUTE, 24 * 60 * MINUTE];
const MAX_BUCKETS = 120;

/**
 * Restarts counted per interval (a minute, or wider over a long span so that there are at most
 * 120), every interval from the first restart's to the last's present, empty ones at 0.
 * `x` is each interval's start.
 */
export function restartRate(times: readonly number[]): { data: ChartData; bucketMs: number } {
	if (times.length === 0) return { data: [[], []], bucketMs: MINUTE };
	let first = Infinity;
	let last = -Infinity;
	for (const t of times) {
		first = Math.min(first, t);
		last = Math.max(last, t);
	}
	const bucketMs =
		BUCKETS.find((b) => (last - first) / b < MAX_BUCKETS) ?? BUCKETS[BUCKETS.length - 1];
	const start = Math.floor(first / bucketMs) * bucketMs;
	const counts = new Array<number>(Math.floor((last - start) / bucketMs) + 1).fill(0);
	for (const t of times) counts[Math.floor((t - start) / bucketMs)]++;
	return { data: [counts.map((_, i) => start + i * bucketMs), counts], bucketMs };
}

/** The kept restarts' times of these supervisors, from `since` on. */
export function restartTimes(
	stats: readonly SupervisorStats[],
	since: number | undefined
): number[] {
	return stats.flatMap((s) =>
		s.intensitySeries.map((p) => p.at).filter((t) => since === undefined || t >= since)
	);
}

const TONES: Tone[] = ['accent', 'danger', 'warn', 'ok'];

/** The label a supervisor goes by: its registered name, else its pid. */
export function supervisorLabel(s: Pick<SupervisorStats, 'name' | 'supervisor'>): string {
	return s.name ?? s.supervisor;
}

/**
 * The intensity-window use (1 is the limit) over time of the busiest supervisors (at most four,
 * by restarts kept), as step lines on one time axis: each holds its use after each restart.
 */
export function intensityChart(
	stats: readonly SupervisorStats[],
	since: number | undefined
): { series: SeriesSpec[]; data: ChartData } {
	const busiest = stats
		.filter((s) => s.intensitySeries.some((p) => since === undefined || p.at >= since))
		.sort((a, b) => b.restarts.kept - a.restarts.kept)
		.slice(0, TONES.length);
	const xs = [
		...new Set(
			busiest.flatMap((s) =>
				s.intensitySeries.map((p) => p.at).filter((t) => since === undefined || t >= since)
			)
		)
	].sort((a, b) => a - b);
	const index = new Map(xs.map((x, i) => [x, i]));
	const ys = busiest.map((s) => {
		const values = new Array<number | null>(xs.length).fill(null);
		for (const p of s.intensitySeries) {
			const i = index.get(p.at);
			if (i !== undefined) values[i] = p.use;
		}
		// A step holds its value until that supervisor's next restart.
		let held: number | null = null;
		return values.map((v) => (held = v ?? held));
	});
	return {
		series: busiest.map((s, i) => ({
			label: supervisorLabel(s),
			tone: TONES[i],
			kind: 'step',
			format: (v: number) => `${Math.round(v * 100)} %`
		})),
		data: [xs, ...ys]
	};
}

/** The crash reasons of these supervisors, merged and most frequent first (at most `max`). */
export function reasonBars(
	stats: readonly SupervisorStats[],
	max = 8
): { names: string[]; data: ChartData } {
	const counts = new Map<string, number>();
	for (const s of stats) {
		for (const r of s.reasons) counts.set(r.reason, (counts.get(r.reason) ?? 0) + r.count);
	}
	const ranked = [...counts].sort((a, b) => b[1] - a[1]).slice(0, max);
	return {
		names: ranked.map(([name]) => name),
		data: [ranked.map((_, i) => i), ranked.map(([, count]) => count)]
	};
}

/** A restart record's stable key in the history table. */
export function recordKey(r: RestartRecord): string {
	return `${r.node}|${r.supervisor}|${r.at}|${r.childId}|${r.oldPid ?? ''}|${r.newPid ?? ''}`;
}

/** `page` or `REST` and the operation, for the table's cause column; blank for a crash. */
export function causeText(r: RestartRecord): string {
	if (!r.cause) return '';
	const via =
		r.cause.via === 'rest' ? `REST${r.cause.clientId ? ` (${r.cause.clientId})` : ''}` : 'a page';
	return `${r.cause.operation} from ${via}`;
}
