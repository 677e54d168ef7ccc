/**
 * The message tracer as operations see it: a trace session, its events as plain data, and the
 * service each worker's tracer provides for its node (stream/tracer/: the system node's, and
 * each sandbox host's). A session traces one process, or a whole subtree, with flags and
 * limits, and stops by itself at its limit. Its id, `<node number>-<n>`, names the node whose
 * worker keeps it (trace_ids.ts).
 *
 * Sessions: at most MAX_TRACE_SESSIONS run at once on a node (one more is a 409 `limit_exceeded`), and as
 * many are kept: a stopped session's events stay readable until a newer session takes its
 * place, or until `DELETE /traces/:id` is asked of it once it has stopped (the first DELETE of
 * a running session stops it, the second removes it).
 */
import { z } from 'zod';
import type { Node, Pid } from '$lib/runtime';
import { TRACE_EVENT_KINDS, TRACE_FLAG_NAMES, type TraceFlagName } from './trace_constants';

export {
	DEFAULT_DURATION_MS,
	DEFAULT_MAX_EVENTS,
	MAX_DURATION_MS,
	MAX_MAX_EVENTS,
	MAX_TRACE_SESSIONS,
	TRACE_EVENT_KINDS,
	TRACE_FLAG_NAMES,
	type TraceFlagName
} from './trace_constants';

export const TraceEventKind = z.enum(TRACE_EVENT_KINDS);
export type TraceEventKind = z.infer<typeof TraceEventKind>;

export const TraceEventOut = z.object({
	seq: z.number().int().describe('1, 2, 3… within the session.'),
	at: z.number().describe('Node clock, ms.'),
	kind: TraceEventKind.describe(
		'A message sent (call, reply, cast, info, exit for an EXIT message, down, system for a :sys ' +
			'request), its arrival (receive), a spawn, a link or unlink, or a process exit (exit with ' +
			'pid only).'
	),
	from: z.string().optional().describe('The sender, the spawning parent, the process linking.'),
	to: z.string().optional().describe('The receiver, the child spawned, the other end of a link.'),
	pid: z.string().optional().describe('The traced process the event is about.'),
	message: z
		.json()
		.optional()
		.describe(
			"The message (a call's request, a reply's value, a cast's message) or the exit reason, as bounded JSON."
		),
	text: z.string().describe('One line, for a label.')
});
export type TraceEventOut = z.infer<typeof TraceEventOut>;

export const TraceStopReason = z.enum([
	'max_events',
	'duration',
	'stopped',
	'target_exited',
	'node_restarted'
]);
export type TraceStopReason = z.infer<typeof TraceStopReason>;

export const TraceSessionOut = z.object({
	id: z.string().describe('<node number>-<n>: 0-1 on the system node, 1-1 in sandbox node 1.'),
	node: z.string(),
	target: z.string().describe('The traced pid (the root of the subtree).'),
	targetName: z.string().optional().describe('Its registered name when the trace started.'),
	subtree: z.boolean(),
	flags: z.array(z.enum(TRACE_FLAG_NAMES)),
	status: z.enum(['running', 'stopped']),
	stopReason: TraceStopReason.optional().describe(
		'max_events and duration: a limit; stopped: asked; target_exited; node_restarted: the system node was healed.'
	),
	events: z.number().int().describe('Events recorded.'),
	maxEvents: z.number().int(),
	durationMs: z.number().int(),
	startedAt: z.number().describe('Node clock, ms.'),
	endedAt: z.number().optional().describe('Node clock, ms.')
});
export type TraceSessionOut = z.infer<typeof TraceSessionOut>;

export const TraceEventsMeta = z.object({
	total: z.number().int().describe('Events the session recorded.'),
	returned: z.number().int(),
	nextAfter: z.number().int().describe('Pass as `after` to read what comes next.'),
	more: z.boolean().describe('Whether events past `limit` match already: read again at once.'),
	status: z.enum(['running', 'stopped']),
	stopReason: TraceStopReason.optional()
});
export type TraceEventsMeta = z.infer<typeof TraceEventsMeta>;

export interface TraceStart {
	flags: readonly TraceFlagName[];
	subtree: boolean;
	maxEvents: number;
	durationMs: number;
}

export interface TraceEventFilter {
	/** Only events with a greater seq. */
	after: number;
	limit: number;
	/** Only events from, to or about this pid (`'<0.42.0>'`). */
	pid?: string;
	kind?: TraceEventKind;
}

/** The tracer an operation runs against (ArsenalContext.tracer); errors are ArsenalErrors. */
export interface TraceService {
	/** Starts a session on the live `pid` of `node`; 409 `limit_exceeded` past the limit. */
	start(node: Node, pid: Pid, opts: TraceStart): TraceSessionOut;
	/** Every session kept, oldest first. */
	list(): TraceSessionOut[];
	/** A session's events; 404 `not_found` for an unknown id. */
	events(id: string, filter: TraceEventFilter): { events: TraceEventOut[]; meta: TraceEventsMeta };
	/** Stops a running session, or removes a stopped one; 404 `not_found` for an unknown id. */
	stop(id: string): { session: TraceSessionOut; removed: boolean };
}
