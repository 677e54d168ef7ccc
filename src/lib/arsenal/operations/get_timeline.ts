import { z } from 'zod';
import { defineOperation } from '../operation';
import { num } from '../params';
import { requireTimeline, TimelineMoment, unknownTimelineNode } from '../timeline_schemas';

export default defineOperation({
	name: 'get_timeline',
	category: 'tracing',
	summary: 'The tree as it was at a moment',
	description:
		"Rebuilds a node's supervision state at node-clock time `at` from its timeline (the ring of " +
		'its last 100,000 events): the live processes with their parent, registered name, links, ' +
		'child id and last sampled info (module, behaviour, status, queue, memory), and each ' +
		"supervisor's intensity gauge (restarts within its period ÷ intensity). Also the range the " +
		'timeline holds and the events just before and after the moment, to step by event. A moment ' +
		'outside the range is clamped to it, and `clamped` says which way.',
	method: 'GET',
	path: '/timeline',
	local: true,
	params: z.strictObject({
		at: num(z.number().min(0))
			.optional()
			.describe('The moment, node-clock ms (the node started at 0). Default: now.'),
		node: z
			.string()
			.max(200)
			.optional()
			.describe('The node (GET /timeline/events answers its name); default the system node.')
	}),
	result: TimelineMoment,
	errors: ['not_found'],
	run({ at, node }, ctx) {
		const service = requireTimeline(ctx);
		const name = node ?? service.defaultNode;
		const moment = service.moment(name, at ?? Number.MAX_SAFE_INTEGER);
		if (!moment) return unknownTimelineNode(service, name);
		// Without `at`, now is what was asked: no clamping to report.
		const { clamped, ...rest } = moment;
		return { data: at === undefined || !clamped ? rest : moment };
	},
	examples: [
		{ summary: 'The system node now', params: {} },
		{ summary: 'The system node 10 s after it started', params: { at: 10_000 } }
	]
});
