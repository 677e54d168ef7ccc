import { z } from 'zod';
import { guardSystem, requirePid, requireServer } from '../context';
import { defineOperation } from '../operation';
import { force, int, json, pid } from '../params';

export default defineOperation({
	name: 'send_message',
	category: 'processes',
	summary: 'Send, cast or call',
	description:
		'Delivers message (any JSON: strings stand for atoms, arrays for tuples) to a process. ' +
		"'send' is a plain message (handle_info in a GenServer); 'cast' and 'call' go to a GenServer's " +
		'handle_cast and handle_call, and a call answers with the reply, or 504 when none comes within ' +
		"timeoutMs. SuperLearner's own processes answer 403 unless force is true.",
	method: 'POST',
	path: '/processes/:pid/message',
	params: z.strictObject({
		pid: pid(),
		message: json.describe('The message, as JSON.'),
		type: z.enum(['send', 'cast', 'call']).default('send').describe('How to deliver it.'),
		timeoutMs: int(z.number().int().min(1).max(25_000))
			.prefault(5000)
			.describe("For 'call': how long to wait for the reply, in ms."),
		force: force()
	}),
	result: z.object({
		pid: z.string(),
		type: z.enum(['send', 'cast', 'call']),
		delivered: z.boolean().describe('Always true: the process was alive when it was sent.'),
		reply: z.json().optional().describe("For 'call': the reply.")
	}),
	errors: ['unauthorized', 'not_genserver'],
	authorize: ({ pid, force }, ctx) => guardSystem(ctx, pid, force, 'message'),
	async run({ pid, message, type, timeoutMs }, ctx) {
		const { pid: target, entry } =
			type === 'send'
				? requirePid(ctx, pid)
				: requireServer(ctx, pid, `it does not handle ${type}s. Use type 'send'.`);
		const data = { pid: String(target), type, delivered: true };
		if (type === 'send') {
			entry.node.send(target, message);
			return { data };
		}
		if (type === 'cast') {
			entry.node.cast(target, message);
			return { data };
		}
		const reply = await entry.node.call(target, message, timeoutMs);
		return { data: { ...data, reply } };
	},
	examples: [
		{
			summary: 'Ask Demo.Counter for its count',
			params: { pid: 'Demo.Counter', type: 'call', message: 'get' }
		},
		{
			summary: 'Add 5 to Demo.Counter',
			params: { pid: 'Demo.Counter', type: 'call', message: ['add', 5] }
		},
		{
			summary: 'Turn the crashes of Demo.Flaky off',
			params: { pid: 'Demo.Flaky', type: 'call', message: ['set_crashes', false] }
		},
		{ summary: 'A plain message', params: { pid: 'Demo.Consumer', message: 'hello' } }
	]
});
