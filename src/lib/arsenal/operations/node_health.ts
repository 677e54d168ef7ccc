import { z } from 'zod';
import { ArsenalError } from '../errors';
import { defineOperation } from '../operation';

export default defineOperation({
	name: 'node_health',
	category: 'system',
	summary: 'Is the system up?',
	description:
		'A liveness check: answers as soon as the runtime worker does, with the name of the node ' +
		'that answered and how long it has been up. While SuperLearner.Supervisor is down and the ' +
		'system restarts (or after it gave up restarting), it answers 503 unavailable with ' +
		'details.status degraded (or failed) and the reason: the node answers, but the app does not work.',
	method: 'GET',
	path: '/health',
	params: z.strictObject({}),
	result: z.object({
		status: z.literal('ok'),
		node: z.string(),
		uptimeMs: z.number().describe('Milliseconds since the node started.')
	}),
	errors: ['unavailable'],
	run(_params, ctx) {
		const health = ctx.health?.() ?? { status: 'ok' };
		if (health.status !== 'ok') {
			throw new ArsenalError('unavailable', `SuperLearner is ${health.status}: ${health.reason}`, {
				...health
			});
		}
		const { node } = ctx.nodes[0];
		return { data: { status: 'ok', node: node.name, uptimeMs: node.now() } };
	},
	examples: [{ summary: 'Ask', params: {} }]
});
