/**
 * The logic of Scrubber.svelte (page thread): where marks sit along the slider, which event a
 * step lands on, how play advances, and how a node-clock time reads.
 */

export interface TimelineMark {
	/** Node-clock ms. */
	at: number;
	kind: 'restart' | 'crash';
	/** What happened, for the mark's tooltip and screen readers. */
	label: string;
}

export interface PlacedMark extends TimelineMark {
	/** 0 at `from`, 1 at `to`. */
	position: number;
}

/**
 * The marks inside `[from, to]`, each at its share of the range; marks outside are left out.
 * An empty range puts everything in it at 0.
 */
export function placeMarks(marks: readonly TimelineMark[], from: number, to: number): PlacedMark[] {
	const span = to - from;
	return marks
		.filter((m) => m.at >= from && m.at <= to)
		.map((m) => ({ ...m, position: span > 0 ? (m.at - from) / span : 0 }));
}

/**
 * The time of the event just before (`-1`) or just after (`1`) `t`, among `times` sorted
 * ascending; null when there is none.
 */
export function stepTime(times: readonly number[], t: number, direction: -1 | 1): number | null {
	// The first index whose time is > t (forward) or >= t (back), by binary search.
	let lo = 0;
	let hi = times.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (direction === 1 ? times[mid] <= t : times[mid] < t) lo = mid + 1;
		else hi = mid;
	}
	if (direction === 1) return lo < times.length ? times[lo] : null;
	return lo > 0 ? times[lo - 1] : null;
}

/** Where play is after `elapsedMs` of real time at `speed`; it stops at `to`. */
export function playTo(t: number, elapsedMs: number, speed: number, to: number): number {
	return Math.min(to, t + elapsedMs * speed);
}

/** `1:02.345` (minutes, seconds and ms of the node clock); hours when there are some. */
export function formatClock(ms: number): string {
	const total = Math.max(0, Math.round(ms));
	const pad = (n: number, width = 2) => String(n).padStart(width, '0');
	const h = Math.floor(total / 3_600_000);
	const m = Math.floor(total / 60_000) % 60;
	const s = Math.floor(total / 1000) % 60;
	const rest = `${pad(s)}.${pad(total % 1000, 3)}`;
	return h > 0 ? `${h}:${pad(m)}:${rest}` : `${m}:${rest}`;
}
