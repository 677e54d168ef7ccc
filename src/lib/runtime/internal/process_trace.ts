/**
 * Per-process trace flags at work: what the node's hot paths call once a process of the node is
 * traced (`node.traced !== 0`), and the bookkeeping of who traces whom. A process carries the
 * union of its sinks' flags in `traceFlags`, so an untraced process costs one field read; its
 * sinks and their own flags are in `tracers`, replaced (never changed in place) so that a sink
 * that stops its session while it is being called does not disturb the loop calling it.
 */
import type { Pid } from '../pid';
import type { NodeImpl } from '../node';
import type { Process } from '../process';
import type { ExitReason } from '../types';
import { CallReply, CallRequest } from './call';

export const TRACE_SEND = 1;
export const TRACE_RECEIVE = 2;
export const TRACE_SPAWN = 4;
export const TRACE_EXIT = 8;
export const TRACE_LINK = 16;
export const TRACE_CALL = 32;
export const TRACE_SET_ON_SPAWN = 64;

/**
 * Where a traced process's events go: one per trace session. Called synchronously from the
 * node's delivery, spawn, link and exit paths, so it must be quick and must not throw.
 */
export interface TraceSink {
	/** `from` sent `message` to `to` (the sender's `send` flag, or `call` for calls and replies). */
	send(from: Pid | undefined, to: Pid, message: unknown): void;
	/** `message` from `from` arrived in `to`'s mailbox (the receiver's `receive` flag). */
	receive(to: Pid, from: Pid | undefined, message: unknown): void;
	/** `parent` spawned `child` (the parent's `spawn` flag). */
	spawn(parent: Pid, child: Pid): void;
	/** A traced process linked to or unlinked from `other` (its `link` flag). */
	link(type: 'link' | 'unlink', pid: Pid, other: Pid): void;
	/** A traced process exited (its `exit` flag). */
	exit(pid: Pid, reason: ExitReason): void;
	/** A process this sink traced has exited, whatever its flags: it is traced no more. */
	gone(pid: Pid): void;
}

export interface TraceEntry {
	readonly sink: TraceSink;
	readonly flags: number;
}

/** Sets `sink`'s flags on `p` (0 removes them), keeping the union and the node's count right. */
export function setEntry(node: NodeImpl, p: Process, sink: TraceSink, flags: number): void {
	const others = (p.tracers ?? []).filter((e) => e.sink !== sink);
	const tracers = flags === 0 ? others : [...others, { sink, flags }];
	const before = p.traceFlags;
	p.tracers = tracers.length > 0 ? tracers : undefined;
	p.traceFlags = tracers.reduce((union, e) => union | e.flags, 0);
	if (before === 0 && p.traceFlags !== 0) node.traced++;
	else if (before !== 0 && p.traceFlags === 0) node.traced--;
}

/** A message of the call protocol: what the `call` flag traces. */
function isCallProtocol(message: unknown): boolean {
	return message instanceof CallRequest || message instanceof CallReply;
}

/** Whether `p` has an entry of `sink` with any of `bits`. */
function tracedBy(p: Process | undefined, sink: TraceSink, bits: number): boolean {
	if (p === undefined || (p.traceFlags & bits) === 0) return false;
	for (const e of p.tracers!) if (e.sink === sink && (e.flags & bits) !== 0) return true;
	return false;
}

/**
 * A delivery between `from` and `to`: a send event for the sender's sinks, a receive event
 * for the receiver's, and the `call` flag's send event once per sink for either side.
 */
export function traceDelivery(from: Pid | undefined, to: Process, message: unknown): void {
	const sender = from?._proc;
	const call =
		(((sender?.traceFlags ?? 0) | to.traceFlags) & TRACE_CALL) !== 0 && isCallProtocol(message);
	if (sender !== undefined && sender.traceFlags !== 0) {
		for (const e of sender.tracers!) {
			if (e.flags & TRACE_SEND || (call && e.flags & TRACE_CALL))
				e.sink.send(from, to.self, message);
		}
	}
	if (to.traceFlags === 0) return;
	for (const e of to.tracers!) {
		if (call && e.flags & TRACE_CALL && !tracedBy(sender, e.sink, TRACE_SEND | TRACE_CALL)) {
			e.sink.send(from, to.self, message);
		}
		if (e.flags & TRACE_RECEIVE) e.sink.receive(to.self, from, message);
	}
}

/** `parent` spawned `child`: its `spawn` events, and `set_on_spawn` passes its flags on. */
export function traceSpawn(node: NodeImpl, parent: Process, child: Process): void {
	if (parent.traceFlags === 0) return;
	for (const e of parent.tracers!) {
		if (e.flags & TRACE_SPAWN) e.sink.spawn(parent.self, child.self);
		if (e.flags & TRACE_SET_ON_SPAWN) setEntry(node, child, e.sink, e.flags);
	}
}

/** A link between `a` and `b` made or removed: one event per sink tracing either with `link`. */
export function traceLink(type: 'link' | 'unlink', a: Process, b: Process): void {
	if (a.traceFlags & TRACE_LINK) {
		for (const e of a.tracers!) if (e.flags & TRACE_LINK) e.sink.link(type, a.self, b.self);
	}
	if (b.traceFlags & TRACE_LINK) {
		for (const e of b.tracers!) {
			if (e.flags & TRACE_LINK && !tracedBy(a, e.sink, TRACE_LINK)) {
				e.sink.link(type, b.self, a.self);
			}
		}
	}
}

/** A traced process exits: its `exit` events, then every sink lets go of it. */
export function traceExit(node: NodeImpl, p: Process, reason: ExitReason): void {
	const tracers = p.tracers!;
	p.tracers = undefined;
	p.traceFlags = 0;
	node.traced--;
	for (const e of tracers) if (e.flags & TRACE_EXIT) e.sink.exit(p.self, reason);
	for (const e of tracers) e.sink.gone(p.self);
}
