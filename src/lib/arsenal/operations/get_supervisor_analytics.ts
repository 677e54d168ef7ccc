import { z } from 'zod';
import { requireAnalytics, SupervisorStats } from '../analytics_schemas';
import { ArsenalError } from '../errors';
import { defineOperation } from '../operation';
import { pid } from '../params';

export default defineOperation({
	name: 'get_supervisor_analytics',
	category: 'analytics',
	summary: "One supervisor's restart figures",
	description:
		'The figures of list_supervisor_analytics for one supervisor, named by its pid or its ' +
		'registered name. A name a restarted supervisor kept names its running incarnation, or ' +
		'else the one that restarted last. 404 when no supervisor by that pid or name runs or ' +
		'left a history.',
	method: 'GET',
	path: '/analytics/supervisors/:pid',
	local: true,
	params: z.strictObject({ pid: pid('A supervisor: a pid or a registered name.') }),
	result: SupervisorStats,
	errors: ['not_found', 'unavailable'],
	async run(params, ctx) {
		const matching = (await requireAnalytics(ctx).supervisors()).filter(
			(s) => s.supervisor === params.pid || s.name === params.pid
		);
		const best = matching.sort(
			(a, b) => Number(b.alive) - Number(a.alive) || (b.lastRestartAt ?? 0) - (a.lastRestartAt ?? 0)
		)[0];
		if (!best) {
			throw new ArsenalError(
				'not_found',
				`No supervisor ${params.pid} runs now or left a restart history.`,
				{ pid: params.pid }
			);
		}
		return { data: best };
	},
	examples: [
		{ summary: "Demo.Supervisor's figures", params: { pid: 'Demo.Supervisor' } },
		{ summary: "SuperLearner's own supervisor", params: { pid: 'SuperLearner.Supervisor' } }
	]
});
