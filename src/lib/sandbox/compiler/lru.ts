/**
 * A small least-recently-used cache on a Map (whose iteration order is insertion order):
 * re-inserting on a hit moves an entry to the back, so the front is always the one to evict.
 */
export class Lru<K, V> {
	readonly #entries = new Map<K, V>();

	constructor(readonly capacity: number) {}

	get(key: K): V | undefined {
		if (!this.#entries.has(key)) return undefined;
		const value = this.#entries.get(key) as V;
		this.#entries.delete(key);
		this.#entries.set(key, value);
		return value;
	}

	set(key: K, value: V): void {
		this.#entries.delete(key);
		this.#entries.set(key, value);
		if (this.#entries.size > this.capacity) {
			this.#entries.delete(this.#entries.keys().next().value as K);
		}
	}

	get size(): number {
		return this.#entries.size;
	}
}
