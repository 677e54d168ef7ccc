/**
 * The restarts a node's supervisors make, as they happen: the node's `restart` trace events,
 * kept in a bounded log so that "restarts in the last minute" is a count, not a guess.
 */
import type { Node, TraceEvent } from '$lib/runtime';

/** A restart as the log keeps it: the node's `restart` trace event, less its type. */
export type RestartRecord = Omit<Extract<TraceEvent, { type: 'restart' }>, 'type'>;

export class RestartLog {
	readonly #records: RestartRecord[] = [];
	readonly #capacity: number;
	readonly #unsubscribe: () => void;

	constructor(node: Node, capacity = 1000) {
		this.#capacity = capacity;
		this.#unsubscribe = node.onTrace((event: TraceEvent) => {
			if (event.type !== 'restart') return;
			const { type: _type, ...record } = event;
			this.#records.push(record);
			if (this.#records.length > this.#capacity) this.#records.shift();
		});
	}

	/** Restarts at or after node-clock time `since`. */
	restartsSince(since: number): number {
		let n = 0;
		for (let i = this.#records.length - 1; i >= 0 && this.#records[i].at >= since; i--) n++;
		return n;
	}

	/** The most recent restarts, oldest first. */
	recent(limit = this.#capacity): RestartRecord[] {
		return this.#records.slice(-limit);
	}

	stop(): void {
		this.#unsubscribe();
	}
}
