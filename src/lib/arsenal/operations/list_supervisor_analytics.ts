import { z } from 'zod';
import { PersistenceStatus, requireAnalytics, SupervisorStats } from '../analytics_schemas';
import { defineOperation } from '../operation';

export default defineOperation({
	name: 'list_supervisor_analytics',
	category: 'analytics',
	summary: "Every supervisor's restart figures",
	description:
		'The restart figures of every supervisor running now on every node (zeros for one that ' +
		'restarted nothing) and of every supervisor gone that left a history: restarts in total ' +
		'and in the last minute, crash reasons ranked, the restart-intensity window now and after ' +
		'each restart, the time since the last restart, and whether it gave up ' +
		'(reached_max_restart_intensity). The history is kept across reloads; meta.persistence ' +
		'says whether it is being saved.',
	method: 'GET',
	path: '/analytics/supervisors',
	// The history lives in the system node's AnalyticsServer, also for a sandbox's node.
	local: true,
	params: z.strictObject({
		node: z
			.string()
			.max(200)
			.optional()
			.describe('Only the supervisors of the node with this name.')
	}),
	result: z.array(SupervisorStats),
	meta: z.object({ persistence: PersistenceStatus }),
	errors: ['unavailable'],
	async run({ node }, ctx) {
		const analytics = requireAnalytics(ctx);
		const all = await analytics.supervisors();
		return {
			data: node === undefined ? all : all.filter((s) => s.node === node),
			meta: { persistence: await analytics.persistence() }
		};
	},
	examples: [
		{ summary: 'Every supervisor', params: {} },
		{ summary: 'The system node’s supervisors', params: { node: 'system@superlearner' } }
	]
});
