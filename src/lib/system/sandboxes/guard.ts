/**
 * Everything a sandbox worker sends is checked here before the system node uses it. The worker
 * runs a stranger's code: even with its host locked down, what arrives is untrusted data, so
 * each event must have the shape protocol.ts gives it, name only this sandbox's pids, stay
 * within the sizes its host keeps to, and come at no more than the rate a healthy sandbox
 * sends. An event that fails any of these is a protocol violation: the sandbox is ended, and
 * nothing of the event is used.
 *
 * Hand checks rather than zod: a 10,000-process sandbox sends 100,000 snapshot rows a second.
 *
 * ```ts
 * const guard = new SandboxEventGuard({ nodeName, nodeNumber: 3, maxProcesses: 10_000 });
 * const checked = guard.check(event.data);
 * if (!checked.ok) fail(`protocol violation: ${checked.why}`);
 * ```
 */
import { NAME_LIMIT } from '$lib/stream/event_batcher';
import {
	REPORT_MAX_CHILDREN,
	REPORT_MESSAGE_LIMIT,
	REPORT_STACK_LIMIT,
	type ReportOut,
	type SupervisorReportOut
} from '$lib/arsenal/reports';
import type { Json } from '$lib/arsenal/serialize';
import { CONSOLE_MAX_LINES, CONSOLE_MAX_TEXT, type SandboxEvent } from '$lib/sandbox/protocol';

export interface GuardOptions {
	nodeName: string;
	nodeNumber: number;
	maxProcesses: number;
	/** Milliseconds, for the rate limit; `performance.now` by default. */
	now?: () => number;
	/** Rows, trace events and console lines allowed a second; MAX_ITEMS_PER_SECOND by default. */
	maxItemsPerSecond?: number;
	/**
	 * A cluster node's: its processes link to (and are monitored by) processes of other nodes,
	 * whose pids then show in its links and link events.
	 */
	remotePids?: boolean;
}

export type Checked = { ok: true; event: SandboxEvent } | { ok: false; why: string };

/** More than a healthy sandbox sends in a second: heartbeats, console, batches and snapshots. */
export const MAX_EVENTS_PER_SECOND = 1_000;
/** Rows, trace events and console lines a second: 10 snapshots of 10,000 processes, and more. */
export const MAX_ITEMS_PER_SECOND = 500_000;
/** Trace events in one batch (the sandbox's EventBatcher holds at most 20,000). */
const MAX_BATCH_EVENTS = 20_000;
/** A fault's message: a description and one stack line. */
const MAX_MESSAGE = CONSOLE_MAX_TEXT + 1_000;
/** Serialized exit reasons: the batcher keeps them far smaller than this. */
const MAX_REASON_NODES = 1_000;
const MAX_REASON_STRING = 2_200;
const DIST_EVENTS = ['nodeup', 'nodedown'] as const;
const LEVELS = new Set(['log', 'info', 'warn', 'error', 'debug']);
const STATUSES = new Set(['runnable', 'waiting', 'running', 'exiting']);
const BEHAVIOURS = new Set([
	'gen_server',
	'supervisor',
	'dynamic_supervisor',
	'task',
	'agent',
	'registry'
]);
const ERROR_CONTEXTS = ['child_terminated', 'start_error', 'shutdown', 'shutdown_error'] as const;
const RESTARTS = ['permanent', 'transient', 'temporary'] as const;
const SHUTDOWNS = ['brutal_kill', 'infinity'] as const;
const CHILD_TYPES = ['worker', 'supervisor'] as const;
/** A report's stack: the host cuts it at REPORT_STACK_LIMIT. */
const MAX_STACK = REPORT_STACK_LIMIT + 100;
/** The faults a sandbox may report itself; `protocol` and `crashed` are the system's words. */
const SANDBOX_FAULTS = new Set(['uncaught', 'memory']);

/** Thrown by the checks below, caught in `check`: the path and what was wrong. */
class Violation extends Error {}

