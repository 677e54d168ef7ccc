import { z } from 'zod';
import { defineOperation } from '../operation';
import { MAX_TRACE_SESSIONS, TraceSessionOut } from '../trace_schemas';

export default defineOperation({
	name: 'list_traces',
	category: 'tracing',
	summary: 'Message traces, running and stopped',
	description:
		'Every trace session kept, oldest first: its target, flags, status (and why it stopped: ' +
		'max_events, duration, stopped, target_exited, node_restarted), how many events it ' +
		`recorded, its limits, and when it started and ended (node clock, ms). The last ` +
		`${MAX_TRACE_SESSIONS} sessions are kept; a stopped one gives way to a newer one.`,
	method: 'GET',
	path: '/traces',
	params: z.strictObject({}),
	result: z.array(TraceSessionOut),
	run: (_params, ctx) => ({ data: ctx.tracer?.list() ?? [] }),
	examples: [{ summary: 'Every trace', params: {} }]
});
