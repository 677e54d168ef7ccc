/**
 * Events into the ring and out of it: a runtime trace event (the system node, a replay) or a
 * sandbox's plain `ObserverEvent` becomes one row of the ring's columns, and a row becomes a
 * `TimelineEvent` with pids as text. Messages keep only their kind, read from the runtime's
 * envelopes; never their body. Runtime worker (pure: any thread).
 */
import type { Pid, TraceEvent } from '$lib/runtime';
import { describeReason, isRef } from '$lib/runtime/host';
import type { ObserverEvent } from '$lib/stream/events';
import type { MessageKind, Sample, TimelineEvent } from '$lib/arsenal/timeline_schemas';
import {
	EventRing,
	keyOfText,
	kindCode,
	kindOf,
	NONE,
	pidKey,
	pidText,
	T,
	type NodeChange,
	type RestartDetail
} from './ring';

/** Reasons and names are the learner's text: the timeline keeps this much of one. */
const TEXT_LIMIT = 500;
const cut = (text: string): string => (text.length > TEXT_LIMIT ? text.slice(0, TEXT_LIMIT) : text);

const keyOf = (pid: Pid | undefined): number => (pid ? pidKey(pid.node, pid.id) : NONE);

/**
 * The kind of a message, from the runtime's envelopes: a call request holds its caller's tag
 * (a ref) and the request, a reply the tag and the value, a cast only the message; the
 * envelopes are class instances, so a learner's plain `{ message }` stays `info`.
 */
export function messageKind(message: unknown): MessageKind {
	if (typeof message !== 'object' || message === null || Array.isArray(message)) return 'info';
	const m = message as Record<string, unknown>;
	if (m.kind === 'EXIT' && 'from' in m) return 'exit';
	if (m.kind === 'DOWN' && isRef(m.ref)) return 'down';
	if (Object.getPrototypeOf(m) === Object.prototype) return 'info';
	const from = m.from as { tag?: unknown } | undefined;
	if ('request' in m && isRef(from?.tag)) return 'call';
	if ('value' in m && isRef(m.tag)) return 'reply';
	if ('message' in m && Object.keys(m).length === 1) return 'cast';
	return 'info';
}

/** Stores a runtime trace event; returns its seq (or -1: not stored). */
export function pushTrace(ring: EventRing, e: TraceEvent): number {
	switch (e.type) {
		case 'spawn':
			return ring.push(T.spawn, e.at, keyOf(e.pid), keyOf(e.parent), NONE);
		case 'exit':
			return ring.push(T.exit, e.at, keyOf(e.pid), NONE, NONE, cut(describeReason(e.reason)));
		case 'link':
		case 'unlink':
			return ring.push(T[e.type], e.at, keyOf(e.a), keyOf(e.b), NONE);
		case 'register':
		case 'unregister':
			return ring.push(T[e.type], e.at, keyOf(e.pid), NONE, NONE, cut(e.name));
		case 'restart':
			return ring.push(T.restart, e.at, keyOf(e.supervisor), keyOf(e.newPid), keyOf(e.oldPid), {
				childId: cut(e.childId),
				reason: cut(describeReason(e.reason)),
				intensity: e.intensity,
				period: e.period,
				count: 1,
				...(!e.counted && { counted: false as const })
			} satisfies RestartDetail);
		case 'report': {
			const r = e.report;
			const pid = r.kind === 'crash' ? r.pid : r.supervisor;
			return ring.push(T.report, e.at, keyOf(pid), NONE, NONE, r.kind);
		}
		case 'send':
			return ring.push(T.send, e.at, keyOf(e.from), keyOf(e.to), kindCode(messageKind(e.message)));
		case 'receive':
			return ring.push(T.receive, e.at, keyOf(e.pid), NONE, kindCode(messageKind(e.message)));
	}
}

