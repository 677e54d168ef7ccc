import { z } from 'zod';
import { GenServer } from '$lib/runtime';
import { guardSystem, requireServer } from '../context';
import { defineOperation } from '../operation';
import { force, pid } from '../params';

export default defineOperation({
	name: 'resume_process',
	category: 'processes',
	summary: 'Resume a suspended server (:sys.resume)',
	description:
		':sys.resume: a suspended server handles the calls, casts and messages that waited in its ' +
		'mailbox, in order, and runs on. Resuming a running server changes nothing. A process of no ' +
		"server behaviour answers 422 not_genserver; SuperLearner's own processes answer 403 unless " +
		'force is true.',
	method: 'POST',
	path: '/processes/:pid/resume',
	params: z.strictObject({ pid: pid(), force: force() }),
	result: z.object({
		pid: z.string(),
		node: z.string(),
		status: z.literal('running')
	}),
	errors: ['unauthorized', 'not_genserver'],
	authorize: ({ pid, force }, ctx) => guardSystem(ctx, pid, force, 'resume'),
	async run({ pid }, ctx) {
		const { pid: target, entry } = requireServer(ctx, pid, 'it answers no system messages.');
		await GenServer.resume(entry.node, target);
		return { data: { pid: String(target), node: entry.node.name, status: 'running' as const } };
	},
	examples: [{ summary: 'Resume Demo.Counter', params: { pid: 'Demo.Counter' } }]
});
