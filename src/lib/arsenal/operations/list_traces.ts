import { z } from 'zod';
import { within } from '../context';
import { defineOperation } from '../operation';
import { MAX_TRACE_SESSIONS, TraceSessionOut } from '../trace_schemas';

/** How long a sandbox node may take to list its traces before it is left out. */
const REMOTE_MS = 1500;

export default defineOperation({
	name: 'list_traces',
	category: 'tracing',
	summary: 'Message traces, running and stopped',
	description:
		'Every trace session kept, oldest first: its target, flags, status (and why it stopped: ' +
		'max_events, duration, stopped, target_exited, node_restarted), how many events it ' +
		`recorded, its limits, and when it started and ended (node clock, ms). The last ` +
		`${MAX_TRACE_SESSIONS} sessions of each node are kept; a stopped one gives way to a newer ` +
		"one. The system node's traces come first, then each running sandbox's (a sandbox that " +
		'does not answer in time is left out).',
	method: 'GET',
	path: '/traces',
	params: z.strictObject({}),
	result: z.array(TraceSessionOut),
	async run(_params, ctx) {
		const remote = await Promise.all(
			ctx.nodes.map(({ remote }) =>
				remote
					? within(REMOTE_MS, remote.execute('list_traces', {})).then(
							(answer) => (answer?.data as TraceSessionOut[] | undefined) ?? [],
							(): TraceSessionOut[] => []
						)
					: Promise.resolve([])
			)
		);
		return { data: [...(ctx.tracer?.list() ?? []), ...remote.flat()] };
	},
	examples: [{ summary: 'Every trace', params: {} }]
});