export class SandboxEventGuard {
	readonly #pid: RegExp;
	/** The pids its processes' links may name: its own, or any node's for a cluster node. */
	readonly #peer: RegExp;
	readonly #opts: GuardOptions;
	readonly #now: () => number;
	#windowStart = -Infinity;
	#events = 0;
	#items = 0;

	constructor(opts: GuardOptions) {
		this.#opts = opts;
		this.#pid = new RegExp(`^<${opts.nodeNumber}\\.\\d{1,15}\\.0>$`);
		this.#peer = opts.remotePids ? /^<\d{1,15}\.\d{1,15}\.0>$/ : this.#pid;
		this.#now = opts.now ?? (() => performance.now());
	}

	check(data: unknown): Checked {
		try {
			const event = this.#event(data);
			this.#count(itemsOf(event));
			return { ok: true, event };
		} catch (error) {
			if (error instanceof Violation) return { ok: false, why: error.message };
			throw error;
		}
	}

	#count(items: number): void {
		const now = this.#now();
		if (now - this.#windowStart >= 1_000) {
			this.#windowStart = now;
			this.#events = 0;
			this.#items = 0;
		}
		this.#events++;
		this.#items += items;
		if (this.#events > MAX_EVENTS_PER_SECOND) {
			throw new Violation(`more than ${MAX_EVENTS_PER_SECOND} events in a second`);
		}
		const maxItems = this.#opts.maxItemsPerSecond ?? MAX_ITEMS_PER_SECOND;
		if (this.#items > maxItems) {
			throw new Violation(`more than ${maxItems} rows and events in a second`);
		}
	}

	#event(data: unknown): SandboxEvent {
		const e = record(data, 'event');
		switch (e.type) {
			case 'heartbeat':
				return { type: 'heartbeat', at: finite(e.at, 'heartbeat.at') };
			case 'console':
				return {
					type: 'console',
					lines: list(e.lines, 'console.lines', CONSOLE_MAX_LINES, (v, at) => this.#line(v, at)),
					dropped: count(e.dropped, 'console.dropped')
				};
			case 'batch':
				return { type: 'batch', batch: this.#batch(e.batch) };
			case 'processes':
				return {
					type: 'processes',
					rows: list(e.rows, 'processes.rows', this.#opts.maxProcesses, (v, at) =>
						this.#row(v, at)
					),
					restarts: count(e.restarts, 'processes.restarts'),
					...(e.more !== undefined && { more: bool(e.more, 'processes.more') })
				};
			case 'root_down':
				return {
					type: 'root_down',
					pid: this.#pidOf(e.pid, 'root_down.pid'),
					reason: json(e.reason, 'root_down.reason'),
					...(e.gaveUp !== undefined && { gaveUp: this.#giveUp(e.gaveUp, 'root_down.gaveUp') })
				};
			case 'fault':
				if (typeof e.kind !== 'string' || !SANDBOX_FAULTS.has(e.kind)) {
					throw new Violation('fault.kind: not a fault a sandbox reports');
				}
				return {
					type: 'fault',
					kind: e.kind as 'uncaught' | 'memory',
					message: text(e.message, 'fault.message', MAX_MESSAGE)
				};
			case 'dist_request':
				return {
					type: 'dist_request',
					peer:
						typeof e.peer === 'number'
							? count(e.peer, 'dist_request.peer')
							: text(e.peer, 'dist_request.peer', NAME_LIMIT)
				};
			case 'dist':
				return {
					type: 'dist',
					event: oneOf(e.event, 'dist.event', DIST_EVENTS),
					node: text(e.node, 'dist.node', NAME_LIMIT),
					...(e.reason !== undefined && { reason: text(e.reason, 'dist.reason', NAME_LIMIT) }),
					at: finite(e.at, 'dist.at')
				};
			default:
				throw new Violation(`event.type: unknown (${describeType(e.type)})`);
		}
	}

	#line(v: unknown, at: string) {
		const line = record(v, at);
		if (typeof line.level !== 'string' || !LEVELS.has(line.level)) {
			throw new Violation(`${at}.level: not a console level`);
		}
		return {
			at: finite(line.at, `${at}.at`),
			level: line.level as 'log',
			text: text(line.text, `${at}.text`, CONSOLE_MAX_TEXT + 100),
			...(line.pid !== undefined && { pid: this.#pidOf(line.pid, `${at}.pid`) })
		};
	}

	#batch(v: unknown) {
		const b = record(v, 'batch');
		if (b.node !== this.#opts.nodeName) throw new Violation('batch.node: not this sandbox');
		return {
			seq: count(b.seq, 'batch.seq'),
			node: this.#opts.nodeName,
			now: finite(b.now, 'batch.now'),
			events: list(b.events, 'batch.events', MAX_BATCH_EVENTS, (e, at) => this.#trace(e, at)),
			sent: count(b.sent, 'batch.sent'),
			received: count(b.received, 'batch.received'),
			dropped: count(b.dropped, 'batch.dropped'),
			...(b.reportsDropped !== undefined && {
				reportsDropped: count(b.reportsDropped, 'batch.reportsDropped')
			})
		};
	}

	#trace(v: unknown, at: string) {
		const e = record(v, at);
		const when = finite(e.at, `${at}.at`);
		const pid = (key: string) => this.#pidOf(e[key], `${at}.${key}`);
		const optionalPid = (key: string) => (e[key] === undefined ? {} : { [key]: pid(key) });
		switch (e.type) {
			case 'spawn':
				return { type: 'spawn' as const, pid: pid('pid'), ...optionalPid('parent'), at: when };
			case 'exit':
				return { type: 'exit' as const, pid: pid('pid'), reason: json(e.reason, at), at: when };
			case 'link':
			case 'unlink':
				return {
					type: e.type,
					a: this.#peerPid(e.a, `${at}.a`),
					b: this.#peerPid(e.b, `${at}.b`),
					at: when
				};
			case 'register':
			case 'unregister':
				return {
					type: e.type,
					pid: pid('pid'),
					name: text(e.name, `${at}.name`, NAME_LIMIT + 100),
					at: when
				};
			case 'restart':
				return {
					type: 'restart' as const,
					supervisor: pid('supervisor'),
					childId: text(e.childId, `${at}.childId`, NAME_LIMIT + 100),
					...optionalPid('oldPid'),
					...optionalPid('newPid'),
					reason: json(e.reason, `${at}.reason`),
					at: when
				};
			case 'report':
				return {
					type: 'report' as const,
					report: this.#report(e.report, `${at}.report`),
					at: when
				};
			case 'nodeup':
			case 'nodedown':
				return {
					type: e.type,
					node: text(e.node, `${at}.node`, NAME_LIMIT),
					...(e.reason !== undefined && { reason: text(e.reason, `${at}.reason`, NAME_LIMIT) }),
					at: when
				};
			default:
				throw new Violation(`${at}.type: unknown (${describeType(e.type)})`);
		}
	}

	/** The root's shutdown report, in a root_down. */
	#giveUp(v: unknown, at: string): SupervisorReportOut {
		const report = this.#report(v, at);
		if (report.kind !== 'supervisor' || report.errorContext !== 'shutdown') {
			throw new Violation(`${at}: not a supervisor's shutdown report`);
		}
		return report;
	}

	/** A crash or supervisor report of this sandbox's node (see arsenal/reports.ts). */
	#report(v: unknown, at: string): ReportOut {
		const r = record(v, at);
		if (r.node !== this.#opts.nodeName) throw new Violation(`${at}.node: not this sandbox`);
		const common = { node: this.#opts.nodeName, at: finite(r.at, `${at}.at`) };
		const pid = (key: string, from = r, where = at) => this.#pidOf(from[key], `${where}.${key}`);
		const optional = <T>(
			key: string,
			check: (v: unknown, where: string) => T,
			from = r,
			where = at
		) => (from[key] === undefined ? {} : { [key]: check(from[key], `${where}.${key}`) });
		const name = (v: unknown, where: string) => text(v, where, NAME_LIMIT + 100);
		const names = { ...optional('name', name), ...optional('module', name) };
		if (r.kind === 'crash') {
			if (r.behaviour !== undefined && !BEHAVIOURS.has(r.behaviour as string)) {
				throw new Violation(`${at}.behaviour: not a behaviour`);
			}
			const error = r.error === undefined ? undefined : record(r.error, `${at}.error`);
			return {
				kind: 'crash',
				...common,
				pid: pid('pid'),
				...names,
				...optional('label', name),
				...(r.behaviour !== undefined && { behaviour: r.behaviour as string }),
				...optional('parent', (p, where) => this.#pidOf(p, where)),
				reason: json(r.reason, `${at}.reason`),
				...(error && {
					error: {
						name: name(error.name, `${at}.error.name`),
						message: text(error.message, `${at}.error.message`, REPORT_MESSAGE_LIMIT + 100),
						...optional('stack', (s, where) => text(s, where, MAX_STACK), error, `${at}.error`)
					}
				}),
				...optional('signalFrom', (p, where) => this.#pidOf(p, where)),
				...optional('lastMessage', json),
				...optional('state', json)
			};
		}
		if (r.kind !== 'supervisor') throw new Violation(`${at}.kind: not a report kind`);
		const child = record(r.child, `${at}.child`);
		const where = `${at}.child`;
		const intensity =
			r.intensity === undefined ? undefined : record(r.intensity, `${at}.intensity`);
		return {
			kind: 'supervisor',
			...common,
			supervisor: pid('supervisor'),
			...names,
			errorContext: oneOf(r.errorContext, `${at}.errorContext`, ERROR_CONTEXTS),
			reason: json(r.reason, `${at}.reason`),
			child: {
				id: name(child.id, `${where}.id`),
				...optional('pid', (p, w) => this.#pidOf(p, w), child, where),
				restart: oneOf(child.restart, `${where}.restart`, RESTARTS),
				shutdown:
					typeof child.shutdown === 'number'
						? count(child.shutdown, `${where}.shutdown`)
						: oneOf(child.shutdown, `${where}.shutdown`, SHUTDOWNS),
				type: oneOf(child.type, `${where}.type`, CHILD_TYPES)
			},
			...(intensity && {
				intensity: {
					intensity: count(intensity.intensity, `${at}.intensity.intensity`),
					period: finite(intensity.period, `${at}.intensity.period`),
					restarts: count(intensity.restarts, `${at}.intensity.restarts`),
					children: list(intensity.children, `${at}.intensity.children`, REPORT_MAX_CHILDREN, name),
					lastReason: json(intensity.lastReason, `${at}.intensity.lastReason`)
				}
			})
		};
	}

	#row(v: unknown, at: string) {
		const r = record(v, at);
		if (typeof r.status !== 'string' || !STATUSES.has(r.status)) {
			throw new Violation(`${at}.status: not a process status`);
		}
		if (r.behaviour !== undefined && !BEHAVIOURS.has(r.behaviour as string)) {
			throw new Violation(`${at}.behaviour: not a behaviour`);
		}
		const trapExit = bool(r.trapExit, `${at}.trapExit`);
		const pids = (key: string) =>
			list(r[key], `${at}.${key}`, this.#opts.maxProcesses, (p, where) => this.#peerPid(p, where));
		const optionalText = (key: string) =>
			r[key] === undefined ? {} : { [key]: text(r[key], `${at}.${key}`, NAME_LIMIT + 100) };
		return {
			pid: this.#pidOf(r.pid, `${at}.pid`),
			...optionalText('name'),
			...optionalText('label'),
			...optionalText('module'),
			status: r.status as 'running',
			messageQueueLen: count(r.messageQueueLen, `${at}.messageQueueLen`),
			links: pids('links'),
			monitors: list(r.monitors, `${at}.monitors`, this.#opts.maxProcesses, (m, where) =>
				text(m, where, 100)
			),
			monitoredBy: pids('monitoredBy'),
			trapExit,
			...(r.parent !== undefined && { parent: this.#pidOf(r.parent, `${at}.parent`) }),
			...(r.behaviour !== undefined && { behaviour: r.behaviour as 'gen_server' }),
			reductions: count(r.reductions, `${at}.reductions`),
			memory: count(r.memory, `${at}.memory`),
			startedAt: finite(r.startedAt, `${at}.startedAt`)
		};
	}

	/** A pid a process of this sandbox is linked to or monitored by: a cluster node's may be remote. */
	#peerPid(v: unknown, at: string): string {
		return this.#pidOf(v, at, this.#peer);
	}

	#pidOf(v: unknown, at: string, pattern = this.#pid): string {
		if (typeof v !== 'string' || !pattern.test(v)) {
			throw new Violation(`${at}: not a pid of this sandbox (${describeType(v)})`);
		}
		return v;
	}
}

function record(v: unknown, at: string): Record<string, unknown> {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) {
		throw new Violation(`${at}: not an object (${describeType(v)})`);
	}
	return v as Record<string, unknown>;
}

function list<T>(v: unknown, at: string, max: number, item: (v: unknown, at: string) => T): T[] {
	if (!Array.isArray(v)) throw new Violation(`${at}: not an array (${describeType(v)})`);
	if (v.length > max) throw new Violation(`${at}: ${v.length} items, more than ${max}`);
	return v.map((x, i) => item(x, `${at}[${i}]`));
}

function finite(v: unknown, at: string): number {
	if (typeof v !== 'number' || !Number.isFinite(v)) {
		throw new Violation(`${at}: not a number (${describeType(v)})`);
	}
	return v;
}

function count(v: unknown, at: string): number {
	if (!Number.isSafeInteger(v) || (v as number) < 0) {
		throw new Violation(`${at}: not a count (${describeType(v)})`);
	}
	return v as number;
}

function oneOf<T extends string>(v: unknown, at: string, allowed: readonly T[]): T {
	if (!allowed.includes(v as T)) throw new Violation(`${at}: not one of ${allowed.join(', ')}`);
	return v as T;
}

function bool(v: unknown, at: string): boolean {
	if (typeof v !== 'boolean') throw new Violation(`${at}: not a boolean (${describeType(v)})`);
	return v;
}

function text(v: unknown, at: string, max: number): string {
	if (typeof v !== 'string') throw new Violation(`${at}: not a string (${describeType(v)})`);
	if (v.length > max) throw new Violation(`${at}: ${v.length} characters, more than ${max}`);
	return v;
}

/** JSON as the serializer makes it, within its bounds; a copy of it. */
function json(v: unknown, at: string): Json {
	let nodes = 0;
	const walk = (x: unknown, depth: number): Json => {
		if (++nodes > MAX_REASON_NODES || depth > 20) {
			throw new Violation(`${at}: larger than an exit reason can be`);
		}
		if (x === null || typeof x === 'boolean') return x;
		if (typeof x === 'number') return finite(x, at);
		if (typeof x === 'string') return text(x, at, MAX_REASON_STRING);
		if (Array.isArray(x)) return x.map((y) => walk(y, depth + 1));
		const out: Record<string, Json> = {};
		for (const [key, value] of Object.entries(record(x, at))) {
			// defineProperty: a `__proto__` key stays a key.
			Object.defineProperty(out, text(key, at, MAX_REASON_STRING), {
				value: walk(value, depth + 1),
				enumerable: true,
				writable: true,
				configurable: true
			});
		}
		return out;
	};
	return walk(v, 0);
}

function itemsOf(event: SandboxEvent): number {
	switch (event.type) {
		case 'console':
			return event.lines.length;
		case 'batch':
			return event.batch.events.length;
		case 'processes':
			return event.rows.length;
		default:
			return 1;
	}
}

function describeType(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'an array';
	if (typeof v === 'string') return v.length > 40 ? `'${v.slice(0, 40)}…'` : `'${v}'`;
	return typeof v;
}
