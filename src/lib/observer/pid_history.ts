/**
 * What the page remembers of processes that are gone: why each exited, and which process
 * replaced it when a supervisor restarted it. A process page opened on a dead pid reads it to
 * say "exited (killed)" and to link to the supervisor's current child. Bounded: the oldest
 * entries go first.
 */
import type { Json } from '$lib/arsenal/serialize';
import type { ObserverEvent } from './events';

export interface ExitRecord {
	reason: Json;
	/** Node clock ms. */
	at: number;
}

export interface Successor {
	supervisor: string;
	childId: string;
	pid: string;
}

export class PidHistory {
	readonly #exits = new Map<string, ExitRecord>();
	readonly #successors = new Map<string, Successor>();
	readonly #parents = new Map<string, string>();
	readonly #capacity: number;

	constructor(capacity = 20_000) {
		this.#capacity = capacity;
	}

	add(events: readonly ObserverEvent[]): void {
		for (const e of events) {
			if (e.type === 'exit')
				put(this.#exits, e.pid, { reason: e.reason, at: e.at }, this.#capacity);
			else if (e.type === 'spawn' && e.parent) put(this.#parents, e.pid, e.parent, this.#capacity);
			else if (e.type === 'restart' && e.oldPid && e.newPid) {
				const next = { supervisor: e.supervisor, childId: e.childId, pid: e.newPid };
				put(this.#successors, e.oldPid, next, this.#capacity);
			}
		}
	}

	exitOf(pid: string): ExitRecord | undefined {
		return this.#exits.get(pid);
	}

	/** The process that spawned `pid`, if the page saw it start. */
	parentOf(pid: string): string | undefined {
		return this.#parents.get(pid);
	}

	/**
	 * The process now in the place `pid` had, following restart after restart; undefined when
	 * no supervisor replaced it (as far as the page saw).
	 */
	currentOf(pid: string): Successor | undefined {
		let found: Successor | undefined;
		let at = pid;
		for (let hops = 0; hops < 1000; hops++) {
			const next = this.#successors.get(at);
			if (!next) break;
			found = next;
			at = next.pid;
		}
		return found;
	}
}

function put<V>(map: Map<string, V>, key: string, value: V, capacity: number): void {
	map.delete(key);
	map.set(key, value);
	if (map.size > capacity) {
		const oldest = map.keys().next().value;
		if (oldest !== undefined) map.delete(oldest);
	}
}
