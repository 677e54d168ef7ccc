import { z } from 'zod';
import {
	ChildRow,
	SupervisorSummary,
	childRows,
	describeSupervisor,
	requireSupervisor
} from '../inspect';
import { defineOperation } from '../operation';
import { pid } from '../params';

export default defineOperation({
	name: 'get_supervisor',
	category: 'supervisors',
	summary: 'A supervisor in detail',
	description:
		"A supervisor's flags, its children (id, pid, restart type, shutdown, type, modules) in " +
		'start order, and its restarts: how many are inside the current intensity window, and when ' +
		'they happened on the node clock. A process that is no supervisor answers 422 not_supervisor.',
	method: 'GET',
	path: '/supervisors/:pid',
	params: z.strictObject({ pid: pid('A supervisor: a pid or a registered name.') }),
	result: SupervisorSummary.extend({
		childList: z.array(ChildRow),
		restarts: z.object({
			inWindow: z.number().int(),
			intensity: z.number().int(),
			period: z.number().describe('Seconds.'),
			times: z.array(z.number()).describe('Node clock ms of the restarts inside the window.'),
			now: z.number().describe('The node clock now, ms.')
		})
	}),
	errors: ['not_supervisor'],
	async run({ pid }, ctx) {
		const { pid: sup, entry } = requireSupervisor(ctx, pid);
		const { summary, info } = await describeSupervisor(ctx, entry, sup);
		return {
			data: {
				...summary,
				childList: childRows(info),
				restarts: {
					inWindow: info.restartsInWindow,
					intensity: info.intensity,
					period: info.period,
					times: info.restartTimes,
					now: entry.node.now()
				}
			}
		};
	},
	examples: [
		{ summary: "The demo application's top supervisor", params: { pid: 'Demo.Supervisor' } },
		{ summary: 'The worker pool (a DynamicSupervisor)', params: { pid: 'Demo.Jobs' } },
		{ summary: "SuperLearner's own supervisor", params: { pid: 'SuperLearner.Supervisor' } }
	]
});
