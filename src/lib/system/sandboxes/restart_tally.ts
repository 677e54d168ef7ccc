/**
 * Restarts counted per slice of node-clock time, over a sliding window: "restarts in the last
 * minute" for a node seen only through its trace (a sandbox's mirror). A storm of thousands a
 * second costs what one restart a minute costs, where a list of their times would grow by the
 * hundreds of thousands. Counts are exact to the slice (100 ms by default).
 */
export class RestartTally {
	/** Count per slice index (`floor(at / sliceMs)`), oldest first. */
	readonly #slices = new Map<number, number>();
	readonly #sliceMs: number;
	readonly #keepMs: number;

	constructor(opts: { sliceMs?: number; keepMs?: number } = {}) {
		this.#sliceMs = opts.sliceMs ?? 100;
		this.#keepMs = opts.keepMs ?? 120_000;
	}

	/** Counts `n` restarts at node-clock time `at`. */
	add(at: number, n = 1): void {
		const slice = Math.floor(at / this.#sliceMs);
		const count = this.#slices.get(slice);
		if (count !== undefined) {
			this.#slices.set(slice, count + n);
			return;
		}
		this.#slices.set(slice, n);
		// A new slice: the ones that left the window go (at most once per slice, not per restart).
		const oldest = Math.floor((at - this.#keepMs) / this.#sliceMs);
		for (const key of this.#slices.keys()) {
			if (key >= oldest) break;
			this.#slices.delete(key);
		}
	}

	/** Restarts at or after `since`, counting the whole slice that `since` falls in. */
	since(since: number): number {
		const first = Math.floor(since / this.#sliceMs);
		let n = 0;
		for (const [slice, count] of this.#slices) if (slice >= first) n += count;
		return n;
	}
}
