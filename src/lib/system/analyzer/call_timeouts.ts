/**
 * Call timeouts per calling process over the last minute: from the system node's wait-for graph
 * (a call its caller gave up on, or one without a reply past 5 s) and from a sandbox's crash
 * reports (a process that died of a call timeout). A process is known by its registered name
 * when it has one, so that a server crashing on each timeout and restarted by its supervisor
 * with a new pid still adds up. Runtime worker.
 */
import type { Json } from '$lib/arsenal/serialize';
import { TIMEOUT_WINDOW_MS, TIMEOUTS_REPEATED } from './limits';

/** A caller whose calls keep timing out. */
export interface Timeouts {
	/** Its latest pid. */
	pid: string;
	name?: string;
	count: number;
	/** The servers it called, by name where they have one. */
	servers: string[];
	firstAt: number;
}

interface Tally {
	pid: string;
	name?: string;
	times: number[];
	servers: Set<string>;
}

export class CallTimeouts {
	readonly #byCaller = new Map<string, Tally>();

	/** A call of `pid` (registered as `name`) to `server` timed out at node time `at`. */
	add(pid: string, name: string | undefined, server: string | undefined, at: number): void {
		const key = name ?? pid;
		let tally = this.#byCaller.get(key);
		if (!tally) this.#byCaller.set(key, (tally = { pid, times: [], servers: new Set() }));
		tally.pid = pid;
		if (name !== undefined) tally.name = name;
		if (server !== undefined) tally.servers.add(server);
		tally.times.push(at);
	}

	/** Callers with {@link TIMEOUTS_REPEATED} timeouts or more in the last minute of node time. */
	repeated(now: number): Timeouts[] {
		const out: Timeouts[] = [];
		for (const [key, tally] of this.#byCaller) {
			tally.times = tally.times.filter((at) => now - at < TIMEOUT_WINDOW_MS);
			if (tally.times.length === 0) {
				this.#byCaller.delete(key);
				continue;
			}
			if (tally.times.length < TIMEOUTS_REPEATED) continue;
			out.push({
				pid: tally.pid,
				...(tally.name !== undefined && { name: tally.name }),
				count: tally.times.length,
				servers: [...tally.servers],
				firstAt: tally.times[0]
			});
		}
		return out;
	}
}

/**
 * Whether an exit reason, as JSON, is a call's timeout: the `CallExit` a `GenServer.call` throws
 * when no reply came in time, serialized as `{ name: 'CallExit', code: 'timeout', … }`.
 */
export function isCallTimeout(reason: Json): boolean {
	if (typeof reason !== 'object' || reason === null || Array.isArray(reason)) return false;
	return reason.name === 'CallExit' && reason.code === 'timeout';
}
