import { AnalyticsExport, requireAnalytics } from '../analytics_schemas';
import { z } from 'zod';
import { defineOperation } from '../operation';

export default defineOperation({
	name: 'export_analytics',
	category: 'analytics',
	summary: 'Export the restart history',
	description:
		"Every restart record kept, as one JSON object (format 'superlearner.analytics', version " +
		'1): save it as a file, and POST it to /analytics/import to bring it back here or into ' +
		'another browser.',
	method: 'GET',
	path: '/analytics/export',
	local: true,
	params: z.strictObject({}),
	result: AnalyticsExport,
	errors: ['unavailable'],
	run: async (_params, ctx) => ({ data: await requireAnalytics(ctx).exportAll() }),
	examples: [{ summary: 'Everything kept', params: {} }]
});
