import { z } from 'zod';
import { requireAnalytics, RestartRecord } from '../analytics_schemas';
import { defineOperation } from '../operation';
import { int, pid } from '../params';

const epochMs = () => int(z.number().int().min(0));

export default defineOperation({
	name: 'list_restarts',
	category: 'analytics',
	summary: 'The restart history',
	description:
		'Every restart kept (the newest 1,000 per supervisor, across reloads), newest first, a ' +
		'page at a time: when (epoch ms), which supervisor and child, the old and new pid, the ' +
		'reason, and the cause when Arsenal asked for it (a kill or a fault: which operation, over ' +
		'REST or from a page). Filter by supervisor (pid or name), node, time range and a piece of ' +
		'the reason.',
	method: 'GET',
	path: '/analytics/restarts',
	local: true,
	params: z
		.strictObject({
			supervisor: pid(
				'Only the restarts of this supervisor: a pid or a registered name.'
			).optional(),
			node: z.string().max(200).optional().describe('Only the restarts on this node.'),
			since: epochMs().optional().describe('From this time, epoch ms.'),
			until: epochMs().optional().describe('Up to this time, inclusive, epoch ms.'),
			reason: z.string().min(1).max(200).optional().describe('Text the reason contains.'),
			page: int(z.number().int().min(1)).prefault(1).describe('The page, from 1.'),
			perPage: int(z.number().int().min(1).max(1000)).prefault(100).describe('Rows per page.')
		})
		.refine((p) => p.since === undefined || p.until === undefined || p.until >= p.since, {
			path: ['until'],
			error: 'until is before since'
		}),
	result: z.array(RestartRecord).describe('The page of restarts, newest first.'),
	meta: z.object({
		total: z.number().int().describe('Restarts matching the filters.'),
		page: z.number().int(),
		perPage: z.number().int(),
		totalPages: z.number().int()
	}),
	errors: ['unavailable'],
	async run({ page, perPage, ...filter }, ctx) {
		const matching = await requireAnalytics(ctx).restarts(filter);
		const start = (page - 1) * perPage;
		return {
			data: matching.slice(start, start + perPage),
			meta: {
				total: matching.length,
				page,
				perPage,
				totalPages: Math.ceil(matching.length / perPage)
			}
		};
	},
	examples: [
		{ summary: 'The last ten restarts', params: { perPage: 10 } },
		{ summary: 'Restarts under Demo.Supervisor', params: { supervisor: 'Demo.Supervisor' } },
		{ summary: 'Kills only', params: { reason: 'killed' } }
	]
});
