import { z } from 'zod';
import { defineOperation } from '../operation';
import { cluster, Partition, PartitionParams } from '../cluster_schemas';

export default defineOperation({
	name: 'partition_cluster',
	category: 'cluster',
	summary: 'Partition the cluster',
	description:
		'A netsplit. With sides, every node of a side loses its connections to the nodes of the ' +
		'other sides (nodedown on both; noconnection for links and monitors across), and they ' +
		'cannot connect again until heal_cluster. With from and to, one direction only: what ' +
		'from sends to is dropped, the other way still works. A node named twice, or unknown, ' +
		'is 422 naming the field (sides[1][0]).',
	method: 'POST',
	path: '/cluster/partitions',
	params: PartitionParams,
	result: z.object({ partitions: z.array(Partition) }),
	errors: ['validation_failed'],
	run: async (params, ctx) => ({ data: await cluster(ctx).partition(params) }),
	examples: [
		{ summary: 'a apart from b', params: { sides: [['a'], ['b']] } },
		{ summary: 'a no longer reaches b', params: { from: 'a', to: 'b' } }
	]
});
