/**
 * What analytics keeps across AnalyticsServers and system nodes, in the runtime worker's
 * SystemHost (as the SandboxTable): the store, the actions waiting for their restart, the
 * telemetry counts, the IndexedDB it writes to, and the listeners of the server that runs now
 * (a server that starts replaces its predecessor's). Its `observe` is the one path every node's
 * trace takes, the system node's and the sandboxes' alike.
 *
 * ```ts
 * const analytics = new Analytics({ storage: await openAnalyticsStorage() });
 * analytics.observe('sandbox_1@superlearner', batch.events, (at) => receivedAt - (batch.now - at));
 * await analytics.persist();
 * ```
 */
import type { EventCounts, PersistenceStatus, RestartRecord } from '$lib/arsenal/analytics_schemas';
import { giveUpText, reasonText } from '$lib/arsenal/report_text';
import { cut } from '$lib/arsenal/serialize';
import type { ObserverEvent } from '$lib/stream/events';
import { PendingActions } from './causes';
import { AnalyticsDb } from './db';
import { AnalyticsStore, type StoredHistory, type StoreOptions } from './store';

/** Where analytics is saved, as the runtime worker opened it. */
export type AnalyticsStorage =
	| { db: AnalyticsDb; restored: StoredHistory[] }
	/** Why nothing is saved. */
	| { db?: undefined; reason: string };

export interface AnalyticsOptions extends StoreOptions {
	/** Without it, analytics keeps its history in memory only. */
	storage?: AnalyticsStorage;
}

/** A reason in one line is for reading: longer ones are cut. */
const REASON_TEXT_LIMIT = 1_000;

/** A node's clock (ms) → epoch ms. */
export type EpochOf = (nodeAt: number) => number;

/** The registered name of a pid on a node, if one is known. */
export type NameOf = (node: string, pid: string) => string | undefined;

/**
 * Opens the history's database and reads it back; never rejects: without IndexedDB (or with
 * one that refuses), analytics runs in memory and says why.
 */
export async function openAnalyticsStorage(): Promise<AnalyticsStorage> {
	let db: AnalyticsDb | undefined;
	try {
		db = await AnalyticsDb.open();
		return { db, restored: await db.load() };
	} catch (error) {
		db?.close();
		return { reason: `IndexedDB refused: ${messageOf(error)}` };
	}
}

export class Analytics {
	readonly store: AnalyticsStore;
	readonly actions = new PendingActions();
	readonly counts: EventCounts = {
		sandboxesCreated: 0,
		sandboxesDestroyed: 0,
		processesKilled: 0,
		restartsDetected: 0
	};
	readonly #db: AnalyticsDb | undefined;
	#status: PersistenceStatus;
	/** Writes and clears, one after another. */
	#writes: Promise<void> = Promise.resolve();
	#writing = false;
	#detach: (() => void) | undefined;

	constructor(opts: AnalyticsOptions = {}) {
		this.store = new AnalyticsStore(opts);
		const storage = opts.storage ?? { reason: 'no storage was given to this runtime' };
		this.#db = storage.db;
		if (storage.db) {
			this.store.restore(storage.restored);
			this.#status = { status: 'saved' };
		} else this.#status = { status: 'memory', reason: storage.reason };
	}

	get persistence(): PersistenceStatus {
		return { ...this.#status };
	}

	/** Whether a write is under way (the next batch waits for it). */
	get writing(): boolean {
		return this.#writing;
	}

	/** Runs the previous listeners' detach, and keeps `detach` for the next server. */
	attach(detach: () => void): void {
		this.#detach?.();
		this.#detach = detach;
	}

	/** Stops listening (the host is shutting down). */
	detach(): void {
		this.#detach?.();
		this.#detach = undefined;
	}

	/**
	 * Takes a node's trace events: restarts become records, a supervisor's exit and its
	 * give-up report are noted, its registration names it. Answers the new records.
	 */
	observe(node: string, events: readonly ObserverEvent[], epochOf: EpochOf, nameOf?: NameOf) {
		const recorded: RestartRecord[] = [];
		const { store } = this;
		for (const e of events) {
			if (e.type === 'restart') {
				const kept = store.record(
					this.#toRecord(node, e, Math.round(epochOf(e.at)), nameOf),
					e.count
				);
				if (!kept) continue;
				recorded.push(kept);
				if (kept.cause) store.shareCause(kept);
			} else if (e.type === 'exit') {
				store.exited(node, e.pid, epochOf(e.at));
			} else if (e.type === 'register') {
				store.named(node, e.pid, e.name);
			} else if (
				e.type === 'report' &&
				e.report.kind === 'supervisor' &&
				e.report.errorContext === 'shutdown'
			) {
				store.gaveUp(node, e.report.supervisor, epochOf(e.at), giveUpText(e.report));
			}
		}
		this.counts.restartsDetected += recorded.length;
		return recorded;
	}

	/**
	 * Writes the records recorded since the last write, in one transaction; in memory only
	 * (and saying why) from the first write that fails.
	 */
	persist(): Promise<void> {
		const db = this.#db;
		const changes = this.store.takeChanges();
		if (!db || this.#status.status === 'memory') return Promise.resolve();
		if (changes.length === 0) return this.#writes;
		this.#writing = true;
		return this.#queue(() => db.write(changes)).finally(() => {
			this.#writing = false;
		});
	}

	/** Forgets every record, here and in IndexedDB. */
	async clear(): Promise<number> {
		const cleared = this.store.clear();
		const db = this.#db;
		if (db && this.#status.status === 'saved') await this.#queue(() => db.clear());
		return cleared;
	}

	/** Resolves once every write asked for so far has ended. */
	flushed(): Promise<void> {
		return this.#writes;
	}

	#queue(write: () => Promise<void>): Promise<void> {
		this.#writes = this.#writes.then(write).catch((error: unknown) => {
			this.#status = { status: 'memory', reason: `IndexedDB refused a write: ${messageOf(error)}` };
		});
		return this.#writes;
	}

	#toRecord(
		node: string,
		e: Extract<ObserverEvent, { type: 'restart' }>,
		at: number,
		nameOf: NameOf | undefined
	): RestartRecord {
		const name = this.store.history(node, e.supervisor)?.name ?? nameOf?.(node, e.supervisor);
		const key = { node, supervisor: e.supervisor, childId: e.childId, oldPid: e.oldPid, at };
		const cause = this.actions.causeOf(key);
		return {
			at,
			node,
			supervisor: e.supervisor,
			...(name !== undefined && { supervisorName: name }),
			childId: e.childId,
			...(e.oldPid !== undefined && { oldPid: e.oldPid }),
			...(e.newPid !== undefined && { newPid: e.newPid }),
			reason: e.reason,
			reasonText: cut(reasonText(e.reason), REASON_TEXT_LIMIT),
			...(cause && { cause }),
			...(e.intensity !== undefined && { intensity: e.intensity }),
			...(e.period !== undefined && { period: e.period }),
			...(e.counted === false && { counted: false as const })
		};
	}
}

function messageOf(error: unknown): string {
	return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
