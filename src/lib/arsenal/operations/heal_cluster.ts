import { z } from 'zod';
import { defineOperation } from '../operation';
import { cluster } from '../cluster_schemas';

export default defineOperation({
	name: 'heal_cluster',
	category: 'cluster',
	summary: 'Heal every partition',
	description:
		'Lifts every partition and connects again the pairs they had cut: nodeup on both sides.',
	method: 'DELETE',
	path: '/cluster/partitions',
	params: z.strictObject({}),
	result: z.object({ healed: z.number().int(), partitions: z.tuple([]) }),
	run: async (_params, ctx) => ({ data: await cluster(ctx).heal() }),
	examples: [{ summary: 'Heal', params: {} }]
});
