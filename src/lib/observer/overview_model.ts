/**
 * The figures of the overview page, from the event stream: restarts in the last minute (exact,
 * by timestamp), the message rate, and the recent events worth reading. All times are node-clock
 * milliseconds, the clock events carry.
 */
import type { ObserverEvent } from '$lib/stream/events';

/** Restarts inside a sliding window, by timestamp. */
export class RestartWindow {
	#times: number[] = [];
	readonly spanMs: number;

	constructor(spanMs = 60_000) {
		this.spanMs = spanMs;
	}

	add(at: number): void {
		// Events arrive in order, but a seed from before the subscription may not.
		let i = this.#times.length;
		while (i > 0 && this.#times[i - 1] > at) i--;
		this.#times.splice(i, 0, at);
	}

	#prune(now: number): void {
		let drop = 0;
		while (drop < this.#times.length && now - this.#times[drop] >= this.spanMs) drop++;
		if (drop) this.#times.splice(0, drop);
	}

	count(now: number): number {
		this.#prune(now);
		return this.#times.length;
	}

	/** Counts per bucket across the window, oldest first: `n` buckets of `spanMs / n`. */
	buckets(now: number, n = 12): number[] {
		this.#prune(now);
		const width = this.spanMs / n;
		const out = new Array<number>(n).fill(0);
		for (const t of this.#times) {
			const age = now - t;
			if (age < 0) continue;
			out[Math.max(0, n - 1 - Math.floor(age / width))]++;
		}
		return out;
	}
}

/** Counts per whole second, for a rate over the last few seconds. */
export class RateMeter {
	#seconds = new Map<number, number>();
	#first: number | null = null;
	readonly keepSeconds: number;

	constructor(keepSeconds = 60) {
		this.keepSeconds = keepSeconds;
	}

	add(at: number, n: number): void {
		this.#first ??= at;
		if (n === 0) return;
		const s = Math.floor(at / 1000);
		this.#seconds.set(s, (this.#seconds.get(s) ?? 0) + n);
		if (this.#seconds.size > this.keepSeconds + 5) {
			const cutoff = s - this.keepSeconds;
			for (const k of this.#seconds.keys()) if (k < cutoff) this.#seconds.delete(k);
		}
	}

	/** Per second, over the last `windowMs` (or less, right after the first sample). */
	rate(now: number, windowMs = 5000): number {
		if (this.#first === null) return 0;
		const span = Math.min(windowMs, Math.max(1000, now - this.#first));
		const from = now - span;
		let sum = 0;
		for (const [s, n] of this.#seconds) {
			const t = s * 1000;
			if (t + 1000 > from && t <= now) {
				// A second that the window cuts counts for the share inside it.
				const inside = Math.min(t + 1000, now) - Math.max(t, from);
				const whole = Math.min(t + 1000, now) - t;
				sum += whole > 0 ? (n * inside) / whole : n;
			}
		}
		return sum / (span / 1000);
	}

	/** The last `n` whole seconds' counts, oldest first. */
	series(now: number, n = 30): number[] {
		const last = Math.floor(now / 1000) - 1;
		return Array.from({ length: n }, (_, i) => this.#seconds.get(last - n + 1 + i) ?? 0);
	}
}

/** An event as the overview lists it. */
export type LoggedEvent = Extract<
	ObserverEvent,
	{ type: 'spawn' | 'exit' | 'restart' | 'report' }
> & {
	/** Unique within the log, for keyed rendering. */
	n: number;
};

/**
 * The latest spawns, exits, restarts and reports. Processes the node root starts (calls and
 * requests from outside any process: the observer's own reads among them) are left out unless
 * asked for, and so are their exits and crash reports, so that the stream shows what the
 * application does.
 */
export class EventLog {
	#events: LoggedEvent[] = [];
	#fromOutside = new Set<string>();
	#n = 0;
	readonly capacity: number;

	constructor(capacity = 200) {
		this.capacity = capacity;
	}

	get events(): readonly LoggedEvent[] {
		return this.#events;
	}

	add(events: readonly ObserverEvent[], opts: { outside?: boolean } = {}): boolean {
		let added = false;
		for (const e of events) {
			if (e.type === 'spawn') {
				if (!opts.outside && isRootPid(e.parent)) {
					this.#fromOutside.add(e.pid);
					if (this.#fromOutside.size > 5000) this.#fromOutside.clear();
					continue;
				}
			} else if (e.type === 'exit') {
				if (this.#fromOutside.delete(e.pid)) continue;
			} else if (e.type === 'report') {
				if (e.report.kind === 'crash' && this.#fromOutside.has(e.report.pid)) continue;
			} else if (e.type !== 'restart') continue;
			this.#events.push({ ...e, n: ++this.#n });
			added = true;
		}
		if (this.#events.length > this.capacity) {
			this.#events = this.#events.slice(-this.capacity);
		}
		return added;
	}

	clear(): void {
		this.#events = [];
	}
}

/** `<N.0.0>`: a node's root, the sender of what comes from outside any process. */
export function isRootPid(pid: string | undefined): boolean {
	return pid !== undefined && /^<\d+\.0\.0>$/.test(pid);
}
