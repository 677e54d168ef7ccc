import { z } from 'zod';
import { defineOperation } from '../operation';
import { cluster, nodeName } from '../cluster_schemas';

export default defineOperation({
	name: 'stop_cluster_node',
	category: 'cluster',
	summary: 'Stop a cluster node',
	description:
		"Shuts the node's root supervisor down in order and ends its worker: the other nodes see " +
		'nodedown, and links and monitors to its processes fire with noconnection. The system node ' +
		'cannot be stopped (403).',
	method: 'DELETE',
	path: '/cluster/nodes/:node',
	// `node` names a cluster node, but the cluster is the system node's: never forwarded there.
	local: true,
	params: z.strictObject({ node: nodeName() }),
	result: z.object({ node: z.string(), stopped: z.literal(true) }),
	errors: ['not_found', 'unauthorized'],
	run: async ({ node }, ctx) => ({ data: await cluster(ctx).stop(node) }),
	examples: [{ summary: 'Stop a@sim', params: { node: 'a' } }]
});
