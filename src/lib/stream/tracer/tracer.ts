/**
 * The message tracer of one worker: every trace session on the nodes of one number. The system
 * node's lives in SystemHost, so sessions outlive the pages that started them and a heal of the
 * system node (the sessions on the old node end with `node_restarted`, their events still
 * readable); each sandbox host has its own, for its node. ArsenalContext.tracer is this;
 * trace_schemas.ts says how many sessions run and are kept.
 *
 * A session's id is `<node number>-<n>` (`'0-1'`, `'3-2'`): whoever holds an id knows which
 * worker keeps the session (see arsenal/trace_ids.ts).
 *
 * ```ts
 * const tracer = new MessageTracer(0);
 * const session = tracer.start(node, pid, { flags: ['send', 'receive'], subtree: false, maxEvents: 1000, durationMs: 60_000 });
 * session.id; // '0-1'
 * tracer.events(session.id, { after: 0, limit: 500 });
 * ```
 */
import type { Node, Pid } from '$lib/runtime';
import { ArsenalError } from '$lib/arsenal/errors';
import { traceId } from '$lib/arsenal/trace_ids';
import {
	MAX_TRACE_SESSIONS,
	type TraceEventFilter,
	type TraceEventOut,
	type TraceEventsMeta,
	type TraceService,
	type TraceSessionOut,
	type TraceStart
} from '$lib/arsenal/trace_schemas';
import { involves, kindOf, toEventOut } from './events';
import { TraceSession } from './session';

export class MessageTracer implements TraceService {
	/** Oldest first. */
	readonly #sessions = new Map<string, TraceSession>();
	#nextId = 1;

	/** `nodeNumber`: the number the pids of the traced nodes carry (0: the system node). */
	constructor(readonly nodeNumber: number) {}

	start(node: Node, pid: Pid, opts: TraceStart): TraceSessionOut {
		const sessions = [...this.#sessions.values()];
		if (sessions.filter((s) => s.status === 'running').length >= MAX_TRACE_SESSIONS) {
			throw new ArsenalError(
				'limit_exceeded',
				`${MAX_TRACE_SESSIONS} traces are running already: stop one (DELETE /traces/:id) first.`,
				{ limit: MAX_TRACE_SESSIONS }
			);
		}
		if (sessions.length >= MAX_TRACE_SESSIONS) {
			this.#sessions.delete(sessions.find((s) => s.status === 'stopped')!.id);
		}
		const name = node.processInfo(pid)?.name;
		const session = new TraceSession(
			traceId(this.nodeNumber, this.#nextId++),
			node,
			pid,
			opts,
			name
		);
		this.#sessions.set(session.id, session);
		session.start();
		return describe(session);
	}

	list(): TraceSessionOut[] {
		return [...this.#sessions.values()].map(describe);
	}

	events(id: string, filter: TraceEventFilter): { events: TraceEventOut[]; meta: TraceEventsMeta } {
		const session = this.#require(id);
		const { records } = session;
		const events: TraceEventOut[] = [];
		let more = false;
		// seq n is records[n - 1]: reading after a seq starts there, without a scan.
		for (let i = Math.max(0, filter.after); i < records.length; i++) {
			const record = records[i];
			if (filter.kind !== undefined && kindOf(record) !== filter.kind) continue;
			if (filter.pid !== undefined && !involves(record, filter.pid)) continue;
			if (events.length === filter.limit) {
				more = true;
				break;
			}
			events.push(toEventOut(record));
		}
		const meta: TraceEventsMeta = {
			total: records.length,
			returned: events.length,
			// Past every record scanned: a poll need not read the unmatched tail again.
			nextAfter: more ? events[events.length - 1].seq : Math.max(filter.after, records.length),
			more,
			status: session.status
		};
		if (session.stopReason) meta.stopReason = session.stopReason;
		return { events, meta };
	}

	stop(id: string): { session: TraceSessionOut; removed: boolean } {
		const session = this.#require(id);
		const removed = session.status === 'stopped';
		if (removed) this.#sessions.delete(id);
		else session.stop('stopped');
		return { session: describe(session), removed };
	}

	/** The node is going away (shut down, or replaced by a heal): its sessions end. */
	nodeStopped(node: Node): void {
		for (const session of this.#sessions.values()) {
			if (session.node === node) session.stop('node_restarted');
		}
	}

	#require(id: string): TraceSession {
		const session = this.#sessions.get(id);
		if (!session) {
			const ids = [...this.#sessions.keys()].join(', ') || 'none';
			throw new ArsenalError('not_found', `No trace ${id}; the traces kept are ${ids}.`, { id });
		}
		return session;
	}
}

function describe(session: TraceSession): TraceSessionOut {
	const { opts } = session;
	const out: TraceSessionOut = {
		id: session.id,
		node: session.node.name,
		target: String(session.target),
		subtree: opts.subtree,
		flags: [...opts.flags],
		status: session.status,
		events: session.records.length,
		maxEvents: opts.maxEvents,
		durationMs: opts.durationMs,
		startedAt: session.startedAt
	};
	if (session.targetName !== undefined) out.targetName = session.targetName;
	if (session.stopReason) out.stopReason = session.stopReason;
	if (session.endedAt !== undefined) out.endedAt = session.endedAt;
	return out;
}
