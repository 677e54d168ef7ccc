import { z } from 'zod';
import { defineOperation } from '../operation';
import { int, num } from '../params';
import {
	NumberedEvent,
	requireTimeline,
	TimelineRange,
	unknownTimelineNode
} from '../timeline_schemas';

export default defineOperation({
	name: 'list_timeline_events',
	category: 'tracing',
	summary: "A node's events between two moments",
	description:
		"The events a node's timeline holds with `from` ≤ at ≤ `to` (node-clock ms), oldest first, " +
		'a page at a time: spawns, exits, links, names, restarts, reports, messages (their kind, ' +
		'never their body; a sandbox counts them per batch) and process samples. Each has its seq: ' +
		'GET /timeline names the ones around a moment.',
	method: 'GET',
	path: '/timeline/events',
	local: true,
	params: z
		.strictObject({
			from: num(z.number().min(0)).prefault(0).describe('From this moment, node-clock ms.'),
			to: num(z.number().min(0)).optional().describe('To this moment, inclusive. Default: now.'),
			node: z.string().max(200).optional().describe('The node; default the system node.'),
			page: int(z.number().int().min(1)).prefault(1).describe('The page, from 1.'),
			perPage: int(z.number().int().min(1).max(1000)).prefault(100).describe('Events per page.')
		})
		.refine((p) => p.to === undefined || p.to >= p.from, {
			path: ['to'],
			error: 'to is before from'
		}),
	result: z.array(NumberedEvent),
	meta: z.object({
		total: z.number().int().describe('Events in the range.'),
		page: z.number().int(),
		perPage: z.number().int(),
		totalPages: z.number().int(),
		range: TimelineRange
	}),
	errors: ['not_found'],
	run(params, ctx) {
		const service = requireTimeline(ctx);
		const node = params.node ?? service.defaultNode;
		const range = service.range(node);
		if (!range) return unknownTimelineNode(service, node);
		const { events, total } = service.events(node, {
			from: params.from,
			to: params.to ?? range.to,
			offset: (params.page - 1) * params.perPage,
			limit: params.perPage
		})!;
		return {
			data: events,
			meta: {
				total,
				page: params.page,
				perPage: params.perPage,
				totalPages: Math.ceil(total / params.perPage),
				range
			}
		};
	},
	examples: [
		{ summary: 'The first 20 events of the system node', params: { perPage: 20 } },
		{ summary: 'The events of the first 5 s', params: { from: 0, to: 5000 } }
	]
});
