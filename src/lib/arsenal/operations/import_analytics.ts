import { z } from 'zod';
import { AnalyticsExport, requireAnalytics } from '../analytics_schemas';
import { defineOperation } from '../operation';

export default defineOperation({
	name: 'import_analytics',
	category: 'analytics',
	summary: 'Import a restart history',
	description:
		'Takes an export of export_analytics as the body itself (the file as it was saved) and ' +
		'merges its records into the history: records already kept are skipped, and each ' +
		'supervisor keeps its newest 1,000. The whole file is checked before anything is stored: ' +
		'a file that is not an export, or one from a newer SuperLearner, is a 422 that names the ' +
		'field, and leaves the history as it was.',
	method: 'POST',
	path: '/analytics/import',
	// An export of the most an import takes, 200,000 records, is about 60 MB of JSON.
	maxBodyLength: 64 * 1024 * 1024,
	local: true,
	params: AnalyticsExport,
	result: z.object({
		imported: z.number().int().describe('Records that were new.'),
		duplicates: z.number().int().describe('Records already kept, skipped.')
	}),
	errors: ['unavailable'],
	run: async (file, ctx) => ({ data: await requireAnalytics(ctx).importAll(file) }),
	examples: [
		{
			summary: 'One restart of Demo.Flaky',
			params: {
				format: 'superlearner.analytics',
				version: 1,
				exportedAt: 1_767_225_600_000,
				records: [
					{
						at: 1_767_225_590_000,
						node: 'system@superlearner',
						supervisor: '<0.40.0>',
						supervisorName: 'Demo.Supervisor',
						childId: 'Demo.Flaky',
						oldPid: '<0.52.0>',
						newPid: '<0.61.0>',
						reason: 'killed',
						reasonText: 'killed',
						cause: { operation: 'kill_process', via: 'page' },
						intensity: 3,
						period: 5
					}
				]
			}
		}
	]
});
