import { z } from 'zod';
import { requireAnalytics, TelemetryFigures } from '../analytics_schemas';
import { defineOperation } from '../operation';

export default defineOperation({
	name: 'get_telemetry',
	category: 'analytics',
	summary: "Arsenal's operation figures and the system's event counts",
	description:
		'What SuperLearner.Telemetry counts of every Arsenal operation since the system node ' +
		'started (calls, successes, failures by error code, total and longest duration in ms), ' +
		'and the telemetry events analytics counts: sandboxes created and destroyed, processes ' +
		'killed over Arsenal, restarts detected.',
	method: 'GET',
	path: '/analytics/telemetry',
	local: true,
	params: z.strictObject({}),
	result: TelemetryFigures,
	errors: ['unavailable'],
	run: async (_params, ctx) => ({ data: await requireAnalytics(ctx).telemetry() }),
	examples: [{ summary: 'The figures now', params: {} }]
});
