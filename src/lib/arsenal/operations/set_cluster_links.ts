import { z } from 'zod';
import { defineOperation } from '../operation';
import { cluster, LinkParams, LinkView } from '../cluster_schemas';

export default defineOperation({
	name: 'set_cluster_links',
	category: 'cluster',
	summary: 'Set latency and loss',
	description:
		'The latency (ms per message) and loss (the share of messages dropped; signals such as ' +
		'exits and DOWNs are never lost) of the connections from `from` and to `to`, or of every ' +
		'connection without either; kept for connections made later. Answers the connections changed.',
	method: 'PUT',
	path: '/cluster/links',
	params: LinkParams,
	result: z.object({ links: z.array(LinkView) }),
	errors: ['not_found'],
	run: async (params, ctx) => ({ data: await cluster(ctx).setLinks(params) }),
	examples: [
		{ summary: '100 ms everywhere', params: { latencyMs: 100 } },
		{ summary: 'a loses a tenth of what it sends', params: { from: 'a', loss: 0.1 } }
	]
});
