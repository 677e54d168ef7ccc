/**
 * Reading the supervision forest through Arsenal: `list_supervisors` finds the root supervisors
 * (those no other supervisor lists as a child) and every supervisor's flags, and
 * `get_supervision_tree` reads each root's tree. The flags say which supervisors are
 * DynamicSupervisors, whose big pools the view folds into one group node.
 */
import type { ArsenalClient, SupervisorListItem } from '$lib/observer/arsenal_client';
import type { TreeSnapshot } from './supervision_model';

/** Reads the forest: the root supervisors' trees, with each supervisor's flags merged in. */
export async function readForest(arsenal: ArsenalClient): Promise<TreeSnapshot[]> {
	const { data: supervisors } = await arsenal.listSupervisors({ includeChildren: true });
	const byPid = new Map(supervisors.map((s) => [s.pid, s]));
	const children = new Set(supervisors.flatMap((s) => s.childList?.map((c) => c.pid) ?? []));
	// The learner's trees first, SuperLearner's own last.
	const roots = supervisors
		.filter((s) => !children.has(s.pid))
		.sort((a, b) => Number(a.system) - Number(b.system));
	const trees = await Promise.all(
		roots.map((r) =>
			arsenal.tree(r.pid).then(
				({ data }) => data,
				() => null
			)
		)
	);
	return trees.filter((t) => t !== null).map((t) => withFlags(t, byPid));
}

/**
 * Reads the tree under `root`, a supervisor of node `node`, with each supervisor's flags; with
 * `maxChildren`, a supervisor's children past that many are counted, not listed.
 */
export async function readTree(
	arsenal: ArsenalClient,
	root: string,
	node: string,
	opts: { maxChildren?: number } = {}
): Promise<TreeSnapshot> {
	const [{ data: supervisors }, { data: tree }] = await Promise.all([
		arsenal.listSupervisors({ node }),
		arsenal.tree(root, opts)
	]);
	return withFlags(tree, new Map(supervisors.map((s) => [s.pid, s])));
}

function withFlags(node: TreeSnapshot, flags: Map<string, SupervisorListItem>): TreeSnapshot {
	const sup = node.pid === null ? undefined : flags.get(node.pid);
	return {
		...node,
		...(sup && {
			dynamic: sup.dynamic,
			intensity: sup.intensity,
			period: sup.period,
			system: sup.system,
			strategy: sup.strategy
		}),
		...(node.children && { children: node.children.map((c) => withFlags(c, flags)) })
	};
}
