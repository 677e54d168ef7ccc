import { z } from 'zod';
import { GenServer } from '$lib/runtime';
import { requirePid, STATEFUL } from '../context';
import { ArsenalError } from '../errors';
import { defineOperation } from '../operation';
import { pid } from '../params';

export default defineOperation({
	name: 'get_process_state',
	category: 'processes',
	summary: "A GenServer's state",
	description:
		'The state of a GenServer (or a Supervisor, DynamicSupervisor, Agent or Registry: they are ' +
		'GenServers too), read with :sys.get_state. Functions in it show as #Fun<name/arity>. ' +
		'A process of no such behaviour answers 422 not_genserver.',
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
		const { pid: target, entry, info } = requirePid(ctx, pid);
		if (!info.behaviour || !STATEFUL.has(info.behaviour)) {
			throw new ArsenalError(
				'not_genserver',
				`${pid} is ${info.behaviour ? `a ${info.behaviour}` : 'a plain process'}: it keeps no GenServer state.`,
				{ pid, behaviour: info.behaviour ?? 'none' }
			);
		}
		const state = await GenServer.getState(entry.node, target);
		return {
			data: {
				pid: String(target),
				behaviour: info.behaviour,
				...(info.module !== undefined && { module: info.module }),
				state
			}
		};
	},
	examples: [
		{ summary: 'The state of Demo.Counter', params: { pid: 'Demo.Counter' } },
		{ summary: 'The state of a supervisor', params: { pid: 'Demo.Pipeline' } }
	]
});
