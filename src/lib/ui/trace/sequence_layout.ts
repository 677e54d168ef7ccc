/**
 * The layout of SequenceDiagram.svelte (page thread): a lane per process in a stable order, the
 * window of events drawn (the diagram draws a few hundred rows, never thousands), and each
 * event's geometry — an arrow between two lanes or a mark on one.
 */
import { keyStep } from '$lib/observer/table_model';

/** What a traced event is, as the tracer classifies it. */
export type SequenceKind =
	| 'call'
	| 'reply'
	| 'cast'
	| 'info'
	| 'exit'
	| 'down'
	| 'spawn'
	| 'link'
	| 'unlink'
	| 'receive'
	| 'system';

export interface SequenceEvent {
	/** Increasing within a trace: the diagram's order. */
	seq: number;
	/** Node-clock ms. */
	at: number;
	kind: SequenceKind;
	/** The sender (or the spawning parent, the linking process). */
	from?: string;
	/** The receiver (or the child spawned, the process linked to). */
	to?: string;
	/** The process an event of one process is about. */
	pid?: string;
	/** One line: the arrow's label. */
	text: string;
	/** The whole message, as JSON, shown on hover or pin. */
	message?: unknown;
}

export interface Lane {
	pid: string;
	/** A registered name, shown instead of the pid. */
	name?: string;
}

/** The kinds drawn, with how a legend explains them. */
export const KIND_LEGEND: ReadonlyArray<{ kind: SequenceKind; label: string }> = [
	{ kind: 'call', label: 'call (waits for a reply)' },
	{ kind: 'reply', label: 'reply to a call' },
	{ kind: 'cast', label: 'cast (no reply)' },
	{ kind: 'info', label: 'plain message' },
	{ kind: 'exit', label: 'exit signal' },
	{ kind: 'down', label: 'monitor DOWN' },
	{ kind: 'spawn', label: 'spawn' },
	{ kind: 'link', label: 'link / unlink' },
	{ kind: 'system', label: 'system message' },
	{ kind: 'receive', label: 'received' }
];

export const GEOMETRY = {
	laneWidth: 148,
	rowHeight: 32,
	/** Room at the left and right of the outer lanes, so labels are not cut. */
	margin: 16
} as const;

/**
 * The lanes in order: those given first, as given, then every other process in the order the
 * events first name it. Lanes never move as events arrive.
 */
export function orderLanes(lanes: readonly Lane[], events: readonly SequenceEvent[]): Lane[] {
	const out = [...lanes];
	const seen = new Set(lanes.map((l) => l.pid));
	const add = (pid: string | undefined) => {
		if (pid !== undefined && !seen.has(pid)) {
			seen.add(pid);
			out.push({ pid });
		}
	};
	for (const e of events) {
		add(e.from);
		add(e.to);
		add(e.pid);
	}
	return out;
}

export interface EventWindow {
	/** Index of the first event drawn. */
	start: number;
	/** One past the last. */
	end: number;
}

/**
 * `size` events ending at `end` (the newest when `end` is null: the window follows new events),
 * clamped to the list.
 */
export function windowOf(total: number, size: number, end: number | null): EventWindow {
	const last = end === null ? total : Math.max(0, Math.min(end, total));
	const start = Math.max(0, last - size);
	return { start, end: Math.min(total, Math.max(last, start + size)) };
}

export interface PlacedEvent {
	event: SequenceEvent;
	/** Index in the whole list. */
	index: number;
	y: number;
	/** An arrow between two lanes, or a mark on one lane (an event of one process). */
	shape: 'arrow' | 'mark';
	/** The arrow's tail, or the mark's lane centre. */
	x1: number;
	/** The arrow's head (equal to x1 for a mark). */
	x2: number;
}

export interface SequenceLayout {
	lanes: Array<Lane & { x: number; label: string }>;
	events: PlacedEvent[];
	width: number;
	height: number;
}

/** The geometry of the events in `window`, a row each, on the lanes. */
export function layoutSequence(
	lanes: readonly Lane[],
	events: readonly SequenceEvent[],
	window: EventWindow
): SequenceLayout {
	const { laneWidth, rowHeight, margin } = GEOMETRY;
	const laneX = new Map<string, number>();
	const placedLanes = lanes.map((lane, i) => {
		const x = margin + laneWidth * i + laneWidth / 2;
		laneX.set(lane.pid, x);
		return { ...lane, x, label: lane.name ?? lane.pid };
	});
	const placed: PlacedEvent[] = [];
	for (let index = window.start; index < window.end; index++) {
		const event = events[index];
		const y = rowHeight * (index - window.start) + rowHeight / 2;
		const from = event.from === undefined ? undefined : laneX.get(event.from);
		const to = event.to === undefined ? undefined : laneX.get(event.to);
		if (from !== undefined && to !== undefined && event.from !== event.to) {
			placed.push({ event, index, y, shape: 'arrow', x1: from, x2: to });
		} else {
			const x = (event.pid === undefined ? undefined : laneX.get(event.pid)) ?? from ?? to ?? 0;
			placed.push({ event, index, y, shape: 'mark', x1: x, x2: x });
		}
	}
	return {
		lanes: placedLanes,
		events: placed,
		width: margin * 2 + laneWidth * Math.max(lanes.length, 1),
		height: rowHeight * (window.end - window.start)
	};
}

/**
 * The index a key leads to from `index` among `count` events, as in VirtualTable (one event with
 * the arrows, left and right as up and down; a page with Page Up and Down; either end with Home
 * and End); null for other keys.
 */
export function eventStep(key: string, index: number, count: number, page = 10): number | null {
	const vertical = key === 'ArrowRight' ? 'ArrowDown' : key === 'ArrowLeft' ? 'ArrowUp' : key;
	return keyStep(vertical, index, count, page);
}
