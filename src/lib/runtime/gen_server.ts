/**
 * GenServer: a process that keeps state and answers calls, casts and plain messages through
 * the callbacks of a module, as OTP's gen_server.
 *
 * ```ts
 * const Counter: GenServerModule<number> = {
 *   name: 'Counter',
 *   init: (start: number) => ['ok', start],
 *   handleCall: (req, _from, n) => (req === 'get' ? ['reply', n, n] : ['reply', 'ok', n + 1]),
 *   handleCast: (_msg, n) => ['noreply', n + 1]
 * };
 * const [, pid] = (await GenServer.start(node, Counter, 0)) as ['ok', Pid];
 * await GenServer.call(node, pid, 'get'); // 0
 * ```
 */
import { destText } from './remote';
import { CallExit } from './errors';
import { CallRequest, isDown, reply as sendReply, type From } from './internal/call';
import { nodeOf, startProcess, withProcess, type StartResult } from './internal/proc_lib';
import { runServer } from './internal/server_loop';
import { answersSys } from './internal/status';
import { SysRequest } from './internal/sys';
import type { Pid } from './pid';
import type { ChildSpec } from './supervision';
import {
	TIMEOUT,
	type Behaviour,
	type Caller,
	type Dest,
	type ExitReason,
	type Name,
	type ProcessContext
} from './types';

export type { From, StartResult };

/** `init/1`: the state, optionally a timeout; or stop, or ignore. */
export type InitResult<S> = ['ok', S] | ['ok', S, number] | ['stop', ExitReason] | 'ignore';
/** `handle_call/3`'s answers. */
export type CallResult<S> =
	| ['reply', unknown, S]
	| ['reply', unknown, S, number]
	| ['noreply', S]
	| ['noreply', S, number]
	| ['stop', ExitReason, unknown, S]
	| ['stop', ExitReason, S];
/** `handle_cast/2` and `handle_info/2`'s answers. */
export type NoReplyResult<S> = ['noreply', S] | ['noreply', S, number] | ['stop', ExitReason, S];

type MaybePromise<T> = T | Promise<T>;

/** A GenServer's callbacks. Only `init` is required. */
export interface GenServerModule<S = any, A = any> {
	/** Shown as ProcessInfo.module, and the default child id. */
	name?: string;
	init(args: A, ctx: ProcessContext): MaybePromise<InitResult<S>>;
	handleCall?(
		request: unknown,
		from: From,
		state: S,
		ctx: ProcessContext
	): MaybePromise<CallResult<S>>;
	handleCast?(message: unknown, state: S, ctx: ProcessContext): MaybePromise<NoReplyResult<S>>;
	/** Plain messages, trapped exits that are not from the parent, and 'timeout'. */
	handleInfo?(message: unknown, state: S, ctx: ProcessContext): MaybePromise<NoReplyResult<S>>;
	terminate?(reason: ExitReason, state: S, ctx: ProcessContext): void | Promise<void>;
	codeChange?(oldVsn: string | undefined, state: S, extra: unknown): ['ok', S];
	/**
	 * OTP's format_status/1: shapes the state that `getStatus` (and the process page) shows,
	 * to hide a secret or shorten a long list. Answers `{ state }`; if it throws, a sentence
	 * saying so is shown instead of the state.
	 */
	formatStatus?(status: { state: S }): { state: unknown };
}

/**
 * What `GenServer.getStatus` answers: OTP's `sys:get_status/1`, `{status, Pid, {module,
 * gen_server}, [PDict, SysState, Parent, Debug, Misc]}`, as named fields. No sys debug log is
 * kept here, so OTP's "Logged events" has no counterpart.
 */
export interface ServerStatus {
	pid: Pid;
	name?: Name;
	/**
	 * The behaviour on top of the gen_server engine (OTP's `{module, gen_server}`: a
	 * Supervisor, DynamicSupervisor, Agent or Registry is a gen_server underneath).
	 */
	behaviour: Behaviour;
	/** The callback module's name (the module of `'$initial_call'`). */
	module?: string;
	/** SysState: a suspended server handles only system requests until it is resumed. */
	status: 'running' | 'suspended';
	/** The process that started it; the node's root `<N.0.0>` for one started from outside. */
	parent?: Pid;
	/** `'$ancestors'`: the parent, its parent and so on, up to the node's root. */
	ancestors: Pid[];
	/** `{header, …}`: `'Status for generic server Demo.Counter'` (the name, else the pid). */
	header: string;
	/** `{data, [{"State", …}]}`: the state, shaped by the module's `formatStatus` if it has one. */
	state: unknown;
}

export interface GenServerStartOptions {
	name?: Name;
	/** ms for init; 'infinity' by default, as in OTP. */
	timeout?: number;
}

