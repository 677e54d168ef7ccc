import { z } from 'zod';
import { ArsenalError } from '../errors';
import { defineOperation } from '../operation';
import { traceHolder } from '../trace_ids';
import { TraceSessionOut } from '../trace_schemas';

export default defineOperation({
	name: 'stop_trace',
	category: 'tracing',
	summary: 'Stop a message trace, or remove a stopped one',
	description:
		'Stops a running trace: its processes are traced no more, and its events stay readable. ' +
		'Asked of a trace that has stopped already, removes it and its events. Answers the ' +
		'session and whether it was removed. A trace of a sandbox process is stopped in its sandbox.',
	method: 'DELETE',
	path: '/traces/:id',
	params: z.strictObject({
		id: z
			.string()
			.min(1)
			.max(40)
			.describe('The trace id, as start_trace answered it: <node number>-<n> (0-1).')
	}),
	result: z.object({
		session: TraceSessionOut,
		removed: z.boolean().describe('True when the trace had stopped and is now gone.')
	}),
	errors: ['not_found'],
	async run({ id }, ctx) {
		const remote = traceHolder(ctx, id);
		if (remote) return { data: (await remote.execute('stop_trace', { id })).data };
		if (!ctx.tracer) throw new ArsenalError('not_found', `No trace ${id}.`, { id });
		return { data: ctx.tracer.stop(id) };
	},
	examples: [{ summary: 'Stop trace 0-1', params: { id: '0-1' } }]
});
