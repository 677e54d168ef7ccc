import { z } from 'zod';
import { DynamicSupervisor, Supervisor } from '$lib/runtime';
import { findPid, guardSystem } from '../context';
import { ArsenalError } from '../errors';
import { requireSupervisor } from '../inspect';
import { defineOperation } from '../operation';
import { bool, force, pid } from '../params';

export default defineOperation({
	name: 'terminate_child',
	category: 'supervisors',
	summary: 'Terminate a child',
	description:
		"Stops a supervisor's child in order (its shutdown: 'shutdown', then 'kill' after the timeout), " +
		'as supervisor:terminate_child/2. The spec stays, so restart_child can start it again, ' +
		"unless delete is true (supervisor:delete_child/2). A DynamicSupervisor's child is named by " +
		"its pid and always goes away. SuperLearner's own supervisors answer 403 unless force is true.",
	method: 'DELETE',
	path: '/supervisors/:pid/children/:id',
	params: z.strictObject({
		pid: pid('A supervisor: a pid or a registered name.'),
		id: z.string().min(1).max(200).describe("The child's id (a DynamicSupervisor's: its pid)."),
		delete: bool().prefault(false).describe('Also delete the child spec.'),
		force: force()
	}),
	result: z.object({
		supervisor: z.string(),
		id: z.string(),
		terminated: z.literal(true),
		deleted: z.boolean().describe('Whether the spec is gone.')
	}),
	errors: ['unauthorized', 'not_supervisor', 'not_found', 'conflict'],
	authorize: ({ pid, force }, ctx) => guardSystem(ctx, pid, force, 'terminate children of'),
	async run(params, ctx) {
		const { pid: sup, entry, info } = requireSupervisor(ctx, params.pid);
		const supervisor = String(sup);
		const missing = () =>
			new ArsenalError('not_found', `${supervisor} has no child '${params.id}'.`, {
				supervisor,
				id: params.id
			});
		if (info.behaviour === 'dynamic_supervisor') {
			const child = findPid(ctx, params.id);
			if (!child) throw missing();
			const result = await DynamicSupervisor.terminateChild(entry.node, sup, child);
			if (result !== 'ok') throw missing();
			return { data: { supervisor, id: String(child), terminated: true, deleted: true } };
		}
		if ((await Supervisor.terminateChild(entry.node, sup, params.id)) !== 'ok') throw missing();
		let deleted = false;
		if (params.delete) {
			const result = await Supervisor.deleteChild(entry.node, sup, params.id);
			if (result === 'ok') deleted = true;
			else if (result[1] !== 'not_found') {
				throw new ArsenalError(
					'conflict',
					`${supervisor} could not delete '${params.id}': it is ${result[1]} again.`,
					{ reason: result[1] }
				);
			}
			// not_found: a temporary child's spec goes with the child.
			else deleted = true;
		}
		return { data: { supervisor, id: params.id, terminated: true, deleted } };
	},
	examples: [
		{
			summary: 'Stop Demo.Consumer (restart_child starts it again)',
			params: { pid: 'Demo.Pipeline', id: 'Demo.Consumer' }
		},
		{
			summary: 'Stop the janitor and forget its spec',
			params: { pid: 'Demo.CacheSupervisor', id: 'Demo.Janitor', delete: true }
		}
	]
});
