import { z } from 'zod';
import { defineOperation } from '../operation';

export default defineOperation({
	name: 'node_health',
	category: 'system',
	summary: 'Is the runtime answering?',
	description:
		'A liveness check: answers as soon as the runtime worker does, with the name of the node ' +
		'that answered and how long it has been up.',
	method: 'GET',
	path: '/health',
	params: z.strictObject({}),
	result: z.object({
		status: z.literal('ok'),
		node: z.string(),
		uptimeMs: z.number().describe('Milliseconds since the node started.')
	}),
	run(_params, ctx) {
		const { node } = ctx.nodes[0];
		return { data: { status: 'ok', node: node.name, uptimeMs: node.now() } };
	},
	examples: [{ summary: 'Ask', params: {} }]
});
