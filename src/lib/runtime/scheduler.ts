/**
 * The run queue. Waking a process puts it here; `drain` resumes queued processes in FIFO order
 * (or, with a seed, in a seeded pseudo-random order, to explore other interleavings).
 *
 * JavaScript cannot pre-empt a process, but it can stop handing out turns: after
 * `sliceReductions` resumes in one slice the scheduler yields to the host's event loop through
 * a MessageChannel (not setTimeout, which browsers clamp), so the hosting worker keeps
 * answering control messages while processes are busy.
 */
import type { Process } from './process';
import { seededRandom } from './random';

/** Resumes handed out per slice before yielding to the event loop. */
export const sliceReductions = 2000;

export class Scheduler {
	/** Processes waiting for a turn (some may have died since: they are skipped). */
	#queue: Process[] = [];
	#head = 0;
	/** Live processes in the queue. */
	runnable = 0;
	/** Processes resumed and not yet back at a runtime wait (or exited). */
	running = 0;
	/** Turns handed out so far: tells whether anything ran between two looks. */
	turns = 0;
	#drainScheduled = false;
	#sliceUsed = 0;
	#sliceMarkerPosted = false;
	#overBudget = false;
	#channel: MessageChannel | undefined;
	#random: (() => number) | undefined;
	readonly #drain = () => this.drain();
	readonly #endSliceFn = () => this.#endSlice();

	constructor(
		/** Called when nothing is runnable or running: the node may be settled. */
		private readonly onIdle: () => void,
		seed?: number
	) {
		if (seed !== undefined) this.#random = seededRandom(seed);
	}

	/**
	 * Gives a woken process its turn. With nobody queued ahead of it and turns left in the
	 * slice, it is resumed at once, which is what a drain would do next; resuming only
	 * schedules its continuation, so the caller keeps running first either way.
	 */
	wake(p: Process): void {
		if (
			this.#head === this.#queue.length &&
			!this.#random &&
			!this.#overBudget &&
			this.#sliceUsed < sliceReductions
		) {
			this.running++;
			this.turns++;
			this.#markSlice();
			this.#sliceUsed++;
			p.resume();
			return;
		}
		this.enqueue(p);
	}

	/** Queues a process for a turn. */
	enqueue(p: Process): void {
		this.#queue.push(p);
		this.runnable++;
		if (!this.#drainScheduled && !this.#overBudget) {
			this.#drainScheduled = true;
			queueMicrotask(this.#drain);
		}
	}

	/**
	 * Counts one reduction for a process that continues without a trip through the queue
	 * (a receive that finds its message already queued). False once the slice is used up:
	 * the process must then queue for its next turn.
	 */
	mayContinue(): boolean {
		this.turns++;
		this.#markSlice();
		return ++this.#sliceUsed <= sliceReductions;
	}

	/**
	 * A running process reached a runtime wait or exited. With nothing runnable the node may
	 * be settled (processes still running may be blocked outside the runtime: the node checks).
	 */
	stoppedRunning(): void {
		this.running--;
		if (this.runnable === 0) this.onIdle();
	}

	/** A queued process died before its turn. */
	droppedRunnable(): void {
		if (--this.runnable === 0) this.onIdle();
	}

	drain(): void {
		this.#drainScheduled = false;
		const queue = this.#queue;
		while (this.#head < queue.length) {
			if (this.#sliceUsed >= sliceReductions) {
				this.#overBudget = true;
				this.#markSlice();
				return;
			}
			const p = this.#take();
			if (!p.isRunnable) continue;
			this.runnable--;
			this.running++;
			this.turns++;
			this.#markSlice();
			this.#sliceUsed++;
			p.resume();
		}
		queue.length = 0;
		this.#head = 0;
	}

	/** Removes the next process: FIFO, or a seeded random pick among the queued ones. */
	#take(): Process {
		const queue = this.#queue;
		if (this.#random) {
			const i = this.#head + Math.floor(this.#random() * (queue.length - this.#head));
			const picked = queue[i];
			queue[i] = queue[this.#head];
			queue[this.#head++] = picked;
			return picked;
		}
		return queue[this.#head++];
	}

	/** The first turn of a slice posts a macrotask that ends the slice. */
	#markSlice(): void {
		if (this.#sliceMarkerPosted) return;
		this.#sliceMarkerPosted = true;
		this.#yieldToHost();
	}

	#endSlice(): void {
		this.#sliceMarkerPosted = false;
		this.#sliceUsed = 0;
		if (this.#overBudget) {
			this.#overBudget = false;
			this.drain();
		}
	}

	/**
	 * Schedules `#endSlice` as a macrotask. Browsers: a MessageChannel message (setTimeout is
	 * clamped to ≥ 4 ms when nested). Node: setImmediate, because Node drains up to a thousand
	 * port messages in one go, which would starve its timers and I/O.
	 */
	#yieldToHost(): void {
		if (typeof setImmediate === 'function') {
			setImmediate(this.#endSliceFn);
			return;
		}
		if (!this.#channel) {
			this.#channel = new MessageChannel();
			this.#channel.port1.onmessage = this.#endSliceFn;
		}
		this.#channel.port2.postMessage(null);
	}

	/** Releases the channel; the scheduler is not used after. */
	close(): void {
		this.#channel?.port1.close();
		this.#channel = undefined;
	}
}
