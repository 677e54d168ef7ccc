/**
 * The message tracer's names and limits as plain values (no zod): trace_schemas.ts builds its
 * schemas from them, and the /trace page imports them from here without pulling zod in.
 */

/** A session's flags, as erlang:trace/3 names them (`set_on_spawn` comes with `subtree`). */
export const TRACE_FLAG_NAMES = ['send', 'receive', 'spawn', 'exit', 'link', 'call'] as const;
export type TraceFlagName = (typeof TRACE_FLAG_NAMES)[number];

/**
 * What a trace event records: a message sent (call, reply, cast, info, exit for an EXIT message,
 * down, system for a :sys request), its arrival (receive), a spawn, a link or unlink, or a
 * process exit (exit with a pid only).
 */
export const TRACE_EVENT_KINDS = [
	'call',
	'reply',
	'cast',
	'info',
	'exit',
	'down',
	'spawn',
	'link',
	'unlink',
	'receive',
	'system'
] as const;
export type TraceEventKind = (typeof TRACE_EVENT_KINDS)[number];

/** Sessions running at once, and sessions kept. */
export const MAX_TRACE_SESSIONS = 16;
/** A session stops after this many events unless asked otherwise… */
export const DEFAULT_MAX_EVENTS = 1_000;
/** …and may be asked for at most this many. */
export const MAX_MAX_EVENTS = 100_000;
/** A session stops after this long unless asked otherwise… */
export const DEFAULT_DURATION_MS = 60_000;
/** …and may be asked to run at most this long. */
export const MAX_DURATION_MS = 600_000;
