/**
 * The last few samples of each process of one node — its queue length, reductions and memory —
 * for the trends the analyzer reads: a mailbox rising across samples, reductions per second, a
 * process holding far more than the others. Runtime worker, fed by the analyzer's timer.
 */
import type { ProcessInfo } from '$lib/runtime';
import {
	HIGH_MEMORY_BYTES,
	KEPT_SAMPLES,
	MAILBOX_GROWING,
	MEMORY_OUTLIER,
	RISING_SAMPLES
} from './limits';

interface Sample {
	at: number;
	queue: number;
	reductions: number;
	memory: number;
}

/** A process's figures as of the last sample, with its trends. */
export interface Load {
	pid: string;
	queue: number;
	/** Messages per second over the kept samples (negative: draining). */
	queueGrowth: number;
	reductionsPerSecond: number;
	memory: number;
}

export class LoadSamples {
	readonly #byPid = new Map<string, Sample[]>();
	#round = new Set<string>();

	/** Starts a sampling round. */
	begin(): void {
		this.#round = new Set();
	}

	record(pid: string, info: ProcessInfo, at: number): void {
		this.#round.add(pid);
		let samples = this.#byPid.get(pid);
		if (!samples) this.#byPid.set(pid, (samples = []));
		samples.push({
			at,
			queue: info.messageQueueLen,
			reductions: info.reductions,
			memory: info.memory
		});
		if (samples.length > KEPT_SAMPLES) samples.shift();
	}

	/** Ends the round: the processes it did not see have exited. */
	end(): void {
		for (const pid of this.#byPid.keys()) if (!this.#round.has(pid)) this.#byPid.delete(pid);
	}

	/** Every sampled process's figures. */
	*loads(): Iterable<Load> {
		for (const [pid, samples] of this.#byPid) yield loadOf(pid, samples);
	}

	/**
	 * Queues over {@link MAILBOX_GROWING} that never fell across the last {@link RISING_SAMPLES}
	 * samples and ended higher than they began, with the queue length at their start.
	 */
	*growing(): Iterable<Load & { queueBefore: number; overMs: number }> {
		for (const [pid, samples] of this.#byPid) {
			if (samples.length < RISING_SAMPLES) continue;
			const last = samples.slice(-RISING_SAMPLES);
			const [first, end] = [last[0], last[last.length - 1]];
			if (end.queue <= MAILBOX_GROWING || end.queue <= first.queue) continue;
			if (last.some((s, i) => i > 0 && s.queue < last[i - 1].queue)) continue;
			yield { ...loadOf(pid, samples), queueBefore: first.queue, overMs: end.at - first.at };
		}
	}

	/**
	 * Processes holding at least {@link HIGH_MEMORY_BYTES} and {@link MEMORY_OUTLIER} times the
	 * median of the node's processes, with that median.
	 */
	*heavy(): Iterable<Load & { median: number }> {
		const memories: number[] = [];
		for (const samples of this.#byPid.values()) memories.push(samples[samples.length - 1].memory);
		if (memories.length === 0) return;
		memories.sort((a, b) => a - b);
		const median = memories[Math.floor(memories.length / 2)];
		const floor = Math.max(HIGH_MEMORY_BYTES, median * MEMORY_OUTLIER);
		for (const [pid, samples] of this.#byPid) {
			if (samples[samples.length - 1].memory >= floor) yield { ...loadOf(pid, samples), median };
		}
	}
}

function loadOf(pid: string, samples: Sample[]): Load {
	const first = samples[0];
	const last = samples[samples.length - 1];
	const seconds = (last.at - first.at) / 1000;
	const rate = (a: number, b: number) => (seconds > 0 ? (b - a) / seconds : 0);
	return {
		pid,
		queue: last.queue,
		queueGrowth: rate(first.queue, last.queue),
		reductionsPerSecond: Math.max(0, rate(first.reductions, last.reductions)),
		memory: last.memory
	};
}
