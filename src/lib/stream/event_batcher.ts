/**
 * Cuts a node's trace into batches for the observer pages, on the worker side: events become
 * plain data as they arrive, and a batch goes out at most once per `intervalMs` (a frame) and
 * only once the page has taken the previous one. The sink's promise is that acknowledgement:
 * the page resolves it on the animation frame that applied the batch, so a page that renders
 * slowly (or a background tab, which gets no frames) slows the stream instead of queueing
 * batches behind it. Nothing is lost in between: events wait in the next batch, up to
 * `maxEvents`, past which they are counted as `dropped` and the page reads its snapshots again.
 *
 * ```ts
 * const batcher = new EventBatcher((batch) => page.onBatch(batch), { node: node.name, now: () => node.now() });
 * const off = node.onTrace((e) => batcher.push(e));
 * ```
 */
import type { TraceEvent } from '$lib/runtime';
import { cut, serialize, type Json } from '$lib/arsenal/serialize';
import { NAME_LIMIT, REPORT_BURST_LIMIT, type EventBatch, type ObserverEvent } from './events';
import { toReportOut } from './reports';

export { NAME_LIMIT };

export interface BatcherOptions {
	/** The node's name, stamped on every batch. */
	node: string;
	/** The node clock, stamped on every batch. */
	now: () => number;
	/** The shortest time between two batches, ms. Default 16 (a 60 Hz frame). */
	intervalMs?: number;
	/** Events one batch holds before it counts the rest as dropped. Default 20,000. */
	maxEvents?: number;
	/** Called once if the sink throws or rejects (the page is gone); the batcher is closed by then. */
	onError?: (error: unknown) => void;
}

/** Where batches go; a returned promise holds the next batch back until it settles. */
export type BatchSink = (batch: EventBatch) => void | Promise<void>;

/** Exit reasons can be anything a process threw: the page gets a bounded JSON copy. */
const REASON_LIMITS = { maxDepth: 6, maxNodes: 200, maxString: 2_000 };

export function reasonToJson(reason: unknown): Json {
	return typeof reason === 'string'
		? cut(reason, REASON_LIMITS.maxString)
		: serialize(reason, REASON_LIMITS);
}

/**
 * A trace event as plain data; `undefined` for the ones that are only counted. `node` names
 * the node in the reports.
 */
export function toObserverEvent(e: TraceEvent, node: string): ObserverEvent | undefined {
	switch (e.type) {
		case 'spawn':
			return e.parent
				? { type: 'spawn', pid: String(e.pid), parent: String(e.parent), at: e.at }
				: { type: 'spawn', pid: String(e.pid), at: e.at };
		case 'exit':
			return { type: 'exit', pid: String(e.pid), reason: reasonToJson(e.reason), at: e.at };
		case 'link':
		case 'unlink':
			return { type: e.type, a: String(e.a), b: String(e.b), at: e.at };
		case 'register':
		case 'unregister':
			return { type: e.type, pid: String(e.pid), name: cut(e.name, NAME_LIMIT), at: e.at };
		case 'restart': {
			const out: ObserverEvent = {
				type: 'restart',
				supervisor: String(e.supervisor),
				childId: cut(e.childId, NAME_LIMIT),
				reason: reasonToJson(e.reason),
				at: e.at,
				intensity: e.intensity,
				period: e.period
			};
			if (!e.counted) out.counted = false;
			if (e.oldPid) out.oldPid = String(e.oldPid);
			if (e.newPid) out.newPid = String(e.newPid);
			return out;
		}
		case 'report':
			return { type: 'report', report: toReportOut(e.report, e.at, node), at: e.at };
		default:
			return undefined;
	}
}

export class EventBatcher {
	readonly #sink: BatchSink;
	readonly #node: string;
	readonly #now: () => number;
	readonly #interval: number;
	readonly #max: number;
	readonly #onError: ((error: unknown) => void) | undefined;
	#events: ObserverEvent[] = [];
	#sent = 0;
	#received = 0;
	#dropped = 0;
	/** Reports in the current second (from `#burstStart`), and those dropped past the limit. */
	#burst = 0;
	#burstStart = -Infinity;
	#reportsDropped = 0;
	#seq = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#cooldown: ReturnType<typeof setTimeout> | undefined;
	#inFlight = false;
	#closed = false;

