import { z } from 'zod';
import { analyzer, Bottlenecks, requireWatchedNode } from '../analyzer_schemas';
import { defineOperation } from '../operation';
import { int } from '../params';

export default defineOperation({
	name: 'list_bottlenecks',
	category: 'system',
	summary: 'The busiest processes, and who waits on whom',
	description:
		"The processes as the analyzer's last sample (once a second) saw them, ranked three ways: " +
		'by message queue (and how fast it grows), by reductions per second (the work they do) and ' +
		'by memory; and the processes blocked in a GenServer.call, with the server they wait on and ' +
		'for how long (the system node only: a sandbox sends no messages to the system worker).',
	method: 'GET',
	path: '/system/bottlenecks',
	params: z.strictObject({
		node: z.string().max(200).optional().describe('Only the processes of the node with this name.'),
		limit: int(z.number().int().min(1).max(100)).prefault(10).describe('How many of each ranking.')
	}),
	result: Bottlenecks,
	errors: ['not_found'],
	local: true,
	run({ node, limit }, ctx) {
		const service = analyzer(ctx);
		requireWatchedNode(service, node);
		return { data: service.bottlenecks(limit, node) };
	},
	examples: [
		{ summary: 'The top 10 of each', params: {} },
		{ summary: 'The top 3 of the system node', params: { node: 'system@superlearner', limit: 3 } }
	]
});
