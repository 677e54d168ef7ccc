import { z } from 'zod';
import { defineOperation } from '../operation';
import { cluster, Topology } from '../cluster_schemas';

export default defineOperation({
	name: 'cluster_topology',
	category: 'cluster',
	summary: 'The cluster topology',
	description:
		'Every node of the simulated cluster (the system node first, marked system), each pair ' +
		"of nodes that has connected with its connection's status — up, cut (by a partition, or a " +
		'node gone) or one_way (a one-way partition: cut says which way) — and the partitions in force.',
	method: 'GET',
	path: '/cluster/topology',
	params: z.strictObject({}),
	result: Topology,
	run: async (_params, ctx) => ({ data: await cluster(ctx).topology() }),
	examples: [{ summary: 'The topology', params: {} }]
});
