/**
 * A supervisor's figures from its restart history: restarts in the last minute, crash reasons
 * ranked, the restart-intensity window now and after each restart, time since the last one.
 * Pure (any thread); times are epoch ms.
 *
 * The window is OTP's: restarts less than `period` seconds old, against `intensity`, counted as
 * the supervisor counts them — one per child exit. Under one_for_all and rest_for_one a crash
 * that restarts three children is three restarts of the supervisor (its totals) but one against
 * its intensity: the siblings restarted along are records with `counted: false`.
 */
import type { RestartRecord, SupervisorStats } from '$lib/arsenal/analytics_schemas';
import type { SupervisorHistory } from './store';

/** The figures, less `alive` (the caller knows which supervisors run now). */
export type HistoryStats = Omit<SupervisorStats, 'alive'>;

const MINUTE_MS = 60_000;
/** Reasons listed at most; the rest are folded into the counts only. */
const TOP_REASONS = 10;

export function historyStats(h: SupervisorHistory, now: number): HistoryStats {
	const { records } = h;
	const last = records.at(-1);
	return {
		node: h.node,
		supervisor: h.supervisor,
		...(h.name !== undefined && { name: h.name }),
		restarts: {
			total: h.total,
			kept: records.length,
			lastMinute: countSince(records, now - MINUTE_MS)
		},
		reasons: rankedReasons(records),
		intensity: last ? windowAt(records, records.length - 1, now) : null,
		intensitySeries: intensitySeries(records),
		lastRestartAt: last?.at ?? null,
		sinceLastRestartMs: last ? Math.max(0, now - last.at) : null,
		gaveUp: h.gaveUp ?? null
	};
}

/** The figures of a supervisor that has restarted nothing. */
export function emptyStats(node: string, supervisor: string, name?: string): HistoryStats {
	return historyStats(
		{
			node,
			supervisor,
			name,
			records: [],
			total: 0,
			exitedAt: undefined,
			gaveUp: undefined
		},
		0
	);
}

/** Records at or after `since`, counted from the newest. */
function countSince(records: readonly RestartRecord[], since: number): number {
	let n = 0;
	for (let i = records.length - 1; i >= 0 && records[i].at >= since; i--) n++;
	return n;
}

function rankedReasons(records: readonly RestartRecord[]): HistoryStats['reasons'] {
	const counts = new Map<string, number>();
	for (const r of records) counts.set(r.reasonText, (counts.get(r.reasonText) ?? 0) + 1);
	return [...counts]
		.map(([reason, count]) => ({ reason, count }))
		.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
		.slice(0, TOP_REASONS);
}

/**
 * The window as the supervisor had it at `now`, with the flags of record `i` (the newest
 * restart up to then): records up to `i` less than `period` s older than `now`.
 */
function windowAt(
	records: readonly RestartRecord[],
	i: number,
	now: number
): HistoryStats['intensity'] {
	const { intensity, period } = records[i];
	if (intensity === undefined || period === undefined) return null;
	let inWindow = 0;
	for (let j = i; j >= 0 && now - records[j].at < period * 1000; j--)
		inWindow += weight(records[j]);
	return { intensity, period, restartsInWindow: inWindow, use: useOf(inWindow, intensity) };
}

/** At each restart, the window's use just after it; a two-pointer walk, oldest first. */
function intensitySeries(records: readonly RestartRecord[]): HistoryStats['intensitySeries'] {
	const out: HistoryStats['intensitySeries'] = [];
	let start = 0;
	/** Counted restarts from `start` to `i`. */
	let inWindow = 0;
	for (let i = 0; i < records.length; i++) {
		const { at, intensity, period } = records[i];
		inWindow += weight(records[i]);
		if (intensity === undefined || period === undefined) continue;
		while (at - records[start].at >= period * 1000) inWindow -= weight(records[start++]);
		out.push({ at, use: useOf(inWindow, intensity) });
	}
	return out;
}

/** What a record counts against the intensity: nothing for a sibling restarted along. */
const weight = (r: RestartRecord): number => (r.counted === false ? 0 : 1);

/** An intensity of 0 allows no restart: one is already past the limit. */
function useOf(count: number, intensity: number): number {
	return intensity === 0 ? count : count / intensity;
}
