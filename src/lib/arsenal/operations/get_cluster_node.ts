import { z } from 'zod';
import { defineOperation } from '../operation';
import { cluster, ClusterNodeDetail, nodeName } from '../cluster_schemas';

export default defineOperation({
	name: 'get_cluster_node',
	category: 'cluster',
	summary: 'A cluster node',
	description:
		'A simulated node: its status, program, processes and supervisors, its root supervisor, ' +
		'and the settings of its connections to the others.',
	method: 'GET',
	path: '/cluster/nodes/:node',
	// `node` names a cluster node, but the cluster is the system node's: never forwarded there.
	local: true,
	params: z.strictObject({ node: nodeName() }),
	result: ClusterNodeDetail,
	errors: ['not_found'],
	run: async ({ node }, ctx) => ({ data: await cluster(ctx).node(node) }),
	examples: [{ summary: 'Node a', params: { node: 'a' } }]
});
