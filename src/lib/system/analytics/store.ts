/**
 * The restart history of every supervisor seen, on the system node's and the sandboxes' nodes:
 * per supervisor (keyed by node and pid) its restart records, oldest first, the newest
 * `maxEventsPerSupervisor` of them kept, and a total that counts every restart. Pure and
 * synchronous (any thread); the runtime worker keeps one in its SystemHost, so the history
 * outlives the AnalyticsServer and the system node. It lists the supervisors whose history changed
 * since the last write, so that what is stored (a value per supervisor) mirrors it.
 *
 * ```ts
 * const store = new AnalyticsStore({ maxEventsPerSupervisor: 1_000 });
 * store.record({ at: Date.now(), node: 'system@superlearner', supervisor: '<0.40.0>', childId: 'worker', reason: 'killed', reasonText: 'killed' });
 * store.restarts({ node: 'system@superlearner' }); // newest first
 * ```
 */
import type { RestartFilter, RestartRecord } from '$lib/arsenal/analytics_schemas';

export const MAX_EVENTS_PER_SUPERVISOR = 1_000;

/** One supervisor's history. */
export interface SupervisorHistory {
	readonly node: string;
	readonly supervisor: string;
	name: string | undefined;
	/** Oldest first, by `at`. */
	readonly records: RestartRecord[];
	/** Every restart recorded, also those retention dropped. */
	total: number;
	/** Epoch ms when it exited, if it did. */
	exitedAt: number | undefined;
	/** Set when it exited after reaching its restart intensity. */
	gaveUp: { at: number; reason: string } | undefined;
}

/** A history as IndexedDB keeps it: one value per supervisor (see db.ts). */
export type StoredHistory = Omit<SupervisorHistory, 'name' | 'exitedAt' | 'gaveUp'> & {
	name?: string;
	exitedAt?: number;
	gaveUp?: { at: number; reason: string };
};

export interface StoreOptions {
	/** Records kept per supervisor; the oldest go first. Default 1,000. */
	maxEventsPerSupervisor?: number;
}

/** The key of a supervisor: its node and its pid. */
export function supervisorKey(node: string, supervisor: string): string {
	return `${node} ${supervisor}`;
}

/** Identifies a record, so that an import (or a restore) never keeps one twice. */
export function recordId(r: RestartRecord): string {
	return [r.node, r.supervisor, r.childId, r.at, r.oldPid ?? '', r.newPid ?? ''].join(' ');
}

export class AnalyticsStore {
	#maxEvents: number;
	readonly #bySupervisor = new Map<string, SupervisorHistory>();
	readonly #ids = new Set<string>();
	/** The histories changed since the last write. */
	readonly #changed = new Set<SupervisorHistory>();

	constructor(opts: StoreOptions = {}) {
		this.#maxEvents = opts.maxEventsPerSupervisor ?? MAX_EVENTS_PER_SUPERVISOR;
	}

	/** Records kept per supervisor. */
	get maxEventsPerSupervisor(): number {
		return this.#maxEvents;
	}

	/**
	 * Keeps `max` records per supervisor from now on: a lower one drops each history's oldest at
	 * once (and the next write stores the histories it shortened).
	 */
	set maxEventsPerSupervisor(max: number) {
		this.#maxEvents = max;
		for (const history of this.#bySupervisor.values()) {
			if (history.records.length <= max) continue;
			const dropped = history.records.splice(0, history.records.length - max);
			for (const r of dropped) this.#ids.delete(recordId(r));
			this.#changed.add(history);
		}
	}

	/**
	 * Adds a restart; `count` is how many restarts it stands for (a coalesced event's). Answers
	 * the record as kept (named, when its supervisor's name is known), or undefined for one
	 * kept already.
	 */
	record(r: RestartRecord, count = 1): RestartRecord | undefined {
		const id = recordId(r);
		if (this.#ids.has(id)) return undefined;
		const history = this.#historyOf(r.node, r.supervisor);
		if (r.supervisorName !== undefined) history.name = r.supervisorName;
		else if (history.name !== undefined) r = { ...r, supervisorName: history.name };
		history.total += count;
		this.#ids.add(id);
		insertByTime(history.records, r);
		while (history.records.length > this.maxEventsPerSupervisor) {
			this.#ids.delete(recordId(history.records.shift()!));
		}
		this.#changed.add(history);
		return r;
	}

	/** Adds records from elsewhere (an import), skipping those kept already; answers how many were new. */
	merge(records: Iterable<RestartRecord>): number {
		let added = 0;
		for (const r of records) if (this.record(r)) added++;
		return added;
	}

