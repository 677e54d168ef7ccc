/**
 * Paces a costly reaction to changes that may come every frame: the first change of a quiet
 * spell runs at once (a single crash still recolours in the frame its event arrives), and the
 * changes that follow within `gapMs` of a run wait and run once, `gapMs` after it. A tree in a
 * restart storm is then redrawn a few times a second instead of on every frame, which nobody
 * could read anyway.
 *
 * ```ts
 * const pacer = new Pacer(() => this.#version++, 100);
 * pacer.request(); // runs now; requests in the next 100 ms run once, at its end
 * ```
 */
import { realTimers, type Timers } from '$lib/common/timers';

export class Pacer {
	readonly #run: () => void;
	readonly #gapMs: number;
	readonly #clock: Timers;
	#lastRun = -Infinity;
	#timer: unknown;

	constructor(run: () => void, gapMs: number, clock: Timers = realTimers) {
		this.#run = run;
		this.#gapMs = gapMs;
		this.#clock = clock;
	}

	/** Whether a run waits for its turn. */
	get waiting(): boolean {
		return this.#timer !== undefined;
	}

	request(): void {
		if (this.#timer !== undefined) return;
		const wait = this.#lastRun + this.#gapMs - this.#clock.now();
		if (wait <= 0) {
			this.#fire();
			return;
		}
		this.#timer = this.#clock.setTimeout(() => {
			this.#timer = undefined;
			this.#fire();
		}, wait);
	}

	/** Drops a waiting run. */
	cancel(): void {
		if (this.#timer === undefined) return;
		this.#clock.clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	#fire(): void {
		this.#lastRun = this.#clock.now();
		this.#run();
	}
}
