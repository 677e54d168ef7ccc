import { z } from 'zod';
import type { Pid } from '$lib/runtime';
import type { SupervisorInfo } from '$lib/runtime/host';
import type { ArsenalContext, ArsenalNode } from '../context';
import { describeSupervisor, requireSupervisor } from '../inspect';
import { defineOperation } from '../operation';
import { int, pid } from '../params';

/** What a supervisor's children beyond `maxChildren` are, counted instead of listed. */
export interface OmittedChildren {
	count: number;
	/** Of them, the ones not running (stopped, or being restarted). */
	notRunning: number;
	/** Their modules, most common first (at most five). */
	modules: Array<{ module: string; count: number }>;
}

/** One node of the tree as this operation answers it (the observer's snapshots extend it). */
export interface TreeNode {
	id?: string;
	pid: string | null;
	name?: string;
	module?: string;
	type: 'worker' | 'supervisor';
	restart?: string;
	strategy?: string;
	/** A DynamicSupervisor. */
	dynamic?: boolean;
	children?: TreeNode[];
	omitted?: OmittedChildren;
}

/** How many of the commonest modules an omitted summary names. */
const OMITTED_MODULES = 5;

const Omitted = z.object({
	count: z.number().int(),
	notRunning: z.number().int(),
	modules: z.array(z.object({ module: z.string(), count: z.number().int() }))
});

const Tree: z.ZodType<TreeNode> = z.lazy(() =>
	z.object({
		id: z.string().optional().describe('The child id under its supervisor.'),
		pid: z.string().nullable(),
		name: z.string().optional(),
		module: z.string().optional(),
		type: z.enum(['worker', 'supervisor']),
		restart: z.string().optional(),
		strategy: z.string().optional().describe('For supervisors.'),
		dynamic: z.boolean().optional().describe('For supervisors: true for a DynamicSupervisor.'),
		children: z.array(Tree).optional().describe('For supervisors within maxDepth.'),
		omitted: Omitted.optional().describe(
			'With maxChildren, for a supervisor with more children: the rest, counted by module.'
		)
	})
);

export default defineOperation({
	name: 'get_supervision_tree',
	category: 'supervisors',
	summary: 'A supervision subtree',
	description:
		'The supervisor and everything below it, nested: each child with its id, pid, restart ' +
		'type and module, and for child supervisors their strategy and children, down to maxDepth. ' +
		'With maxChildren, a supervisor lists its first children only and counts the others by ' +
		'module, so that a pool of thousands reads in one small answer.',
	method: 'GET',
	path: '/supervisors/:pid/tree',
	params: z.strictObject({
		pid: pid('A supervisor: a pid or a registered name.'),
		maxDepth: int(z.number().int().min(1).max(32)).prefault(16).describe('Levels below the root.'),
		maxChildren: int(z.number().int().min(1).max(100_000))
			.optional()
			.describe('Children listed per supervisor; the rest are counted in omitted.')
	}),
	result: Tree,
	errors: ['not_supervisor'],
	async run({ pid, maxDepth, maxChildren }, ctx) {
		const { pid: sup, entry } = requireSupervisor(ctx, pid);
		return { data: await subtree(ctx, entry, sup, { depth: maxDepth, maxChildren }) };
	},
	examples: [
		{ summary: 'The demo application', params: { pid: 'Demo.Supervisor' } },
		{
			summary: 'SuperLearner itself, one level',
			params: { pid: 'SuperLearner.Supervisor', maxDepth: 1 }
		},
		{ summary: 'A pool, its first 10 children', params: { pid: 'Demo.Jobs', maxChildren: 10 } }
	]
});

async function subtree(
	ctx: ArsenalContext,
	entry: ArsenalNode,
	sup: Pid,
	limits: { depth: number; maxChildren: number | undefined }
): Promise<TreeNode> {
	const { depth, maxChildren } = limits;
	const { summary, info } = await describeSupervisor(ctx, entry, sup);
	const listed = maxChildren === undefined ? info.children : info.children.slice(0, maxChildren);
	const children = await Promise.all(
		listed.map(async (c): Promise<TreeNode> => {
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
					const below = await subtree(ctx, entry, child, { depth: depth - 1, maxChildren });
					return {
						...node,
						strategy: below.strategy,
						dynamic: below.dynamic,
						children: below.children,
						...(below.omitted && { omitted: below.omitted })
					};
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
		dynamic: summary.dynamic,
		children,
		...(listed.length < info.children.length && {
			omitted: omittedSummary(info.children.slice(listed.length))
		})
	};
}

function omittedSummary(children: SupervisorInfo['children']): OmittedChildren {
	const modules = new Map<string, number>();
	let notRunning = 0;
	for (const c of children) {
		if (typeof c.pid !== 'object') notRunning++;
		const module = c.modules[0] ?? c.type;
		modules.set(module, (modules.get(module) ?? 0) + 1);
	}
	return {
		count: children.length,
		notRunning,
		modules: [...modules]
			.sort((a, b) => b[1] - a[1])
			.slice(0, OMITTED_MODULES)
			.map(([module, count]) => ({ module, count }))
	};
}
