/**
 * Passes a sandbox node's trace batches on to the pages that subscribed to that node. Batches
 * come from the sandbox worker whenever it cuts one; a page acknowledges each (its callback
 * resolves), so while a page is still busy with one, the next ones are merged into a single
 * batch for it rather than queued — the same pacing the system node's own stream has. What a
 * page gets is coalesced (see coalesce.ts): in a restart storm each child's restarts since the
 * last delivery come as one event, so the page's work follows the size of the tree, not the
 * rate of its restarts.
 */
import { coalesce } from '$lib/stream/coalesce';
import type { BatchSink } from '$lib/stream/event_batcher';
import type { EventBatch, Subscription } from '$lib/stream/events';

interface Subscriber {
	sink: BatchSink;
	seq: number;
	busy: boolean;
	pending: EventBatch | undefined;
}

let nextId = 1_000_000;

export class BatchRelay {
	readonly #subscribers = new Map<number, Subscriber>();
	#now = 0;

	constructor(readonly node: string) {}

	subscribe(sink: BatchSink): Subscription {
		const id = nextId++;
		this.#subscribers.set(id, { sink, seq: 0, busy: false, pending: undefined });
		return { id, node: this.node, now: this.#now, recentRestarts: [] };
	}

	unsubscribe(id: number): boolean {
		return this.#subscribers.delete(id);
	}

	/** Relays one batch from the sandbox worker. */
	push(batch: EventBatch): void {
		this.#now = batch.now;
		for (const [id, s] of this.#subscribers) {
			s.pending = s.pending ? merge(s.pending, batch) : batch;
			if (!s.busy) this.#deliver(id, s);
		}
	}

	close(): void {
		this.#subscribers.clear();
	}

	#deliver(id: number, s: Subscriber): void {
		const batch = s.pending;
		if (!batch) return;
		s.pending = undefined;
		s.busy = true;
		const events = coalesce(batch.events);
		Promise.resolve()
			.then(() => s.sink({ ...batch, events, node: this.node, seq: ++s.seq }))
			.then(
				() => {
					s.busy = false;
					if (this.#subscribers.get(id) === s) this.#deliver(id, s);
				},
				// A page that went away without unsubscribing.
				() => this.#subscribers.delete(id)
			);
	}
}

/** Events one merged batch holds at most; past it they are counted as dropped. */
const MAX_EVENTS = 20_000;

/** `a` then `b` as one batch, coalesced as it grows (a busy page may wait for many). */
function merge(a: EventBatch, b: EventBatch): EventBatch {
	const events = coalesce([...a.events, ...b.events]);
	const over = Math.max(0, events.length - MAX_EVENTS);
	return {
		seq: b.seq,
		node: b.node,
		now: b.now,
		events: over > 0 ? events.slice(0, MAX_EVENTS) : events,
		sent: a.sent + b.sent,
		received: a.received + b.received,
		dropped: a.dropped + b.dropped + over
	};
}
