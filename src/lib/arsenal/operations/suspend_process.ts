import { z } from 'zod';
import { GenServer } from '$lib/runtime';
import { guardSystem, requireServer } from '../context';
import { defineOperation } from '../operation';
import { force, pid } from '../params';

export default defineOperation({
	name: 'suspend_process',
	category: 'processes',
	summary: 'Suspend a server (:sys.suspend)',
	description:
		':sys.suspend: the server handles nothing but system messages until resumed. Calls, casts ' +
		'and messages wait in its mailbox (a call to it times out meanwhile, as in OTP), and its ' +
		'status and state can still be read. Answers once it is suspended: a server busy in a ' +
		'callback finishes it first. Suspending a suspended server changes nothing. A process of ' +
		"no server behaviour answers 422 not_genserver; SuperLearner's own processes answer 403 " +
		'unless force is true.',
	method: 'POST',
	path: '/processes/:pid/suspend',
	params: z.strictObject({ pid: pid(), force: force() }),
	result: z.object({
		pid: z.string(),
		node: z.string(),
		status: z.literal('suspended')
	}),
	errors: ['unauthorized', 'not_genserver'],
	authorize: ({ pid, force }, ctx) => guardSystem(ctx, pid, force, 'suspend'),
	async run({ pid }, ctx) {
		const { pid: target, entry } = requireServer(ctx, pid, 'it answers no system messages.');
		await GenServer.suspend(entry.node, target);
		return { data: { pid: String(target), node: entry.node.name, status: 'suspended' as const } };
	},
	examples: [{ summary: 'Suspend Demo.Counter', params: { pid: 'Demo.Counter' } }]
});