	constructor(sink: BatchSink, opts: BatcherOptions) {
		this.#sink = sink;
		this.#node = opts.node;
		this.#now = opts.now;
		this.#interval = opts.intervalMs ?? 16;
		this.#max = opts.maxEvents ?? 20_000;
		this.#onError = opts.onError;
	}

	/** Batches sent so far. */
	get sent(): number {
		return this.#seq;
	}

	get closed(): boolean {
		return this.#closed;
	}

	/** Takes one trace event; cheap, and never throws into the runtime. */
	push(e: TraceEvent): void {
		if (this.#closed) return;
		if (e.type === 'send') this.#sent++;
		else if (e.type === 'receive') this.#received++;
		else if (e.type === 'report' && this.#overBurst(e.at)) this.#reportsDropped++;
		else if (this.#events.length >= this.#max) this.#dropped++;
		else {
			const event = toObserverEvent(e, this.#node);
			if (event) this.#events.push(event);
		}
		this.#schedule();
	}

	/** Takes an event that is not the runtime's trace (a cluster node's nodeup and nodedown). */
	pushObserved(e: ObserverEvent): void {
		if (this.#closed) return;
		if (this.#events.length >= this.#max) this.#dropped++;
		else this.#events.push(e);
		this.#schedule();
	}

	/** Stops: pending events are discarded and no batch follows. */
	close(): void {
		this.#closed = true;
		clearTimeout(this.#timer);
		clearTimeout(this.#cooldown);
		this.#timer = this.#cooldown = undefined;
		this.#events = [];
	}

	/**
	 * Whether a report at `at` is past the burst limit. Making a report plain data (its state,
	 * its stack) costs far more than the other events: a storm of thousands of crashes a second
	 * would spend the sandbox's time on reports no one can read.
	 */
	#overBurst(at: number): boolean {
		if (at - this.#burstStart >= 1_000) {
			this.#burstStart = at;
			this.#burst = 0;
		}
		return ++this.#burst > REPORT_BURST_LIMIT;
	}

	#pending(): boolean {
		const counted = this.#sent + this.#received + this.#dropped + this.#reportsDropped;
		return this.#events.length > 0 || counted > 0;
	}

	#schedule(): void {
		if (this.#timer || this.#cooldown || this.#inFlight || this.#closed || !this.#pending()) return;
		// A zero delay still lets the rest of a synchronous burst join this batch.
		this.#timer = setTimeout(() => this.#flush(), 0);
	}

	#flush(): void {
		this.#timer = undefined;
		if (this.#closed || !this.#pending()) return;
		const batch: EventBatch = {
			seq: ++this.#seq,
			node: this.#node,
			now: this.#now(),
			events: this.#events,
			sent: this.#sent,
			received: this.#received,
			dropped: this.#dropped,
			...(this.#reportsDropped > 0 && { reportsDropped: this.#reportsDropped })
		};
		this.#events = [];
		this.#sent = this.#received = this.#dropped = this.#reportsDropped = 0;
		this.#inFlight = true;
		this.#cooldown = setTimeout(() => {
			this.#cooldown = undefined;
			this.#schedule();
		}, this.#interval);
		let acknowledged: void | Promise<void>;
		try {
			acknowledged = this.#sink(batch);
		} catch (error) {
			this.#fail(error);
			return;
		}
		const done = () => {
			this.#inFlight = false;
			this.#schedule();
		};
		if (acknowledged && typeof acknowledged.then === 'function') {
			acknowledged.then(done, (error: unknown) => this.#fail(error));
		} else done();
	}

	#fail(error: unknown): void {
		if (this.#closed) return;
		this.close();
		this.#onError?.(error);
	}
}
