/**
 * One node's timeline: every event it made, in a ring of `capacity` events, and the state at
 * any moment the ring still covers. Seeking copies the nearest checkpoint at or before the
 * moment and applies the events after it: checkpoints are taken every `checkpointEvery` events
 * (or every as many events as the state has processes, whichever is more, so that checkpoints
 * never hold more than the ring does). When the ring is full the oldest event is evicted and
 * applied to the base state, which stays the state just before the oldest event held; the
 * oldest moment that can be rebuilt moves forward with it, and a moment before it is clamped.
 * Runtime worker (pure: any thread).
 *
 * ```ts
 * const timeline = new Timeline({ node: node.name, now: () => node.now() });
 * node.onTrace((e) => timeline.record(e));
 * timeline.moment(12_000); // the processes, links, names, gauges and samples at 12 s
 * ```
 */
import type { TraceEvent } from '$lib/runtime';
import type { ObserverEvent } from '$lib/stream/events';
import type {
	NumberedEvent,
	Sample,
	TimelineMoment,
	TimelineRange
} from '$lib/arsenal/timeline_schemas';
import { decode, pushObserved, pushTrace } from './codec';
import { EventRing, NONE, T } from './ring';
import { TimelineState } from './state';

export interface TimelineOptions {
	/** The node's name, on every range and moment. */
	node: string;
	/** The node's clock: the newest moment. */
	now: () => number;
	/** Events held. Default 100,000. */
	capacity?: number;
	/** The fewest events between two checkpoints. Default 1,000. */
	checkpointEvery?: number;
	/** How often processes are sampled, ms. Default 1,000. */
	sampleEveryMs?: number;
	/** The most samples one pass stores (the next pass goes on from there). Default 500. */
	maxSamplesPerPass?: number;
}

/** The state at a moment, before it is shaped for an answer. */
export interface Seek {
	state: TimelineState;
	at: number;
	clamped?: 'before' | 'after';
	/** Events below this seq are in the state. */
	appliedSeq: number;
}

export class Timeline {
	readonly node: string;
	readonly ring: EventRing;
	readonly sampleEveryMs: number;
	readonly #now: () => number;
	readonly #every: number;
	readonly #maxSamples: number;
	/** The state after every event held. */
	readonly #head = new TimelineState();
	/** The state before the oldest event held. */
	readonly #base = new TimelineState();
	/** The oldest moment the base stands for: the start, or the last evicted event's time. */
	#baseAt: number;
	/** Increasing seqs; every one above `ring.first`. */
	readonly #checkpoints: Array<{ seq: number; state: TimelineState }> = [];
	#lastCheckpoint = 0;
	#lastSampleAt = -Infinity;
	#sampleCursor = 0;
	#evicted = 0;

	constructor(opts: TimelineOptions) {
		this.node = opts.node;
		this.#now = opts.now;
		this.ring = new EventRing(opts.capacity ?? 100_000);
		this.#every = opts.checkpointEvery ?? 1_000;
		this.sampleEveryMs = opts.sampleEveryMs ?? 1_000;
		this.#maxSamples = opts.maxSamplesPerPass ?? 500;
		this.#baseAt = opts.now();
	}

	/** Stores a runtime trace event. */
	record(e: TraceEvent): void {
		this.#makeRoom();
		this.#head.apply(this.ring, pushTrace(this.ring, e));
	}

	/** Stores a sandbox's event; `offset` moves it onto this timeline's clock. */
	recordObserved(e: ObserverEvent, offset = 0): void {
		this.#makeRoom();
		this.#head.apply(this.ring, pushObserved(this.ring, e, offset));
	}

	/** Stores a count of messages (a sandbox's batch). */
	recordMessages(sent: number, received: number, at: number): void {
		this.#makeRoom();
		this.ring.push(T.messages, at, sent, received, NONE);
	}

	/** Stores that the node started again: every process before is gone. */
	recordReset(at: number): void {
		this.#makeRoom();
		this.#head.apply(this.ring, this.ring.push(T.reset, at, NONE, NONE, NONE));
	}

