/**
 * Pids outlive their run in links and bookmarks. A reload starts a fresh runtime: the learner's
 * sandboxes start again with new pids, and a process page opened on an old pid finds nothing.
 * So a process page remembers (in localStorage, the last 200) who each process it showed was —
 * its node, names and place under its supervisor — and, on a pid of an earlier run, finds the
 * process that holds the same name or child id now.
 *
 * ```ts
 * const seen = new SeenProcesses();
 * seen.remember({ pid: '<3.12.0>', node: 'sandbox_demo@superlearner', name: 'counter', seenAt: Date.now() });
 * // after a reload:
 * const before = seen.get('<3.12.0>');
 * const now = before && (await holderNow(arsenal, before)); // { pid: '<5.12.0>', by: 'name' }
 * ```
 */
import type { ArsenalClient } from './arsenal_client';

export interface SeenProcess {
	pid: string;
	node: string;
	name?: string;
	label?: string;
	module?: string;
	behaviour?: string;
	/** Its place under its supervisor, when it had one. */
	place?: { supervisor: SeenSupervisor; childId: string };
	/** Epoch ms when the page last saw it alive. */
	seenAt: number;
}

/** What finds a supervisor again in a new run: its registered name, else its module. */
export interface SeenSupervisor {
	pid: string;
	name?: string;
	module?: string;
}

/** The process in an old pid's place now, and what it was found by. */
export interface Holder {
	pid: string;
	by: 'name' | 'child id' | 'supervisor';
	/** The supervisor, when found by child id or the supervisor itself. */
	supervisor?: string;
	childId?: string;
}

const KEY = 'superlearner:seen-processes';
const CAPACITY = 200;

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

function localStorageOrNull(): Storage | null {
	try {
		return globalThis.localStorage ?? null;
	} catch {
		// A storage-blocked document throws on access.
		return null;
	}
}

export class SeenProcesses {
	readonly #storage: Storage | null;
	readonly #capacity: number;

	constructor(storage: Storage | null = localStorageOrNull(), capacity = CAPACITY) {
		this.#storage = storage;
		this.#capacity = capacity;
	}

	get(pid: string): SeenProcess | undefined {
		return this.#read().find((p) => p.pid === pid);
	}

	/** Keeps `process`, newest last; the oldest go past the capacity. */
	remember(process: SeenProcess): void {
		const kept = this.#read().filter((p) => p.pid !== process.pid);
		kept.push(process);
		try {
			this.#storage?.setItem(KEY, JSON.stringify(kept.slice(-this.#capacity)));
		} catch {
			// Over quota: the page only loses its memory of old pids.
		}
	}

	#read(): SeenProcess[] {
		try {
			const value: unknown = JSON.parse(this.#storage?.getItem(KEY) ?? '[]');
			return Array.isArray(value) ? value.filter(isSeen) : [];
		} catch {
			return [];
		}
	}
}

function isSeen(value: unknown): value is SeenProcess {
	const v = value as Partial<SeenProcess> | null;
	return typeof v?.pid === 'string' && typeof v.node === 'string' && typeof v.seenAt === 'number';
}

/**
 * The process that holds `seen`'s registered name on its node now; else its supervisor's child
 * with the same id; else that supervisor. Null when none of them runs.
 */
export async function holderNow(arsenal: ArsenalClient, seen: SeenProcess): Promise<Holder | null> {
	if (seen.name !== undefined) {
		const pid = await findByName(arsenal, seen.node, seen.name);
		if (pid) return { pid, by: 'name' };
	}
	if (!seen.place) return null;
	const { supervisor, childId } = seen.place;
	const sup = await findSupervisor(arsenal, seen.node, supervisor);
	if (!sup) return null;
	const child = await arsenal.supervisor(sup).then(
		({ data }) => data.childList.find((c) => c.id === childId),
		() => undefined
	);
	if (child?.pid && child.pid.startsWith('<')) {
		return { pid: child.pid, by: 'child id', supervisor: sup, childId };
	}
	return { pid: sup, by: 'supervisor', supervisor: sup, childId };
}

async function findByName(
	arsenal: ArsenalClient,
	node: string,
	name: string
): Promise<string | undefined> {
	const rows = await matching(arsenal, node, name);
	return rows.find((r) => r.name === name)?.pid;
}

/** By registered name; else the one supervisor of its module on the node (two: no guess). */
async function findSupervisor(
	arsenal: ArsenalClient,
	node: string,
	sup: SeenSupervisor
): Promise<string | undefined> {
	if (sup.name !== undefined) return findByName(arsenal, node, sup.name);
	if (sup.module === undefined) return undefined;
	const rows = (await matching(arsenal, node, sup.module)).filter(
		(r) =>
			r.module === sup.module &&
			(r.behaviour === 'supervisor' || r.behaviour === 'dynamic_supervisor')
	);
	return rows.length === 1 ? rows[0].pid : undefined;
}

async function matching(arsenal: ArsenalClient, node: string, needle: string) {
	try {
		const { data } = await arsenal.listProcesses({ node, name: needle, perPage: 100 });
		return data;
	} catch {
		// The node is not running (a sandbox that is stopped now).
		return [];
	}
}
