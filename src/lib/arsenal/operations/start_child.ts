import { z } from 'zod';
import { DynamicSupervisor, Supervisor, type ChildSpec } from '$lib/runtime';
import { guardSystem } from '../context';
import { ArsenalError, fieldIssues, validationFailed } from '../errors';
import { requireSupervisor } from '../inspect';
import { defineOperation } from '../operation';
import { force, int, json, pid } from '../params';

export default defineOperation({
	name: 'start_child',
	category: 'supervisors',
	summary: 'Start a child',
	description:
		'Starts a child under a supervisor from a spec naming a known module (list_modules lists ' +
		'them, with the schema of their args). Under a Supervisor the child gets ' +
		'id (default: the module name); under a DynamicSupervisor children have no id and go by ' +
		"their pid. An id already in use answers 409. SuperLearner's own supervisors answer 403 " +
		'unless force is true.',
	method: 'POST',
	path: '/supervisors/:pid/children',
	successStatus: 201,
	params: z.strictObject({
		pid: pid('A supervisor: a pid or a registered name.'),
		module: z.string().min(1).max(200).describe('A known module, e.g. Demo.Counter.'),
		args: json.optional().describe("The module's start argument (see its schema)."),
		id: z.string().min(1).max(200).optional().describe('The child id (Supervisor only).'),
		restart: z
			.enum(['permanent', 'transient', 'temporary'])
			.optional()
			.describe("Default 'permanent'."),
		shutdown: z
			.union([int(z.number().int().min(0).max(60_000)), z.enum(['brutal_kill', 'infinity'])])
			.optional()
			.describe("ms before 'kill', or brutal_kill / infinity. Default 5000 for workers."),
		force: force()
	}),
	result: z.object({
		supervisor: z.string(),
		id: z.string().optional().describe('Under a Supervisor.'),
		pid: z.string().nullable().describe('null when the module chose ignore.'),
		module: z.string()
	}),
	errors: ['unauthorized', 'not_supervisor', 'conflict'],
	authorize: ({ pid, force }, ctx) => guardSystem(ctx, pid, force, 'start children under'),
	async run(params, ctx) {
		const { pid: sup, entry, info } = requireSupervisor(ctx, params.pid);
		const mod = ctx.modules.get(params.module);
		if (!mod) {
			const known = [...ctx.modules.keys()];
			throw new ArsenalError(
				'validation_failed',
				`Invalid parameter module: no module named '${params.module}'. Known: ${known.join(', ') || 'none'}.`,
				{ field: 'module', reason: 'Unknown module', known }
			);
		}
		const args = mod.args.safeParse(params.args);
		if (!args.success) throw validationFailed(fieldIssues(args.error, 'args'));
		const dynamic = info.behaviour === 'dynamic_supervisor';
		if (dynamic && params.id !== undefined) {
			throw validationFailed([
				{ field: 'id', reason: "A DynamicSupervisor's children have no id: leave it out." }
			]);
		}
		const overrides: Partial<ChildSpec> = {
			id: params.id ?? mod.name,
			...(params.restart && { restart: params.restart }),
			...(params.shutdown !== undefined && { shutdown: params.shutdown })
		};
		const spec = mod.childSpec(args.data, overrides);
		const result = dynamic
			? await DynamicSupervisor.startChild(entry.node, sup, spec)
			: await Supervisor.startChild(entry.node, sup, spec);
		if (result === 'ignore') {
			return { data: { supervisor: String(sup), pid: null, module: mod.name } };
		}
		if (result[0] === 'error') throw startError(result[1], String(sup), spec.id);
		return {
			data: {
				supervisor: String(sup),
				...(!dynamic && { id: spec.id }),
				pid: result[1] === undefined ? null : String(result[1]),
				module: mod.name
			}
		};
	},
	examples: [
		{
			summary: 'Another job in the pool (a DynamicSupervisor)',
			params: { pid: 'Demo.Jobs', module: 'Demo.Job', args: { name: 'extra', everyMs: 3000 } }
		},
		{
			summary: 'A second counter under Demo.Supervisor',
			params: {
				pid: 'Demo.Supervisor',
				module: 'Demo.Counter',
				id: 'counter-2',
				args: { initial: 10 }
			}
		}
	]
});

function startError(reason: unknown, sup: string, id: string): ArsenalError {
	const [kind, detail] = Array.isArray(reason) ? (reason as unknown[]) : [reason];
	if (kind === 'already_present' || kind === 'already_started') {
		return new ArsenalError(
			'conflict',
			kind === 'already_started'
				? `${sup} already runs a child with id '${id}' (${String(detail)}).`
				: `${sup} already has a child spec with id '${id}'; delete it first.`,
			{ reason }
		);
	}
	if (reason === 'max_children') {
		return new ArsenalError('conflict', `${sup} already has its maximum number of children.`, {
			reason
		});
	}
	return new ArsenalError('operation_failed', `start_child failed: the child did not start.`, {
		operation: 'start_child',
		reason
	});
}
