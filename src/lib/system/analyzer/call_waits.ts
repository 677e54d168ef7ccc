/**
 * The system node's wait-for graph, built from its trace: a `send` of a call request starts a
 * wait of its caller on the server; the matching reply, the server's DOWN (the call's monitor)
 * or the caller's exit ends it. A cycle in the graph is a deadlock: each process waits in a
 * `GenServer.call` on the next, and none can answer until a call times out. A wait that ended
 * with no reply while its caller lived, or that has gone on past 5 s, is a call timeout.
 *
 * Only the system node: a sandbox's batches carry sends as counts, not messages.
 * Runtime worker.
 */
import type { Pid, Ref, TraceEvent } from '$lib/runtime';
import { awaitingReply, callReplyTag, callRequestOf } from '$lib/runtime/host';
import type { CallTimeouts } from './call_timeouts';
import { CALL_SLOW_MS } from './limits';

interface Wait {
	caller: Pid;
	server: Pid;
	since: number;
	/** Counted as a timeout already, for going on past CALL_SLOW_MS. */
	slow: boolean;
}

/** A process blocked in a call. */
export interface OpenWait {
	caller: Pid;
	callerName?: string;
	server: Pid;
	serverName?: string;
	since: number;
}

export class CallWaits {
	/** By the call's tag: a process may wait in several calls at once (awaited together). */
	readonly #waits = new Map<Ref, Wait>();
	/** Registered names, kept until the exit (a name is unregistered before the exit event). */
	readonly #names = new Map<Pid, string>();
	readonly #timeouts: CallTimeouts;

	constructor(timeouts: CallTimeouts) {
		this.#timeouts = timeouts;
	}

	/** Follows one trace event of the node. */
	observe(e: TraceEvent): void {
		if (e.type === 'send') this.#send(e.to, e.message, e.at);
		else if (e.type === 'register') this.#names.set(e.pid, e.name);
		else if (e.type === 'exit') this.#exited(e.pid, e.at);
	}

	/** Ends the waits whose callers stopped waiting unseen (timed out); counts the slow ones. */
	sweep(now: number): void {
		for (const [tag, wait] of this.#waits) {
			if (!awaitingReply(tag)) {
				this.#waits.delete(tag);
				if (!wait.slow) this.#timedOut(wait, now);
			} else if (!wait.slow && now - wait.since >= CALL_SLOW_MS) {
				wait.slow = true;
				this.#timedOut(wait, now);
			}
		}
	}

	/** The calls being waited on, oldest first. */
	open(): OpenWait[] {
		const out: OpenWait[] = [];
		for (const wait of this.#waits.values()) {
			const callerName = this.#names.get(wait.caller);
			const serverName = this.#names.get(wait.server);
			out.push({
				caller: wait.caller,
				server: wait.server,
				since: wait.since,
				...(callerName !== undefined && { callerName }),
				...(serverName !== undefined && { serverName })
			});
		}
		return out.sort((a, b) => a.since - b.since);
	}

	/** Every cycle of processes each waiting on the next, once each, from its oldest wait. */
	cycles(): OpenWait[][] {
		const out = new Map<Pid, OpenWait[]>();
		const edges = new Map<Pid, OpenWait[]>();
		for (const w of this.open()) {
			const from = edges.get(w.caller);
			if (from) from.push(w);
			else edges.set(w.caller, [w]);
		}
		const done = new Set<Pid>();
		const path: OpenWait[] = [];
		const onPath = new Map<Pid, number>();
		const visit = (pid: Pid): void => {
			onPath.set(pid, path.length);
			for (const w of edges.get(pid) ?? []) {
				const at = onPath.get(w.server);
				if (at !== undefined) {
					const cycle = [...path.slice(at), w];
					const first = cycle.reduce((a, b) => (b.since < a.since ? b : a));
					out.set(first.caller, rotateTo(cycle, first));
				} else if (!done.has(w.server)) {
					path.push(w);
					visit(w.server);
					path.pop();
				}
			}
			onPath.delete(pid);
			done.add(pid);
		};
		for (const pid of edges.keys()) if (!done.has(pid)) visit(pid);
		return [...out.values()];
	}

	#send(to: Pid, message: unknown, at: number): void {
		const call = callRequestOf(message);
		if (call) {
			this.#waits.set(call.tag, { caller: call.caller, server: to, since: at, slow: false });
			return;
		}
		if (this.#waits.size === 0) return;
		const tag = callReplyTag(message) ?? downRef(message);
		if (tag && this.#waits.get(tag)?.caller === to) this.#waits.delete(tag);
	}

	#exited(pid: Pid, at: number): void {
		for (const [tag, wait] of this.#waits) {
			if (wait.caller !== pid) continue;
			this.#waits.delete(tag);
			// Its monitors are dropped after the exit event: one already gone was a timeout.
			if (!awaitingReply(tag) && !wait.slow) this.#timedOut(wait, at);
		}
		this.#names.delete(pid);
	}

	#timedOut(wait: Wait, at: number): void {
		const server = this.#names.get(wait.server) ?? String(wait.server);
		this.#timeouts.add(String(wait.caller), this.#names.get(wait.caller), server, at);
	}
}

/** The ref of a monitor's DOWN message. */
function downRef(message: unknown): Ref | undefined {
	if (typeof message !== 'object' || message === null) return undefined;
	const m = message as { kind?: unknown; ref?: Ref };
	return m.kind === 'DOWN' ? m.ref : undefined;
}

function rotateTo(cycle: OpenWait[], first: OpenWait): OpenWait[] {
	const i = cycle.indexOf(first);
	return [...cycle.slice(i), ...cycle.slice(0, i)];
}
