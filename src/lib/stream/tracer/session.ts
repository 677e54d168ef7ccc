/**
 * One trace session, in the runtime worker: the sink of the processes it traces (runtime
 * trace flags, `setTraceFlags`), recording their events until it is stopped or reaches a limit
 * (`maxEvents`, `durationMs`), after which it clears every flag it set and keeps its events for
 * reading (events.ts turns them into plain data).
 *
 * Capture is the hot path (goal: 200,000 events a second): each event is one small record
 * holding the values as they were passed — the message itself, not a copy — and nothing is
 * serialized or formatted until the events are read.
 *
 * ```ts
 * const session = new TraceSession('1', node, pid, { flags: ['send'], subtree: false, maxEvents: 1000, durationMs: 60_000 });
 * session.start(); // 1 process traced
 * ```
 */
import type { ExitReason, Node, Pid } from '$lib/runtime';
import {
	clearTraceFlags,
	nodeTimeout,
	setTraceFlags,
	traceFlagBits,
	type TraceFlag,
	type TraceSink
} from '$lib/runtime/host';
import type { TraceStart, TraceStopReason } from '$lib/arsenal/trace_schemas';

/** What a record is about; the message's own kind is read from it later. */
export const SEND = 0;
export const RECEIVE = 1;
export const SPAWN = 2;
export const LINK = 3;
export const UNLINK = 4;
export const EXIT = 5;

/** One event as captured: `a` and `b` are the sender and receiver, parent and child, or the two ends of a link. */
export class Captured {
	constructor(
		readonly seq: number,
		readonly at: number,
		readonly type: number,
		readonly a: Pid | undefined,
		readonly b: Pid | undefined,
		/** The message, or the exit reason. */
		readonly data: unknown
	) {}
}

export class TraceSession implements TraceSink {
	readonly records: Captured[] = [];
	readonly startedAt: number;
	status: 'running' | 'stopped' = 'running';
	stopReason: TraceStopReason | undefined;
	endedAt: number | undefined;
	readonly #deadline: number;
	#cancelTimer: (() => void) | undefined;

	constructor(
		readonly id: string,
		readonly node: Node,
		readonly target: Pid,
		readonly opts: TraceStart,
		readonly targetName?: string
	) {
		this.startedAt = node.now();
		this.#deadline = this.startedAt + opts.durationMs;
	}

	/** Sets the flags and arms the duration; answers how many processes are traced (0: none alive). */
	start(): number {
		const names: TraceFlag[] = [...this.opts.flags];
		if (this.opts.subtree) names.push('set_on_spawn');
		const count = setTraceFlags(this.node, this.target, this, traceFlagBits(names), {
			subtree: this.opts.subtree
		});
		if (count === 0) this.stop('target_exited');
		else
			this.#cancelTimer = nodeTimeout(this.node, this.opts.durationMs, () => this.stop('duration'));
		return count;
	}

	/** Ends the session: no process carries its flags any more; its events stay. */
	stop(reason: TraceStopReason, at = this.node.now()): void {
		if (this.status === 'stopped') return;
		this.status = 'stopped';
		this.stopReason = reason;
		this.endedAt = at;
		this.#cancelTimer?.();
		// A node that is shut down has no processes left to clear.
		if (reason !== 'node_restarted') clearTraceFlags(this.node, this);
	}

	send(from: Pid | undefined, to: Pid, message: unknown): void {
		this.#capture(SEND, from, to, message);
	}

	receive(to: Pid, from: Pid | undefined, message: unknown): void {
		this.#capture(RECEIVE, from, to, message);
	}

	spawn(parent: Pid, child: Pid): void {
		this.#capture(SPAWN, parent, child, undefined);
	}

	link(type: 'link' | 'unlink', pid: Pid, other: Pid): void {
		this.#capture(type === 'link' ? LINK : UNLINK, pid, other, undefined);
	}

	exit(pid: Pid, reason: ExitReason): void {
		this.#capture(EXIT, pid, undefined, reason);
	}

	gone(pid: Pid): void {
		if (pid === this.target) this.stop('target_exited');
	}

	#capture(type: number, a: Pid | undefined, b: Pid | undefined, data: unknown): void {
		if (this.status === 'stopped') return;
		const at = this.node.now();
		// A flood in one synchronous burst gives the duration's timer no turn: the clock says.
		if (at >= this.#deadline) return this.stop('duration', this.#deadline);
		const records = this.records;
		records.push(new Captured(records.length + 1, at, type, a, b, data));
		if (records.length >= this.opts.maxEvents) this.stop('max_events', at);
	}
}
