/**
 * A process's queue of messages, in arrival order. Taking the oldest message is O(1): taken
 * slots before `head` are reclaimed in batches; a selective receive scans from `head` (or later,
 * for a call that knows its reply is newer than some messages) and splices out what it takes.
 */

/** The pattern of a receive that takes any message: recognised to skip calling it. */
export const anyMessage = (_m: unknown) => true;
/** take() found nothing. */
export const none: unique symbol = Symbol('none');

export class Mailbox {
	/** Messages from `#head` on; the slots before it were taken. */
	#items: unknown[] = [];
	#head = 0;

	get length(): number {
		return this.#items.length - this.#head;
	}

	push(message: unknown): void {
		this.#items.push(message);
	}

	/** Messages still queued, oldest first (a copy): all of them, or the `max` oldest. */
	queued(max = Infinity): unknown[] {
		return this.#items.slice(this.#head, this.#head + max);
	}

	/** Takes the first message `accept` matches, skipping the `skip` oldest; `none` if none does. */
	take(accept: (m: unknown) => boolean, skip: number): unknown {
		const items = this.#items;
		if (this.#head >= items.length) return none;
		if (accept === anyMessage && skip === 0) return this.#takeAt(this.#head);
		for (let i = this.#head + skip; i < items.length; i++) {
			if (matches(accept, items[i])) return this.#takeAt(i);
		}
		return none;
	}

	/** Removes the messages for which `drop` is true (demonitor's flush), in place. */
	remove(drop: (m: unknown) => boolean): void {
		const items = this.#items;
		let kept = this.#head;
		for (let i = this.#head; i < items.length; i++) {
			const m = items[i];
			if (!drop(m)) items[kept++] = m;
		}
		items.length = kept;
	}

	#takeAt(i: number): unknown {
		const items = this.#items;
		const message = items[i];
		if (i === this.#head) {
			items[i] = undefined;
			this.#head++;
			// Reclaim the taken slots now and then, not on every message: truncating an array
			// frees its backing store, and the next push would allocate it again.
			if (this.#head >= 1024 && this.#head * 2 >= items.length) {
				items.splice(0, this.#head);
				this.#head = 0;
			}
		} else {
			items.splice(i, 1);
		}
		return message;
	}
}

/** Applies a receive pattern to a message. */
export function matches(match: (m: unknown) => boolean, message: unknown): boolean {
	if (match === anyMessage) return true;
	try {
		return match(message);
	} catch {
		// A pattern that throws is a guard that fails: the message does not match.
		return false;
	}
}