function start(
	caller: Caller,
	mod: GenServerModule,
	args: unknown,
	opts: GenServerStartOptions | undefined,
	link: boolean
): Promise<StartResult> {
	return startProcess(
		caller,
		{ link, name: opts?.name, timeout: opts?.timeout, behaviour: 'gen_server', module: mod.name },
		(ctx, ack) => runServer(ctx, { mod }, args, ack)
	);
}

/**
 * A system request from `:sys`-like helpers; the answer, or CallExit from the call. A process
 * that runs no server (a plain process, a Task) would never answer: in OTP the call times out
 * after 5 s; here it rejects at once with reason `'not_a_server'`.
 */
async function sys<T>(caller: Caller, server: Dest, req: SysRequest): Promise<T> {
	const target = nodeOf(caller).resolve(server);
	if (target && !answersSys(target)) throw new CallExit('not_a_server', destText(server));
	const answer = await caller.call<{ ok: T } | { error: unknown }>(server, req, 'infinity');
	if ('error' in answer) throw answer.error;
	return answer.ok;
}

export const GenServer = {
	/** Starts a server without a link. `init` has run when this resolves. */
	start(
		caller: Caller,
		mod: GenServerModule,
		args?: unknown,
		opts?: GenServerStartOptions
	): Promise<StartResult> {
		return start(caller, mod, args, opts, false);
	},
	/** Starts a server linked to the calling process. */
	startLink(
		caller: Caller & { self: Pid },
		mod: GenServerModule,
		args?: unknown,
		opts?: GenServerStartOptions
	): Promise<StartResult> {
		return start(caller, mod, args, opts, true);
	},
	call<R = unknown>(
		caller: Caller,
		server: Dest,
		request: unknown,
		timeout?: number | 'infinity'
	): Promise<R> {
		return caller.call<R>(server, request, timeout);
	},
	cast(caller: Caller, server: Dest, message: unknown): void {
		caller.cast(server, message);
	},
	/** A child spec that starts `mod` linked to its supervisor. id defaults to mod.name. */
	childSpec(mod: GenServerModule, args?: unknown, overrides?: Partial<ChildSpec>): ChildSpec {
		return {
			id: mod.name as string,
			start: (sup) => GenServer.startLink(sup, mod, args),
			restart: 'permanent',
			shutdown: 5000,
			type: 'worker',
			modules: mod.name ? [mod.name] : [],
			...overrides
		};
	},
	/** Replies to a call later (after a `noreply`). */
	reply(from: From, reply: unknown): void {
		const node = from.tag._target?.node ?? from.pid._proc?.node;
		if (node) sendReply(node, from, reply);
	},
	/** Stops a server: it runs terminate(reason) and exits; rejects if it exits otherwise. */
	async stop(
		caller: Caller,
		server: Dest,
		reason: ExitReason = 'normal',
		timeout: number | 'infinity' = 'infinity'
	): Promise<void> {
		const node = nodeOf(caller);
		if (!node.resolve(server)) throw new CallExit('noproc', destText(server));
		await withProcess(caller, 'stop', async (ctx) => {
			const mon = ctx.monitor(server);
			ctx.send(
				server,
				new CallRequest({ pid: ctx.self, tag: node.makeRef() }, SysRequest.terminate(reason))
			);
			const down = await ctx.receive<{ reason: ExitReason }>({
				match: (m) => isDown(m) && m.ref === mon,
				timeout
			});
			if (down === TIMEOUT) {
				ctx.demonitor(mon, { flush: true });
				throw new CallExit('timeout', destText(server));
			}
			if (down.reason !== reason) throw new CallExit(down.reason, destText(server));
		});
	},
	/** `:sys.get_state`. */
	getState<S = unknown>(caller: Caller, server: Dest): Promise<S> {
		return sys<S>(caller, server, SysRequest.getState());
	},
	/**
	 * `:sys.get_status`: the server's pid, name, behaviour and module, whether it is running or
	 * suspended, its parent and ancestors, and its state as `formatStatus` shapes it.
	 */
	getStatus(caller: Caller, server: Dest): Promise<ServerStatus> {
		return sys<ServerStatus>(caller, server, SysRequest.getStatus());
	},
	/** `:sys.replace_state`: resolves with the new state. */
	replaceState<S>(caller: Caller, server: Dest, fn: (s: S) => S): Promise<S> {
		return sys<S>(caller, server, SysRequest.replaceState(fn as (s: unknown) => unknown));
	},
	/** `:sys.suspend`: the server handles only system messages until resumed. */
	async suspend(caller: Caller, server: Dest): Promise<void> {
		await sys(caller, server, SysRequest.suspend());
	},
	async resume(caller: Caller, server: Dest): Promise<void> {
		await sys(caller, server, SysRequest.resume());
	}
};
