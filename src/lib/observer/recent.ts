/**
 * Bounded memories of the latest keys, for what the pages remember of processes that are gone.
 * Entries live in two generations: a full young one becomes the old one and the previous old one
 * is forgotten whole. Every operation is O(1), which evicting the oldest entry of a Map one by one
 * is not: V8 leaves a deleted entry's slot in place until it rehashes, so the next
 * `keys().next()` steps over every slot deleted so far, and a restart storm deletes thousands a
 * second.
 *
 * At least the latest `capacity` keys are kept, and at most twice as many.
 */
export class RecentMap<K, V> {
	#young = new Map<K, V>();
	#old = new Map<K, V>();

	constructor(readonly capacity: number) {
		if (!(capacity >= 1)) throw new Error(`RecentMap capacity must be at least 1, not ${capacity}`);
	}

	get(key: K): V | undefined {
		return this.#young.has(key) ? this.#young.get(key) : this.#old.get(key);
	}

	has(key: K): boolean {
		return this.#young.has(key) || this.#old.has(key);
	}

	set(key: K, value: V): void {
		this.#young.set(key, value);
		if (this.#young.size >= this.capacity) {
			this.#old = this.#young;
			this.#young = new Map();
		}
	}

	/** Keys kept now (a key set in both generations counts twice). */
	get size(): number {
		return this.#young.size + this.#old.size;
	}
}

/** A {@link RecentMap} of keys alone. */
export class RecentSet<K> {
	readonly #map: RecentMap<K, true>;

	constructor(capacity: number) {
		this.#map = new RecentMap(capacity);
	}

	add(key: K): void {
		this.#map.set(key, true);
	}

	has(key: K): boolean {
		return this.#map.has(key);
	}
}