	/** Takes back the histories stored by an earlier run (IndexedDB at start): nothing to write. */
	restore(histories: Iterable<StoredHistory>): void {
		for (const stored of histories) {
			const history = this.#historyOf(stored.node, stored.supervisor);
			history.name ??= stored.name;
			history.total += stored.total;
			history.exitedAt ??= stored.exitedAt;
			history.gaveUp ??= stored.gaveUp;
			for (const r of stored.records) {
				const id = recordId(r);
				if (this.#ids.has(id)) continue;
				this.#ids.add(id);
				insertByTime(history.records, r);
			}
			history.records.splice(0, history.records.length - this.maxEventsPerSupervisor);
		}
	}

	/**
	 * Gives `r`'s cause to the restarts its supervisor made just before it in the same pass (the
	 * same time): a one_for_all supervisor restarts the killed child's older siblings first.
	 */
	shareCause(r: RestartRecord): void {
		const records = this.history(r.node, r.supervisor)?.records ?? [];
		const seen = new Set<string>();
		for (let i = records.length - 1; i >= 0 && records[i].at === r.at; i--) {
			const { childId, cause } = records[i];
			// A pass restarts each child once, and a caused restart belongs to its own pass.
			if (seen.has(childId) || (records[i] !== r && cause)) break;
			seen.add(childId);
			records[i].cause = r.cause;
		}
		this.#markChanged(r.node, r.supervisor);
	}

	/** Learns a supervisor's registered name (from a `register` event or a lookup). */
	named(node: string, supervisor: string, name: string): void {
		const history = this.#bySupervisor.get(supervisorKey(node, supervisor));
		if (!history || history.name === name) return;
		history.name = name;
		this.#changed.add(history);
	}

	/** Whether this supervisor has history: its exits and reports matter. */
	knows(node: string, supervisor: string): boolean {
		return this.#bySupervisor.has(supervisorKey(node, supervisor));
	}

	/** A supervisor with history exited at `at` (epoch ms). */
	exited(node: string, supervisor: string, at: number): void {
		const history = this.#bySupervisor.get(supervisorKey(node, supervisor));
		if (!history) return;
		history.exitedAt = at;
		this.#changed.add(history);
	}

	/** A supervisor reported it gave up: more restarts than its intensity allows. */
	gaveUp(node: string, supervisor: string, at: number, reason: string): void {
		const history = this.#historyOf(node, supervisor);
		history.gaveUp = { at, reason };
		this.#changed.add(history);
	}

	history(node: string, supervisor: string): SupervisorHistory | undefined {
		return this.#bySupervisor.get(supervisorKey(node, supervisor));
	}

	histories(): IterableIterator<SupervisorHistory> {
		return this.#bySupervisor.values();
	}

	/** Records kept, over every supervisor. */
	get size(): number {
		return this.#ids.size;
	}

	/** The records that match, newest first. `supervisor` is a pid or a registered name. */
	restarts(filter: RestartFilter = {}): RestartRecord[] {
		const out: RestartRecord[] = [];
		const needle = filter.reason?.toLowerCase();
		for (const h of this.#bySupervisor.values()) {
			if (filter.node !== undefined && h.node !== filter.node) continue;
			if (
				filter.supervisor !== undefined &&
				h.supervisor !== filter.supervisor &&
				h.name !== filter.supervisor
			) {
				continue;
			}
			// Newest first, also among restarts of the same millisecond.
			for (let i = h.records.length - 1; i >= 0; i--) {
				const r = h.records[i];
				if (filter.since !== undefined && r.at < filter.since) continue;
				if (filter.until !== undefined && r.at > filter.until) continue;
				if (needle !== undefined && !r.reasonText.toLowerCase().includes(needle)) continue;
				out.push(r);
			}
		}
		return out.sort((a, b) => b.at - a.at);
	}

	/** Every record kept, oldest first per supervisor. */
	all(): RestartRecord[] {
		return [...this.#bySupervisor.values()].flatMap((h) => h.records);
	}

	/** Takes the histories changed since the last call, for one write. */
	takeChanges(): SupervisorHistory[] {
		const changed = [...this.#changed];
		this.#changed.clear();
		return changed;
	}

	/** Histories changed and not yet taken for a write. */
	get pending(): number {
		return this.#changed.size;
	}

	/** Forgets everything; answers how many records there were. */
	clear(): number {
		const cleared = this.#ids.size;
		this.#bySupervisor.clear();
		this.#ids.clear();
		this.#changed.clear();
		return cleared;
	}

	#markChanged(node: string, supervisor: string): void {
		const history = this.#bySupervisor.get(supervisorKey(node, supervisor));
		if (history) this.#changed.add(history);
	}

	#historyOf(node: string, supervisor: string): SupervisorHistory {
		const key = supervisorKey(node, supervisor);
		let history = this.#bySupervisor.get(key);
		if (!history) {
			history = {
				node,
				supervisor,
				name: undefined,
				records: [],
				total: 0,
				exitedAt: undefined,
				gaveUp: undefined
			};
			this.#bySupervisor.set(key, history);
		}
		return history;
	}
}

/** Appends `r`, or inserts it in time order when it is older (an import, a late batch). */
function insertByTime(records: RestartRecord[], r: RestartRecord): void {
	let i = records.length;
	while (i > 0 && records[i - 1].at > r.at) i--;
	records.splice(i, 0, r);
}
