/**
 * Agent: state behind a process, read and changed with functions, as Elixir's Agent.
 *
 * ```ts
 * const [, counter] = (await Agent.start(node, () => 0)) as ['ok', Pid];
 * await Agent.update(node, counter, (n) => n + 1);
 * await Agent.get(node, counter, (n) => n); // 1
 * ```
 */
import type { GenServerModule } from './gen_server';
import { runServer } from './internal/server_loop';
import { startProcess, type StartResult } from './internal/proc_lib';
import type { Caller, Dest, Name } from './types';

type Fn = (state: unknown) => unknown;

const server: GenServerModule<unknown, () => unknown> = {
	name: 'Agent',
	async init(init) {
		return ['ok', await init()];
	},
	handleCall(request, _from, state) {
		const [op, fn] = request as ['get' | 'update', Fn];
		return op === 'get' ? ['reply', fn(state), state] : ['reply', 'ok', fn(state)];
	}
};

export const Agent = {
	start(caller: Caller, init: () => unknown, opts?: { name?: Name }): Promise<StartResult> {
		return startProcess(
			caller,
			{ link: false, name: opts?.name, behaviour: 'agent', module: 'Agent' },
			(ctx, ack) => runServer(ctx, { mod: server }, init, ack)
		);
	},
	get(caller: Caller, agent: Dest, fn: (s: any) => unknown): Promise<unknown> {
		return caller.call(agent, ['get', fn]);
	},
	async update(caller: Caller, agent: Dest, fn: (s: any) => unknown): Promise<'ok'> {
		return caller.call(agent, ['update', fn]);
	}
};
