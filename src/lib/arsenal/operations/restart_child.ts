import { z } from 'zod';
import { Supervisor } from '$lib/runtime';
import { ArsenalError } from '../errors';
import { requireSupervisor } from '../inspect';
import { defineOperation } from '../operation';
import { pid } from '../params';

export default defineOperation({
	name: 'restart_child',
	category: 'supervisors',
	summary: 'Restart a terminated child',
	description:
		'Starts a child again from its spec after terminate_child, as supervisor:restart_child/2. ' +
		'A running child answers 409 (terminate it first, or kill it and let the supervisor restart ' +
		'it). DynamicSupervisors have no restart_child: 422.',
	method: 'POST',
	path: '/supervisors/:pid/children/:id/restart',
	params: z.strictObject({
		pid: pid('A supervisor: a pid or a registered name.'),
		id: z.string().min(1).max(200).describe("The child's id.")
	}),
	result: z.object({ supervisor: z.string(), id: z.string(), pid: z.string() }),
	errors: ['not_supervisor', 'not_found', 'conflict'],
	async run(params, ctx) {
		const { pid: sup, entry, info } = requireSupervisor(ctx, params.pid);
		const supervisor = String(sup);
		if (info.behaviour === 'dynamic_supervisor') {
			throw new ArsenalError(
				'validation_failed',
				`Invalid parameter pid: ${supervisor} is a DynamicSupervisor, which has no restart_child.`,
				{ field: 'pid', reason: 'A DynamicSupervisor has no restart_child' }
			);
		}
		const result = await Supervisor.restartChild(entry.node, sup, params.id);
		if (result[0] === 'ok') {
			return { data: { supervisor, id: params.id, pid: String(result[1]) } };
		}
		const reason = result[1];
		if (reason === 'not_found') {
			throw new ArsenalError('not_found', `${supervisor} has no child '${params.id}'.`, {
				supervisor,
				id: params.id
			});
		}
		if (reason === 'running' || reason === 'restarting') {
			throw new ArsenalError(
				'conflict',
				`Child '${params.id}' of ${supervisor} is ${reason}; terminate it first.`,
				{ reason }
			);
		}
		throw new ArsenalError('operation_failed', `restart_child failed: the child did not start.`, {
			operation: 'restart_child',
			reason
		});
	},
	examples: [
		{
			summary: 'Start Demo.Consumer again after terminate_child',
			params: { pid: 'Demo.Pipeline', id: 'Demo.Consumer' }
		}
	]
});
