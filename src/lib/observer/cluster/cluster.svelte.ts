/**
 * The /cluster page's state: the topology as last read (polled: partitions and latency change
 * nothing in a node's event stream), whether reading works, and the list of what changed.
 */
import { errorMessage } from '$lib/observer/text';
import type { ClusterClient } from './cluster_client';
import { topologyChanges, type ClusterEvent, type EventLine } from './cluster_events';
import type { Topology } from './cluster_types';

/** The event list keeps the newest this many. */
const MAX_EVENTS = 200;

export class ClusterState {
	status = $state<'loading' | 'ready' | 'error'>('loading');
	topology = $state.raw<Topology | null>(null);
	/** Why the last reading failed (with a topology already shown, it stays shown). */
	error = $state<string | null>(null);
	/** Newest first. */
	events = $state.raw<ClusterEvent[]>([]);
	readonly #client: ClusterClient;
	#lastId = 0;
	#reading: Promise<void> | null = null;

	constructor(client: ClusterClient) {
		this.#client = client;
	}

	/** The simulated nodes (the system node is not one the learner starts or stops). */
	get simulated() {
		return this.topology?.nodes.filter((n) => !n.system) ?? [];
	}

	/** Reads the topology (a reading already under way is the one awaited). */
	refresh(): Promise<void> {
		this.#reading ??= this.#read().finally(() => (this.#reading = null));
		return this.#reading;
	}

	async #read(): Promise<void> {
		try {
			const next = await this.#client.topology();
			this.record(topologyChanges(this.topology, next));
			this.topology = next;
			this.status = 'ready';
			this.error = null;
		} catch (error) {
			this.error = errorMessage(error);
			if (!this.topology) this.status = 'error';
		}
	}

	/** Adds lines to the event list. */
	record(lines: readonly EventLine[]): void {
		if (lines.length === 0) return;
		const at = Date.now();
		const added = lines.map((line) => ({ ...line, id: ++this.#lastId, at })).reverse();
		this.events = [...added, ...this.events].slice(0, MAX_EVENTS);
	}
}
