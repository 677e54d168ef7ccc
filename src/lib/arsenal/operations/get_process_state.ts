import { z } from 'zod';
import { GenServer } from '$lib/runtime';
import { requireServer } from '../context';
import { defineOperation } from '../operation';
import { pid } from '../params';

export default defineOperation({
	name: 'get_process_state',
	category: 'processes',
	summary: "A GenServer's state",
	description:
		'The state of a GenServer (or a Supervisor, DynamicSupervisor, Agent or Registry: they are ' +
		"GenServers too), as observer's State tab shows it: through :sys.get_status, so a module's " +
		'formatStatus shapes it (a Supervisor shows its strategy, intensity, period, children and ' +
		'restarts). Functions in it show as #Fun<name/arity>. A process of no such behaviour ' +
		'answers 422 not_genserver.',
	method: 'GET',
	path: '/processes/:pid/state',
	params: z.strictObject({ pid: pid() }),
	result: z.object({
		pid: z.string(),
		behaviour: z.string(),
		module: z.string().optional(),
		state: z.json().describe('The state, serialized.')
	}),
	errors: ['not_genserver'],
	async run({ pid }, ctx) {
		const { pid: target, entry } = requireServer(ctx, pid, 'it keeps no GenServer state.');
		const { behaviour, module, state } = await GenServer.getStatus(entry.node, target);
		return {
			data: { pid: String(target), behaviour, ...(module !== undefined && { module }), state }
		};
	},
	examples: [
		{ summary: 'The state of Demo.Counter', params: { pid: 'Demo.Counter' } },
		{ summary: 'The state of a supervisor', params: { pid: 'Demo.Pipeline' } }
	]
});
