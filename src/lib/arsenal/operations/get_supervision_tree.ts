import { z } from 'zod';
import type { Pid } from '$lib/runtime';
import type { ArsenalContext, ArsenalNode } from '../context';
import { describeSupervisor, requireSupervisor } from '../inspect';
import { defineOperation } from '../operation';
import { int, pid } from '../params';

/** One node of the tree as this operation answers it (the observer's snapshots extend it). */
export interface TreeNode {
	id?: string;
	pid: string | null;
	name?: string;
	module?: string;
	type: 'worker' | 'supervisor';
	restart?: string;
	strategy?: string;
	children?: TreeNode[];
}

const Tree: z.ZodType<TreeNode> = z.lazy(() =>
	z.object({
		id: z.string().optional().describe('The child id under its supervisor.'),
		pid: z.string().nullable(),
		name: z.string().optional(),
		module: z.string().optional(),
		type: z.enum(['worker', 'supervisor']),
		restart: z.string().optional(),
		strategy: z.string().optional().describe('For supervisors.'),
		children: z.array(Tree).optional().describe('For supervisors within maxDepth.')
	})
);

export default defineOperation({
	name: 'get_supervision_tree',
	category: 'supervisors',
	summary: 'A supervision subtree',
	description:
		'The supervisor and everything below it, nested: each child with its id, pid, restart ' +
		'type and module, and for child supervisors their strategy and children, down to maxDepth.',
	method: 'GET',
	path: '/supervisors/:pid/tree',
	params: z.strictObject({
		pid: pid('A supervisor: a pid or a registered name.'),
		maxDepth: int(z.number().int().min(1).max(32)).prefault(16).describe('Levels below the root.')
	}),
	result: Tree,
	errors: ['not_supervisor'],
	async run({ pid, maxDepth }, ctx) {
		const { pid: sup, entry } = requireSupervisor(ctx, pid);
		return { data: await subtree(ctx, entry, sup, maxDepth) };
	},
	examples: [
		{ summary: 'The demo application', params: { pid: 'Demo.Supervisor' } },
		{
			summary: 'SuperLearner itself, one level',
			params: { pid: 'SuperLearner.Supervisor', maxDepth: 1 }
		}
	]
});

async function subtree(
	ctx: ArsenalContext,
	entry: ArsenalNode,
	sup: Pid,
	depth: number
): Promise<TreeNode> {
	const { summary, info } = await describeSupervisor(ctx, entry, sup);
	const children = await Promise.all(
		info.children.map(async (c): Promise<TreeNode> => {
			const child = typeof c.pid === 'object' ? c.pid : undefined;
			const pinfo = child && entry.node.processInfo(child);
			const node: TreeNode = {
				...(c.id !== undefined && { id: c.id }),
				pid: c.pid === undefined ? null : String(c.pid),
				...(pinfo?.name !== undefined && { name: pinfo.name }),
				...((pinfo?.module ?? c.modules[0]) !== undefined && {
					module: pinfo?.module ?? c.modules[0]
				}),
				type: c.type,
				restart: c.restart
			};
			const isSup = pinfo?.behaviour === 'supervisor' || pinfo?.behaviour === 'dynamic_supervisor';
			if (child && isSup && depth > 1) {
				try {
					const below = await subtree(ctx, entry, child, depth - 1);
					return { ...node, strategy: below.strategy, children: below.children };
				} catch {
					return node; // it exited while we looked
				}
			}
			return node;
		})
	);
	return {
		pid: summary.pid,
		...(summary.name !== undefined && { name: summary.name }),
		...(summary.module !== undefined && { module: summary.module }),
		type: 'supervisor',
		strategy: summary.strategy,
		children
	};
}
