import { z } from 'zod';
import { requirePid } from '../context';
import { ArsenalError } from '../errors';
import { defineOperation } from '../operation';
import { bool, int, list, pid } from '../params';
import {
	DEFAULT_DURATION_MS,
	DEFAULT_MAX_EVENTS,
	MAX_DURATION_MS,
	MAX_MAX_EVENTS,
	MAX_TRACE_SESSIONS,
	TRACE_FLAG_NAMES,
	TraceSessionOut
} from '../trace_schemas';

export default defineOperation({
	name: 'start_trace',
	category: 'tracing',
	summary: 'Start a message trace on a process or a subtree',
	description:
		"Traces a process as erlang:trace/3 does: with the flags given, its messages sent ('send'), " +
		"those arriving in its mailbox ('receive'), the processes it spawns, its exit, its links, and " +
		"the GenServer calls it makes or answers ('call': requests and replies only). With subtree, " +
		'also every process it spawned, recursively (a supervisor and all its children), and the ' +
		'processes they spawn from now on, so a restarted child is traced too (set_on_spawn). The ' +
		`trace stops by itself after maxEvents events or durationMs, whichever comes first, or when ` +
		`the process exits; read its events with GET /traces/:id/events. At most ${MAX_TRACE_SESSIONS} ` +
		'traces run at once on a node (409 limit_exceeded past that). Answers the session, with its ' +
		"id: <node number>-<n>. A sandbox's process is traced in its sandbox, whose node number " +
		'the id carries (1-1).',
	method: 'POST',
	path: '/processes/:pid/trace',
	params: z.strictObject({
		pid: pid(),
		flags: list(z.array(z.enum(TRACE_FLAG_NAMES)).min(1).max(TRACE_FLAG_NAMES.length))
			.prefault([...TRACE_FLAG_NAMES])
			.describe(`What to trace: any of ${TRACE_FLAG_NAMES.join(', ')} (default all).`),
		subtree: bool()
			.prefault(false)
			.describe('Also trace its descendants, and the processes they spawn from now on.'),
		maxEvents: int(z.number().int().min(1).max(MAX_MAX_EVENTS))
			.prefault(DEFAULT_MAX_EVENTS)
			.describe('The trace stops after this many events.'),
		durationMs: int(z.number().int().min(1).max(MAX_DURATION_MS))
			.prefault(DEFAULT_DURATION_MS)
			.describe('The trace stops after this long, in ms on the node clock.')
	}),
	result: TraceSessionOut,
	successStatus: 201,
	errors: ['limit_exceeded', 'unavailable'],
	run({ pid, flags, subtree, maxEvents, durationMs }, ctx) {
		if (!ctx.tracer) {
			throw new ArsenalError('unavailable', 'This node has no tracer: traces cannot run here.', {
				pid
			});
		}
		const { pid: target, entry } = requirePid(ctx, pid);
		const options = { flags: [...new Set(flags)], subtree, maxEvents, durationMs };
		return { data: ctx.tracer.start(entry.node, target, options) };
	},
	examples: [
		{
			summary: 'Every message of Demo.Counter, 1,000 events at most',
			params: { pid: 'Demo.Counter' }
		},
		{
			summary: "Demo.Supervisor's calls and exits, with its children and their restarts",
			params: { pid: 'Demo.Supervisor', flags: ['call', 'exit', 'spawn'], subtree: true }
		},
		{
			summary: "What arrives in Demo.Cache's mailbox for 10 s",
			params: { pid: 'Demo.Cache', flags: ['receive'], durationMs: 10_000, maxEvents: 5_000 }
		}
	]
});
