import { z } from 'zod';
import { ArsenalError } from '../errors';
import { defineOperation } from '../operation';
import { traceHolder } from '../trace_ids';
import { int, pidText } from '../params';
import { TraceEventKind, TraceEventOut, TraceEventsMeta } from '../trace_schemas';

export default defineOperation({
	name: 'get_trace_events',
	category: 'tracing',
	summary: "A trace's events",
	description:
		'The events a trace recorded, in order: messages sent (kind call, reply, cast, info, exit ' +
		'for an EXIT message, down, system for a :sys request, with from and to), their arrival ' +
		'(receive), spawns, links and unlinks, and exits (exit with pid only). Each has its message ' +
		'as bounded JSON and a one-line text. Poll with after = the previous meta.nextAfter to get ' +
		'only what is new; meta.status says when the trace has stopped, and why. Filter by a pid ' +
		'the events involve and by kind. A trace of a sandbox process is read from its sandbox.',
	method: 'GET',
	path: '/traces/:id/events',
	// The trace id says where the session is kept, not the pid filter.
	local: true,
	params: z.strictObject({
		id: z
			.string()
			.min(1)
			.max(40)
			.describe('The trace id, as start_trace answered it: <node number>-<n> (0-1).'),
		after: int(z.number().int().min(0)).prefault(0).describe('Only events with a greater seq.'),
		limit: int(z.number().int().min(1).max(5000))
			.prefault(500)
			.describe('At most this many events.'),
		pid: pidText()
			.optional()
			.describe('Only the events from, to or about this process (<0.42.0>).'),
		kind: TraceEventKind.optional().describe('Only events of this kind.')
	}),
	result: z.array(TraceEventOut),
	meta: TraceEventsMeta,
	errors: ['not_found'],
	async run(params, ctx) {
		const remote = traceHolder(ctx, params.id);
		if (remote) {
			const answer = await remote.execute('get_trace_events', params);
			return { data: answer.data, meta: answer.meta as TraceEventsMeta };
		}
		const { id, ...filter } = params;
		if (!ctx.tracer) throw new ArsenalError('not_found', `No trace ${id}.`, { id });
		const { events, meta } = ctx.tracer.events(id, filter);
		return { data: events, meta };
	},
	examples: [
		{ summary: 'The first 500 events of trace 0-1', params: { id: '0-1' } },
		{ summary: 'What is new since event 500', params: { id: '0-1', after: 500 } },
		{ summary: 'The calls of one process', params: { id: '0-1', pid: '<0.42.0>', kind: 'call' } }
	]
});
