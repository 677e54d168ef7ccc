import { z } from 'zod';
import { defineOperation } from '../operation';
import { cluster, clusterNodes, nodeName } from '../cluster_schemas';

export default defineOperation({
	name: 'cluster_supervision_trees',
	category: 'cluster',
	summary: "The cluster's supervision trees",
	description:
		"Each running simulated node's tree from its root supervisor, as get_supervision_tree " +
		'answers it; root and tree are null for a node whose root is not running.',
	method: 'GET',
	path: '/cluster/supervision-trees',
	// `node` names a cluster node, but the cluster is the system node's: never forwarded there.
	local: true,
	params: z.strictObject({ node: nodeName().optional().describe("Only this node's.") }),
	result: z.object({
		trees: z.array(
			z.object({
				node: z.string(),
				root: z.string().nullable(),
				tree: z.json().describe('As get_supervision_tree answers; null without a root.')
			})
		)
	}),
	errors: ['not_found'],
	async run({ node }, ctx) {
		const entries = await clusterNodes(ctx, node);
		const trees = await Promise.all(
			entries.map(async (entry) => {
				const { root } = await cluster(ctx).node(entry.node.name);
				// A root that exits meanwhile has no tree.
				const tree =
					root && entry.remote
						? await entry.remote.execute('get_supervision_tree', { pid: root }).then(
								(answer) => answer.data,
								() => null
							)
						: null;
				return { node: entry.node.name, root: tree ? root! : null, tree };
			})
		);
		return { data: { trees } };
	},
	examples: [{ summary: 'Every node', params: {} }]
});
