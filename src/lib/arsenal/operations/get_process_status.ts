import { z } from 'zod';
import { GenServer } from '$lib/runtime';
import { requireServer } from '../context';
import { BEHAVIOURS } from '../inspect';
import { defineOperation } from '../operation';
import { pid } from '../params';

export default defineOperation({
	name: 'get_process_status',
	category: 'processes',
	summary: "A server's :sys.get_status",
	description:
		'What :sys.get_status tells of a GenServer (or a Supervisor, DynamicSupervisor, Agent or ' +
		'Registry: GenServers underneath): whether it is running or suspended, its parent and ' +
		"ancestors, its behaviour and callback module, OTP's header, and its state as the module's " +
		'formatStatus shapes it (a Supervisor shows its flags, children and restarts). A suspended ' +
		'server still answers. A process of no such behaviour cannot answer system messages (in OTP ' +
		'the request would wait in its mailbox until the 5 s timeout): 422 not_genserver.',
	method: 'GET',
	path: '/processes/:pid/status',
	params: z.strictObject({ pid: pid() }),
	result: z.object({
		pid: z.string(),
		node: z.string(),
		name: z.string().optional().describe('The registered name.'),
		behaviour: z
			.enum(BEHAVIOURS)
			.describe('The behaviour on top of the gen_server engine ({module, gen_server} in OTP).'),
		module: z.string().optional().describe('The callback module.'),
		status: z
			.enum(['running', 'suspended'])
			.describe('suspended: it handles only system messages until resumed.'),
		parent: z
			.string()
			.optional()
			.describe('The process that started it; <N.0.0>, the node, for one started from outside.'),
		ancestors: z.array(z.string()).describe("'$ancestors': the parent first, up to the node."),
		header: z.string().describe("OTP's header: 'Status for generic server <name or pid>'."),
		state: z.json().describe('The state as formatStatus shapes it, serialized.')
	}),
	errors: ['not_genserver'],
	async run({ pid }, ctx) {
		const { pid: target, entry } = requireServer(ctx, pid, 'it answers no system messages.');
		const status = await GenServer.getStatus(entry.node, target);
		return { data: { ...status, node: entry.node.name } };
	},
	examples: [
		{ summary: 'The status of Demo.Counter', params: { pid: 'Demo.Counter' } },
		{ summary: "A supervisor's status: its flags and children", params: { pid: 'Demo.Pipeline' } }
	]
});
