/**
 * The logic of Scrubber.svelte (page thread): where marks sit along the slider, where a step
 * lands, how play advances, and how a node-clock time reads.
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

export interface StepTargets {
	/** Where Step back goes: just before the last event at or before the moment. */
	back: number | null;
	/** Where Step forward goes: the first event after the moment. */
	forward: number | null;
}

/**
 * The moments a step lands on, from the events around the chosen moment: stepping back undoes
 * the last event applied (and any in the same millisecond), stepping forward applies the next.
 * None before the oldest moment held.
 */
export function stepTargets(
	from: number,
	previous: { at: number } | undefined,
	next: { at: number } | undefined
): StepTargets {
	return {
		back: previous !== undefined && previous.at - 1 >= from ? previous.at - 1 : null,
		forward: next?.at ?? null
	};
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
