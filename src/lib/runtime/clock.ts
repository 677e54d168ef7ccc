/**
 * Time, injected. A node's clock is real (`performance.now`) or virtual: a virtual clock only
 * moves when a test calls `node.advance(ms)`, so restart intensity, shutdown timeouts and call
 * timeouts are tested without a single sleep.
 *
 * Both keep their timers in one heap. Most runtime timers are call and receive timeouts that
 * are cancelled long before they are due, so cancelling must be cheap: the real clock keeps a
 * single host timer armed for the earliest deadline instead of one host timer per timeout.
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
	setTimeout(fn: () => void, ms: number): Timer;
	clearTimeout(timer: Timer): void;
	/** Cancels every timer: the node is shutting down. */
	dispose(): void;
}

/** A pending timer; `index` is its place in the heap, -1 once fired or cancelled. */
export interface Timer {
	at: number;
	seq: number;
	fn: () => void;
	index: number;
}

/** A binary min-heap of timers by (time, creation order) that can remove any timer. */
class TimerHeap {
	#heap: Timer[] = [];
	#seq = 0;

	push(at: number, fn: () => void): Timer {
		const timer: Timer = { at, seq: this.#seq++, fn, index: this.#heap.length };
		this.#heap.push(timer);
		this.#up(timer.index);
		return timer;
	}

	peek(): Timer | undefined {
		return this.#heap[0];
	}

	clear(): void {
		for (const t of this.#heap) t.index = -1;
		this.#heap = [];
	}

	remove(timer: Timer): void {
		const i = timer.index;
		if (i < 0) return;
		timer.index = -1;
		const last = this.#heap.pop()!;
		if (last === timer) return;
		this.#heap[i] = last;
		last.index = i;
		this.#down(i);
		this.#up(last.index);
	}

	#less(a: Timer, b: Timer): boolean {
		return a.at < b.at || (a.at === b.at && a.seq < b.seq);
	}

	#swap(i: number, j: number): void {
		const h = this.#heap;
		[h[i], h[j]] = [h[j], h[i]];
		h[i].index = i;
		h[j].index = j;
	}

	#up(i: number): void {
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!this.#less(this.#heap[i], this.#heap[parent])) return;
			this.#swap(i, parent);
			i = parent;
		}
	}

	#down(i: number): void {
		const h = this.#heap;
		for (;;) {
			const l = 2 * i + 1;
			const r = l + 1;
			let m = i;
			if (l < h.length && this.#less(h[l], h[m])) m = l;
			if (r < h.length && this.#less(h[r], h[m])) m = r;
			if (m === i) return;
			this.#swap(i, m);
			i = m;
		}
	}
}

/** The wall clock: `performance.now()` relative to the node's start; one host timer at a time. */
export class RealClock implements Clock {
	readonly kind = 'real';
	readonly #origin = performance.now();
	readonly #timers = new TimerHeap();
	#armedAt = Infinity;
	#armed: ReturnType<typeof setTimeout> | undefined;
	readonly #fire = () => this.#fireDue();

	now(): number {
		return performance.now() - this.#origin;
	}

	setTimeout(fn: () => void, ms: number): Timer {
		const timer = this.#timers.push(this.now() + Math.max(0, ms), fn);
		if (timer.at < this.#armedAt) this.#arm(timer.at);
		return timer;
	}

	clearTimeout(timer: Timer): void {
		// The host timer stays armed: when it fires early it re-arms for the next deadline, if
		// any. Disarming here would cost a host timer per call, whose timeout is set and cleared.
		this.#timers.remove(timer);
	}

	dispose(): void {
		this.#timers.clear();
		this.#disarm();
	}

	#disarm(): void {
		if (this.#armed !== undefined) clearTimeout(this.#armed);
		this.#armed = undefined;
		this.#armedAt = Infinity;
	}

	#arm(at: number): void {
		this.#disarm();
		this.#armedAt = at;
		this.#armed = setTimeout(this.#fire, Math.max(0, at - this.now()));
	}

	#fireDue(): void {
		this.#armed = undefined;
		this.#armedAt = Infinity;
		for (let t = this.#timers.peek(); t && t.at <= this.now(); t = this.#timers.peek()) {
			this.#timers.remove(t);
			t.fn();
		}
		const next = this.#timers.peek();
		if (next) this.#arm(next.at);
	}
}

/** A clock that moves only through `fireNext`; timers fire in (time, creation) order. */
export class VirtualClock implements Clock {
	readonly kind = 'virtual';
	#now = 0;
	readonly #timers = new TimerHeap();

	now(): number {
		return this.#now;
	}

	setTimeout(fn: () => void, ms: number): Timer {
		return this.#timers.push(this.#now + Math.max(0, ms), fn);
	}

	clearTimeout(timer: Timer): void {
		this.#timers.remove(timer);
	}

	dispose(): void {
		this.#timers.clear();
	}

	/** Fires the earliest timer due at or before `until`; false when there is none. */
	fireNext(until: number): boolean {
		const top = this.#timers.peek();
		if (!top || top.at > until) return false;
		this.#timers.remove(top);
		this.#now = Math.max(this.#now, top.at);
		top.fn();
		return true;
	}

	/** Moves the clock forward to `to` (never backwards). */
	moveTo(to: number): void {
		if (to > this.#now) this.#now = to;
	}
}
