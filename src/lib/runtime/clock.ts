/**
 * Time, injected. A node's clock is real (`performance.now`) or virtual: a virtual clock only
 * moves when a test calls `node.advance(ms)`, so restart intensity, shutdown timeouts and call
 * timeouts are tested without a single sleep.
 *
 * ```ts
 * const node = createNode({ clock: 'virtual' });
 * await node.advance(5000); // fires every timer due within 5 s, in time order
 * ```
 */

/** What the runtime needs from time. */
export interface Clock {
	readonly kind: 'real' | 'virtual';
	/** Milliseconds since the clock was made, sub-millisecond resolution. */
	now(): number;
	setTimeout(fn: () => void, ms: number): TimerHandle;
	clearTimeout(handle: TimerHandle): void;
}

/** An opaque timer handle. */
export type TimerHandle = { readonly __timer: true } | ReturnType<typeof setTimeout>;

/** The wall clock: `performance.now()` relative to the node's start, and the host's timers. */
export function realClock(): Clock {
	const origin = performance.now();
	return {
		kind: 'real',
		now: () => performance.now() - origin,
		setTimeout: (fn, ms) => setTimeout(fn, ms),
		clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
	};
}

interface VirtualTimer {
	readonly __timer: true;
	at: number;
	seq: number;
	fn: (() => void) | undefined;
}

/** A clock that moves only through `fireNext`; timers fire in (time, creation) order. */
export class VirtualClock implements Clock {
	readonly kind = 'virtual';
	#now = 0;
	#seq = 0;
	#heap: VirtualTimer[] = [];

	now(): number {
		return this.#now;
	}

	setTimeout(fn: () => void, ms: number): TimerHandle {
		const timer: VirtualTimer = {
			__timer: true,
			at: this.#now + Math.max(0, ms),
			seq: this.#seq++,
			fn
		};
		this.#push(timer);
		return timer;
	}

	clearTimeout(handle: TimerHandle): void {
		(handle as VirtualTimer).fn = undefined;
	}

	/** Fires the earliest live timer due at or before `until`; false when there is none. */
	fireNext(until: number): boolean {
		for (;;) {
			const top = this.#heap[0];
			if (!top || top.at > until) return false;
			this.#pop();
			const fn = top.fn;
			if (!fn) continue;
			top.fn = undefined;
			this.#now = Math.max(this.#now, top.at);
			fn();
			return true;
		}
	}

	/** Moves the clock forward to `to` (never backwards). */
	moveTo(to: number): void {
		if (to > this.#now) this.#now = to;
	}

	#less(a: VirtualTimer, b: VirtualTimer): boolean {
		return a.at < b.at || (a.at === b.at && a.seq < b.seq);
	}

	#push(timer: VirtualTimer): void {
		const heap = this.#heap;
		heap.push(timer);
		let i = heap.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!this.#less(heap[i], heap[parent])) break;
			[heap[i], heap[parent]] = [heap[parent], heap[i]];
			i = parent;
		}
	}

	#pop(): void {
		const heap = this.#heap;
		const last = heap.pop();
		if (heap.length === 0 || !last) return;
		heap[0] = last;
		let i = 0;
		for (;;) {
			const l = 2 * i + 1;
			const r = l + 1;
			let m = i;
			if (l < heap.length && this.#less(heap[l], heap[m])) m = l;
			if (r < heap.length && this.#less(heap[r], heap[m])) m = r;
			if (m === i) return;
			[heap[i], heap[m]] = [heap[m], heap[i]];
			i = m;
		}
	}
}
