import { z } from 'zod';
import { requireAnalytics } from '../analytics_schemas';
import { defineOperation } from '../operation';

export default defineOperation({
	name: 'clear_analytics',
	category: 'analytics',
	summary: 'Clear the restart history',
	description:
		'Forgets every restart record, here and in IndexedDB. Export first to keep a copy. The ' +
		'supervisors running now still show, with zeros.',
	method: 'DELETE',
	path: '/analytics',
	local: true,
	params: z.strictObject({}),
	result: z.object({ cleared: z.number().int().describe('Records forgotten.') }),
	errors: ['unavailable'],
	run: async (_params, ctx) => ({ data: await requireAnalytics(ctx).clear() }),
	examples: [{ summary: 'Start afresh', params: {} }]
});
