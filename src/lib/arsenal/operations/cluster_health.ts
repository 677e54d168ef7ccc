import { z } from 'zod';
import { defineOperation } from '../operation';
import { cluster, ClusterHealth } from '../cluster_schemas';

export default defineOperation({
	name: 'cluster_health',
	category: 'cluster',
	summary: 'The cluster health',
	description:
		"partitioned while a partition is in force, degraded while a node is down, ok otherwise; each node's status, processes, " +
		'time since its last heartbeat, and the nodes it says it is connected to.',
	method: 'GET',
	path: '/cluster/health',
	params: z.strictObject({}),
	result: ClusterHealth,
	run: async (_params, ctx) => ({ data: await cluster(ctx).health() }),
	examples: [{ summary: 'The health', params: {} }]
});