	/** The live processes that have no sample yet. */
	*unsampled(): Iterable<number> {
		for (const [pid, record] of this.#head.procs) if (!record.sample) yield pid;
	}

	/** Whether a sampling pass is due at node-clock `at`. */
	sampleDue(at: number): boolean {
		return at - this.#lastSampleAt >= this.sampleEveryMs;
	}

	/**
	 * A sampling pass at `at`: stores the sample `read` gives of each live process whose info
	 * changed since its last sample, at most `maxSamplesPerPass` of them. With `only`, of those
	 * processes alone, and the periodic pass stays due when it was.
	 */
	recordSamples(
		at: number,
		read: (pid: number) => Sample | undefined,
		only?: Iterable<number>
	): void {
		if (only) {
			let stored = 0;
			for (const pid of only) {
				if (stored >= this.#maxSamples) break;
				if (this.#sample(at, pid, read)) stored++;
			}
			return;
		}
		this.#lastSampleAt = at;
		const pids = [...this.#head.procs.keys()];
		let stored = 0;
		let visited = 0;
		for (; visited < pids.length && stored < this.#maxSamples; visited++) {
			const pid = pids[(this.#sampleCursor + visited) % pids.length];
			if (this.#sample(at, pid, read)) stored++;
		}
		this.#sampleCursor = pids.length ? (this.#sampleCursor + visited) % pids.length : 0;
	}

	/** Stores `pid`'s sample if it is live and its info changed; whether it stored one. */
	#sample(at: number, pid: number, read: (pid: number) => Sample | undefined): boolean {
		if (!this.#head.procs.has(pid)) return false;
		const sample = read(pid);
		if (!sample || sameSample(sample, this.#head.procs.get(pid)?.sample)) return false;
		this.#makeRoom();
		this.#head.apply(this.ring, this.ring.push(T.sample, at, pid, NONE, NONE, sample));
		return true;
	}

	/** What the ring holds. */
	range(): TimelineRange {
		return {
			node: this.node,
			from: this.#baseAt,
			to: Math.max(this.#now(), this.#latestAt()),
			events: this.ring.size,
			firstSeq: this.ring.first,
			evicted: this.#evicted
		};
	}

	/** The state at node-clock `t`: every event at or before it applied. */
	seek(t: number): Seek {
		const { from, to } = this.range();
		const clamped = t < from ? 'before' : t > to ? 'after' : undefined;
		const at = Math.min(Math.max(t, from), to);
		const target = this.ring.firstAfter(at);
		const checkpoint = this.#checkpointAtOrBefore(target);
		const state = (checkpoint?.state ?? this.#base).clone();
		for (let seq = checkpoint?.seq ?? this.ring.first; seq < target; seq++) {
			state.apply(this.ring, seq);
		}
		return { state, at, ...(clamped && { clamped }), appliedSeq: target };
	}

	/** The moment `t` as the timeline operations answer it. */
	moment(t: number): TimelineMoment {
		const { state, at, clamped, appliedSeq } = this.seek(t);
		const ring = this.ring;
		return {
			at,
			...(clamped && { clamped }),
			range: this.range(),
			appliedSeq,
			...(appliedSeq > ring.first && {
				previous: { seq: appliedSeq - 1, at: ring.atOf(appliedSeq - 1) }
			}),
			...(appliedSeq < ring.next && { next: { seq: appliedSeq, at: ring.atOf(appliedSeq) } }),
			...state.view(at)
		};
	}

	/** The held events with `from` ≤ at ≤ `to`: `limit` of them from the `offset`-th, and how many. */
	events(
		from: number,
		to: number,
		offset: number,
		limit: number
	): { events: NumberedEvent[]; total: number } {
		const start = this.ring.firstAtOrAfter(from);
		const end = this.ring.firstAfter(to);
		const total = Math.max(0, end - start);
		const events: NumberedEvent[] = [];
		for (let seq = start + offset; seq < end && events.length < limit; seq++) {
			events.push({ seq, event: decode(this.ring, seq) });
		}
		return { events, total };
	}

	/** Every held event, oldest first (a replay's log). */
	log(): NumberedEvent['event'][] {
		const out = [];
		for (let seq = this.ring.first; seq < this.ring.next; seq++) out.push(decode(this.ring, seq));
		return out;
	}

	get evicted(): number {
		return this.#evicted;
	}

	#latestAt(): number {
		return this.ring.size ? this.ring.atOf(this.ring.next - 1) : this.#baseAt;
	}

	/** Evicts the oldest event if the ring is full, and takes a checkpoint if one is due. */
	#makeRoom(): void {
		const ring = this.ring;
		if (ring.full) {
			const oldest = ring.first;
			this.#base.apply(ring, oldest);
			this.#baseAt = ring.atOf(oldest);
			ring.evict();
			this.#evicted++;
			while (this.#checkpoints.length && this.#checkpoints[0].seq <= ring.first) {
				this.#checkpoints.shift();
			}
		}
		const seq = ring.next;
		if (seq - this.#lastCheckpoint >= Math.max(this.#every, this.#head.procs.size)) {
			this.#checkpoints.push({ seq, state: this.#head.clone() });
			this.#lastCheckpoint = seq;
		}
	}

	#checkpointAtOrBefore(seq: number): { seq: number; state: TimelineState } | undefined {
		const list = this.#checkpoints;
		let lo = 0;
		let hi = list.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (list[mid].seq <= seq) lo = mid + 1;
			else hi = mid;
		}
		return lo > 0 ? list[lo - 1] : undefined;
	}
}

function sameSample(a: Sample, b: Sample | undefined): boolean {
	return (
		b !== undefined &&
		a.status === b.status &&
		a.messageQueueLen === b.messageQueueLen &&
		a.memory === b.memory &&
		a.name === b.name &&
		a.module === b.module &&
		a.behaviour === b.behaviour
	);
}
