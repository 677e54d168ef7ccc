/**
 * Per-process trace flags, as `erlang:trace/3` sets them: a trace session (a sink) names the
 * processes it traces and what of theirs (sends, receives, spawns, exits, links, calls), and
 * only those processes' events are built and handed to it. Unlike `node.onTrace`, which sees
 * everything the node does, this costs nothing while no process is traced (one field read on
 * each delivery) and little for the processes a running trace does not cover (one more).
 * Several sinks may trace one process, each with its own flags, as OTP 27's trace sessions do.
 * For code that hosts a node (the tracer of stream/tracer/), through `host.ts`.
 *
 * ```ts
 * const flags = traceFlagBits(['send', 'receive', 'set_on_spawn']);
 * setTraceFlags(node, sup, sink, flags, { subtree: true }); // the supervisor and its children
 * clearTraceFlags(node, sink);                              // the trace is over
 * ```
 */
import { CallReply, CallRequest, CastRequest } from './internal/call';
import {
	setEntry,
	TRACE_CALL,
	TRACE_EXIT,
	TRACE_LINK,
	TRACE_RECEIVE,
	TRACE_SEND,
	TRACE_SET_ON_SPAWN,
	TRACE_SPAWN,
	type TraceSink
} from './internal/process_trace';
import { SysRequest } from './internal/sys';
import type { NodeImpl } from './node';
import { isPid, isRef, type Pid } from './pid';
import type { Process } from './process';
import type { Node } from './types';

export type { TraceSink };

/**
 * - `send`: messages the process sends; `receive`: messages arriving in its mailbox.
 * - `spawn`: processes it spawns; `exit`: its own exit; `link`: links it makes or removes.
 * - `call`: the calls it makes or answers (call requests and their replies), without `send`.
 * - `set_on_spawn`: processes it spawns get the same flags (a supervisor's restarted children).
 */
export const TRACE_FLAGS = {
	send: TRACE_SEND,
	receive: TRACE_RECEIVE,
	spawn: TRACE_SPAWN,
	exit: TRACE_EXIT,
	link: TRACE_LINK,
	call: TRACE_CALL,
	set_on_spawn: TRACE_SET_ON_SPAWN
} as const;

export type TraceFlag = keyof typeof TRACE_FLAGS;

/** The bit set of `flags`. */
export function traceFlagBits(flags: readonly TraceFlag[]): number {
	return flags.reduce((bits, flag) => bits | TRACE_FLAGS[flag], 0);
}

/**
 * Sets `sink`'s flags on the live process `pid` — with `subtree`, also on each of its live
 * descendants by spawn parent (a supervisor's children, recursively) — replacing the flags the
 * sink had there; 0 removes them. Answers how many processes it set, as `erlang:trace/3` does.
 */
export function setTraceFlags(
	node: Node,
	pid: Pid,
	sink: TraceSink,
	flags: number,
	opts: { subtree?: boolean } = {}
): number {
	const n = node as NodeImpl;
	const root = n.resolve(pid);
	if (!root) return 0;
	const targets = opts.subtree ? descendants(n, root) : [root];
	for (const p of targets) setEntry(n, p, sink, flags);
	return targets.length;
}

/** Removes `sink`'s flags from every process of the node: its trace is over. */
export function clearTraceFlags(node: Node, sink: TraceSink): void {
	const n = node as NodeImpl;
	if (n.traced === 0) return;
	for (const pid of n.processes()) {
		const p = pid._proc;
		if (p && p.traceFlags !== 0) setEntry(n, p, sink, 0);
	}
}

/** How many processes of the node carry trace flags. */
export function tracedCount(node: Node): number {
	return (node as NodeImpl).traced;
}

/** `root` and every live process it spawned, transitively, parents before children. */
function descendants(node: NodeImpl, root: Process): Process[] {
	const children = new Map<Pid, Process[]>();
	for (const pid of node.processes()) {
		const p = pid._proc;
		if (!p?.parent) continue;
		const siblings = children.get(p.parent);
		if (siblings) siblings.push(p);
		else children.set(p.parent, [p]);
	}
	const found = [root];
	for (let i = 0; i < found.length; i++) found.push(...(children.get(found[i].self) ?? []));
	return found;
}

/**
 * What a message is, for a sequence diagram: a GenServer `call` (a `system` message when it is
 * a `:sys` request), its `reply`, a `cast`, a trapped `exit` signal, a monitor's `down`, or any
 * other message (`info`, as `handle_info` gets it).
 */
export type MessageKind = 'call' | 'reply' | 'cast' | 'exit' | 'down' | 'system' | 'info';

export function messageKind(message: unknown): MessageKind {
	if (message instanceof CallRequest) {
		return message.request instanceof SysRequest ? 'system' : 'call';
	}
	if (message instanceof CallReply) return 'reply';
	if (message instanceof CastRequest) return 'cast';
	if (typeof message === 'object' && message !== null) {
		const m = message as { kind?: unknown; from?: unknown; ref?: unknown };
		if (m.kind === 'EXIT' && isPid(m.from)) return 'exit';
		if (m.kind === 'DOWN' && isRef(m.ref)) return 'down';
	}
	return 'info';
}

/**
 * What a message carries, without its protocol's envelope: a call's request, a reply's value,
 * a cast's message, a `:sys` request's name (`get_state`); any other message as it is.
 */
export function messagePayload(message: unknown): unknown {
	if (message instanceof CallRequest) {
		return message.request instanceof SysRequest ? message.request.kind : message.request;
	}
	if (message instanceof CallReply) return message.value;
	if (message instanceof CastRequest) return message.message;
	return message;
}