/** Stores a sandbox's event (pids as text); returns its seq. */
export function pushObserved(ring: EventRing, e: ObserverEvent, offset: number): number {
	const at = e.at + offset;
	switch (e.type) {
		case 'spawn':
			return ring.push(T.spawn, at, keyOfText(e.pid), keyOfText(e.parent), NONE);
		case 'exit':
			return ring.push(T.exit, at, keyOfText(e.pid), NONE, NONE, cut(describeReason(e.reason)));
		case 'link':
		case 'unlink':
			return ring.push(T[e.type], at, keyOfText(e.a), keyOfText(e.b), NONE);
		case 'register':
		case 'unregister':
			return ring.push(T[e.type], at, keyOfText(e.pid), NONE, NONE, e.name);
		case 'restart':
			return ring.push(
				T.restart,
				at,
				keyOfText(e.supervisor),
				keyOfText(e.newPid),
				keyOfText(e.oldPid),
				{
					childId: e.childId,
					reason: cut(describeReason(e.reason)),
					...(e.intensity !== undefined && { intensity: e.intensity }),
					...(e.period !== undefined && { period: e.period }),
					count: e.count ?? 1,
					...(e.counted === false && { counted: false as const })
				} satisfies RestartDetail
			);
		case 'report': {
			const r = e.report;
			const pid = r.kind === 'crash' ? r.pid : r.supervisor;
			return ring.push(T.report, at, keyOfText(pid), NONE, NONE, r.kind);
		}
		case 'nodeup':
		case 'nodedown':
			return ring.push(T[e.type], at, NONE, NONE, NONE, {
				node: cut(e.node),
				...(e.reason !== undefined && { reason: cut(e.reason) })
			} satisfies NodeChange);
	}
}

/** The event at a held seq, pids as text. */
export function decode(ring: EventRing, seq: number): TimelineEvent {
	const i = ring.slot(seq);
	const at = ring.at[i];
	const a = ring.a[i];
	const b = ring.b[i];
	const c = ring.c[i];
	const extra = ring.extra[i];
	switch (ring.type[i]) {
		case T.spawn:
			return { type: 'spawn', pid: pidText(a), ...optional('parent', b), at };
		case T.exit:
			return { type: 'exit', pid: pidText(a), reason: extra as string, at };
		case T.link:
			return { type: 'link', a: pidText(a), b: pidText(b), at };
		case T.unlink:
			return { type: 'unlink', a: pidText(a), b: pidText(b), at };
		case T.register:
			return { type: 'register', pid: pidText(a), name: extra as string, at };
		case T.unregister:
			return { type: 'unregister', pid: pidText(a), name: extra as string, at };
		case T.restart: {
			const d = extra as RestartDetail;
			return {
				type: 'restart',
				supervisor: pidText(a),
				childId: d.childId,
				...optional('oldPid', c),
				...optional('newPid', b),
				reason: d.reason,
				...(d.intensity !== undefined && { intensity: d.intensity }),
				...(d.period !== undefined && { period: d.period }),
				count: d.count,
				...(d.counted === false && { counted: false }),
				at
			};
		}
		case T.report:
			return { type: 'report', kind: extra as 'crash' | 'supervisor', ...optional('pid', a), at };
		case T.send:
			return { type: 'send', ...optional('from', a), to: pidText(b), kind: kindOf(c), at };
		case T.receive:
			return { type: 'receive', pid: pidText(a), kind: kindOf(c), at };
		case T.messages:
			return { type: 'messages', sent: a, received: b, at };
		case T.sample:
			return { type: 'sample', pid: pidText(a), sample: extra as Sample, at };
		case T.nodeup:
			return { type: 'nodeup', ...(extra as NodeChange), at };
		case T.nodedown:
			return { type: 'nodedown', ...(extra as NodeChange), at };
		default:
			return { type: 'reset', at };
	}
}

function optional<K extends string>(key: K, pid: number): Partial<Record<K, string>> {
	return pid === NONE ? {} : ({ [key]: pidText(pid) } as Record<K, string>);
}
