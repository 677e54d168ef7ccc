/**
 * `rex`, the rpc server every distributed node runs (as Erlang's does): `rpc.call` sends it a
 * module, a function name and arguments; it runs the function in a process of its own, so a
 * slow one holds up no other call, and answers the value or `{ badrpc: reason }`.
 *
 * A function is called with its arguments and, after them, the context of the process running
 * it: `(a, b, ctx) => GenServer.call(ctx, 'counter', 'value')` may call servers of its node.
 */
import {
	TIMEOUT,
	type Dest,
	type DownMessage,
	type Pid,
	type ProcessContext,
	type Ref
} from '$lib/runtime';
import type { Distribution } from './distribution';

/** A node's modules by name: what `rpc.call` may run there besides `'erlang'`. */
export type RpcModules = (module: string) => Record<string, unknown> | undefined;

export const REX = 'rex';

interface RpcCall {
	kind: '$rpc_call';
	from: Pid;
	tag: Ref;
	module: string;
	fn: string;
	args: unknown[];
}

interface RpcReply {
	kind: '$rpc_reply';
	tag: Ref;
	value?: unknown;
	badrpc?: unknown;
}

/** What a failed rpc.call resolves to, as Erlang's `{badrpc, Reason}`. */
export interface BadRpc {
	badrpc: unknown;
}

/** Starts `rex` on the distribution's node. */
export function startRex(dist: Distribution, modules: RpcModules | undefined): void {
	const builtins = erlangModule(dist);
	const find = (name: string) => (name === 'erlang' ? builtins : modules?.(name));
	dist.node.spawn(
		async (ctx) => {
			for (;;) {
				const m = await ctx.receive<unknown>();
				if ((m as RpcCall | null)?.kind !== '$rpc_call') continue;
				const call = m as RpcCall;
				ctx.spawn((worker) => answer(worker, call, find(call.module)), {
					label: `rpc ${call.module}.${call.fn}`
				});
			}
		},
		{ name: REX, label: 'rex' }
	);
}

async function answer(
	ctx: ProcessContext,
	call: RpcCall,
	module: Record<string, unknown> | undefined
) {
	const fn = module?.[call.fn];
	let reply: RpcReply;
	if (typeof fn !== 'function') {
		reply = {
			kind: '$rpc_reply',
			tag: call.tag,
			badrpc: ['EXIT', ['undef', call.module, call.fn]]
		};
	} else {
		try {
			const value: unknown = await (fn as (...args: unknown[]) => unknown).apply(module, [
				...call.args,
				ctx
			]);
			reply = { kind: '$rpc_reply', tag: call.tag, value };
		} catch (error) {
			reply = { kind: '$rpc_reply', tag: call.tag, badrpc: ['EXIT', reasonOf(error)] };
		}
	}
	try {
		ctx.send(call.from, reply);
	} catch (error) {
		// A value that cannot cross (a function): the caller hears why rather than nothing.
		ctx.send(call.from, { kind: '$rpc_reply', tag: call.tag, badrpc: ['EXIT', reasonOf(error)] });
	}
}

function reasonOf(error: unknown): unknown {
	return error instanceof Error ? `${error.name}: ${error.message}` : error;
}

/** The built-in module every node answers for. */
function erlangModule(dist: Distribution): Record<string, unknown> {
	const node = dist.node;
	return {
		node: () => dist.name,
		nodes: () => dist.nodes(),
		processCount: () => node.processes().length,
		processes: () => node.processes(),
		whereis: (name: string) => node.whereis(name) ?? 'undefined'
	};
}

/**
 * `rpc:call(Node, Module, Function, Args, Timeout)`: the function's value, or `{ badrpc }` —
 * `'nodedown'` when the node cannot be reached or goes away, `'timeout'`, or `['EXIT', why]`.
 */
export async function rpcCall(
	ctx: ProcessContext,
	node: string,
	module: string,
	fn: string,
	args: unknown[] = [],
	timeoutMs = 5000
): Promise<unknown> {
	const rex: Dest = { name: REX, node };
	const tag = ctx.monitor(rex);
	ctx.send(rex, { kind: '$rpc_call', from: ctx.self, tag, module, fn, args } satisfies RpcCall);
	const answer = await ctx.receive<RpcReply | DownMessage>({
		match: (m) => {
			const r = m as RpcReply | DownMessage | null;
			return (
				(r?.kind === '$rpc_reply' || r?.kind === 'DOWN') &&
				((r as RpcReply).tag ?? (r as DownMessage).ref) === tag
			);
		},
		timeout: timeoutMs
	});
	ctx.demonitor(tag, { flush: true });
	if (answer === TIMEOUT) return { badrpc: 'timeout' } satisfies BadRpc;
	if (answer.kind === 'DOWN') {
		return {
			badrpc:
				answer.reason === 'noconnection' || answer.reason === 'noproc' ? 'nodedown' : answer.reason
		};
	}
	return 'badrpc' in answer ? { badrpc: answer.badrpc } : answer.value;
}
