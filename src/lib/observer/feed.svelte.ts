/**
 * Subscriptions to the runtime's event streams. {@link ObserverFeed} is the app's one
 * subscription to the system node: the root layout connects it once the runtime runs; pages
 * listen to it for the batches (applied once per animation frame) and read what it keeps for
 * the whole session: the overview figures, the node clock, and the history of pids that exited
 * or were replaced. A page that only follows one node's tree (a sandbox's) takes an
 * {@link EventFeed}, which keeps nothing: at thousands of restarts a second, figures and a
 * history that nobody reads would cost the page its frames.
 */
import { createContext } from 'svelte';
import type { EventBatch, Subscription } from '$lib/stream/events';
import { frameReceiver } from './frame_receiver';
import { mark, MARK_BATCH } from './marks';
import { OverviewStats } from './overview.svelte';
import { PidHistory } from './pid_history';

/** Where batches come from: the runtime worker's `subscribe`, or a test's fake. */
export interface EventSource {
	subscribe(receive: (batch: EventBatch) => Promise<void>): Promise<Subscription>;
	unsubscribe(id: number): Promise<void>;
}

/** The runtime node's clock, estimated on the page from the batches' timestamps. */
export class NodeClock {
	#offset: number | null = null;

	/** Takes a reading: the node clock said `nodeNow` at about this instant. */
	sync(nodeNow: number, localNow = performance.now()): void {
		this.#offset = nodeNow - localNow;
	}

	get synced(): boolean {
		return this.#offset !== null;
	}

	/** The node clock now (ms), as best the page knows it. */
	now(localNow = performance.now()): number {
		return localNow + (this.#offset ?? 0);
	}
}

type Listener = (batches: EventBatch[]) => void;

/** One subscription: batches to the listeners, once per frame, and the node clock. */
export class EventFeed {
	status = $state<'idle' | 'connecting' | 'live' | 'failed'>('idle');
	error = $state<string | null>(null);
	/** The node the stream comes from. */
	node = $state<string | null>(null);
	readonly clock = new NodeClock();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- callbacks, not state
	readonly #listeners = new Set<Listener>();
	#source: EventSource | null = null;
	#subscription: number | null = null;
	#generation = 0;

	/** Calls `listener` with the batches of each frame; returns the way to stop. */
	listen(listener: Listener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Subscribes to `source`, replacing any previous subscription. */
	async connect(source: EventSource): Promise<void> {
		this.disconnect();
		const generation = ++this.#generation;
		this.#source = source;
		this.status = 'connecting';
		this.error = null;
		const receive = frameReceiver((batches) => {
			if (generation === this.#generation) this.apply(batches);
		});
		try {
			const sub = await source.subscribe((batch) => {
				mark(MARK_BATCH, { seq: batch.seq, events: batch.events.length });
				return receive(batch);
			});
			if (generation !== this.#generation) {
				void source.unsubscribe(sub.id).catch(() => {});
				return;
			}
			this.#subscription = sub.id;
			this.node = sub.node;
			this.clock.sync(sub.now);
			this.subscribed(sub);
			this.status = 'live';
		} catch (error) {
			if (generation !== this.#generation) return;
			this.status = 'failed';
			this.error = error instanceof Error ? error.message : String(error);
		}
	}

	disconnect(): void {
		this.#generation++;
		if (this.#source && this.#subscription !== null) {
			void this.#source.unsubscribe(this.#subscription).catch(() => {});
		}
		this.#source = null;
		this.#subscription = null;
		this.status = 'idle';
	}

	/** Applies one frame's batches: the clock, what a subclass keeps, then the listeners. */
	apply(batches: EventBatch[]): void {
		const last = batches.at(-1);
		if (!last) return;
		this.clock.sync(last.now);
		this.keep(batches);
		for (const listener of this.#listeners) listener(batches);
	}

	/** What the subscription answered, before the first batch. */
	protected subscribed(_sub: Subscription): void {}

	/** One frame's batches, before the listeners get them. */
	protected keep(_batches: EventBatch[]): void {}
}

/** The system node's feed, keeping the overview figures and the history of pids. */
export class ObserverFeed extends EventFeed {
	readonly history = new PidHistory();
	readonly overview = new OverviewStats();

	protected override subscribed(sub: Subscription): void {
		this.overview.seed(sub.recentRestarts, sub.now);
	}

	protected override keep(batches: EventBatch[]): void {
		for (const batch of batches) this.history.add(batch.events);
		this.overview.apply(batches);
	}
}

export const [getFeed, setFeed] = createContext<ObserverFeed>();
