/**
 * The runtime worker's side of the event stream: each page subscription gets its own
 * {@link EventBatcher} on the node's trace, and starts with the restarts of the last minute
 * (for the overview's chart). A page that goes away without unsubscribing is noticed when its
 * callback fails, and its subscription ends.
 *
 * ```ts
 * const subscriptions = new Subscriptions(node, () => restartLog.recent());
 * const { id } = subscriptions.subscribe((batch) => page.receive(batch));
 * subscriptions.unsubscribe(id);
 * ```
 */
import type { Node } from '$lib/runtime';
import type { RestartRecord } from './restart_log';
import { EventBatcher, type BatchSink } from './event_batcher';
import { toObserverEvent } from './event_batcher';
import type { PastRestart, Subscription } from './events';

export class Subscriptions {
	readonly #node: Node;
	readonly #recent: () => readonly RestartRecord[];
	readonly #active = new Map<number, () => void>();
	#next = 0;

	constructor(node: Node, recentRestarts: () => readonly RestartRecord[]) {
		this.#node = node;
		this.#recent = recentRestarts;
	}

	get size(): number {
		return this.#active.size;
	}

	subscribe(sink: BatchSink, opts: { intervalMs?: number } = {}): Subscription {
		const id = ++this.#next;
		const node = this.#node;
		const batcher = new EventBatcher(sink, {
			node: node.name,
			now: () => node.now(),
			...opts,
			onError: () => this.unsubscribe(id)
		});
		const off = node.onTrace((e) => batcher.push(e));
		this.#active.set(id, () => {
			off();
			batcher.close();
		});
		const now = node.now();
		const recentRestarts = this.#recent()
			.filter((r) => now - r.at < 60_000)
			.map((r) => toObserverEvent({ type: 'restart', ...r }, node.name) as PastRestart);
		return { id, node: node.name, now, recentRestarts };
	}

	unsubscribe(id: number): void {
		this.#active.get(id)?.();
		this.#active.delete(id);
	}

	close(): void {
		for (const id of [...this.#active.keys()]) this.unsubscribe(id);
	}
}
