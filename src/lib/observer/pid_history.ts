/**
 * What the page remembers of processes that are gone: why each exited, and which process
 * replaced it when a supervisor restarted it. A process page opened on a dead pid reads it to
 * say "exited (killed)" and to link to the supervisor's current child. Bounded: the oldest
 * entries go first (see RecentMap).
 */
import type { Json } from '$lib/arsenal/serialize';
import type { ObserverEvent } from '$lib/stream/events';
import { RecentMap } from './recent';

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
	readonly #exits: RecentMap<string, ExitRecord>;
	readonly #successors: RecentMap<string, Successor>;
	readonly #parents: RecentMap<string, string>;

	constructor(capacity = 20_000) {
		this.#exits = new RecentMap(capacity);
		this.#successors = new RecentMap(capacity);
		this.#parents = new RecentMap(capacity);
	}

	add(events: readonly ObserverEvent[]): void {
		for (const e of events) {
			if (e.type === 'exit') this.#exits.set(e.pid, { reason: e.reason, at: e.at });
			else if (e.type === 'spawn' && e.parent) this.#parents.set(e.pid, e.parent);
			else if (e.type === 'restart' && e.oldPid && e.newPid) {
				this.#successors.set(e.oldPid, {
					supervisor: e.supervisor,
					childId: e.childId,
					pid: e.newPid
				});
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
