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
import { CallExit } from './errors';
import { CallRequest, CastRequest, isDown, reply as sendReply, type From } from './internal/call';
import {
	nodeOf,
	startProcess,
	thrownReason,
	withProcess,
	type StartResult
} from './internal/proc_lib';
import { SysRequest, type SysReply } from './internal/sys';
import type { Pid } from './pid';
import type { Process } from './process';
import type { ChildSpec } from './supervision';
import {
	TIMEOUT,
	type Caller,
	type Dest,
	type ExitMessage,
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
}

export interface GenServerStartOptions {
	name?: Name;
	/** ms for init; 'infinity' by default, as in OTP. */
	timeout?: number;
}

/** A server stops: why, the state terminate gets, and a reply to send once it has run. */
class Stop {
	constructor(
		readonly reason: ExitReason,
		readonly state: unknown,
		readonly replyTo?: From,
		readonly reply?: unknown
	) {}
}

/** What one message leads to: go on with a state and a receive timeout, or stop. */
type Step = { state: unknown; timeout: number | 'infinity' } | Stop;

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

/** The callback module a server runs, in a box so that a code change can swap it. */
export interface ModuleBox {
	mod: GenServerModule;
	vsn?: string;
}

/** init, acknowledge, then the receive loop until a stop. */
export async function runServer(
	ctx: Process,
	box: ModuleBox,
	args: unknown,
	ack: (result: StartResult) => void
): Promise<void> {
	let result: unknown;
	try {
		result = await box.mod.init(args, ctx);
	} catch (thrown) {
		const reason = thrownReason(thrown);
		ack(['error', reason]);
		return ctx.exit(reason);
	}
	if (result === 'ignore') {
		ack('ignore');
		return;
	}
	if (isTuple(result, 'stop', 2)) {
		ack(['error', result[1]]);
		return ctx.exit(result[1]);
	}
	if (!isTuple(result, 'ok', 2) && !isTuple(result, 'ok', 3)) {
		ack(['error', ['bad_return_value', result]]);
		return ctx.exit(['bad_return_value', result]);
	}
	ack(['ok', ctx.self]);
	await loop(ctx, box, result[1], timeoutOf(result, 2));
}

async function loop(
	ctx: Process,
	box: ModuleBox,
	state: unknown,
	timeout: number | 'infinity'
): Promise<void> {
	let suspended = false;
	for (;;) {
		ctx.userState = state;
		const msg: unknown = await ctx.receive({
			timeout: suspended ? 'infinity' : timeout,
			match: suspended ? isSysCall : undefined
		});
		// Killed in the instant between being woken and resuming: run no callback.
		if (!ctx.alive) return;
		if (isSysCall(msg)) {
			const sys: SysReply = msg.request.apply(state, box, suspended);
			if (sys.stop !== undefined) return stop(ctx, box.mod, new Stop(sys.stop, state));
			state = sys.state;
			suspended = sys.suspended;
			sendReply(ctx.node, msg.from, sys.reply);
			continue;
		}
		let step = handle(ctx, box.mod, msg, state);
		if (step instanceof Promise) step = await step;
		if (step instanceof Stop) return stop(ctx, box.mod, step);
		state = step.state;
		timeout = step.timeout;
	}
}

/**
 * Runs the callback a message is for; a throw or a bad answer stops the server. Callbacks
 * that answer synchronously are handled without a trip through the microtask queue.
 */
function handle(
	ctx: Process,
	mod: GenServerModule,
	msg: unknown,
	state: unknown
): Step | Promise<Step> {
	let answer: unknown;
	let from: From | undefined;
	try {
		if (msg instanceof CallRequest) {
			if (!mod.handleCall) return new Stop(['bad_call', msg.request], state);
			from = msg.from;
			answer = mod.handleCall(msg.request, from, state, ctx);
		} else if (msg instanceof CastRequest) {
			// As OTP: a missing handle_cast is an undefined function, and the server crashes.
			if (!mod.handleCast) return new Stop(['bad_cast', msg.message], state);
			answer = mod.handleCast(msg.message, state, ctx);
		} else if (isParentExit(ctx, msg)) {
			return new Stop(msg.reason, state);
		} else if (mod.handleInfo) {
			answer = mod.handleInfo(msg === TIMEOUT ? 'timeout' : msg, state, ctx);
		} else {
			// As OTP: a message nobody handles is dropped.
			return { state, timeout: 'infinity' };
		}
	} catch (thrown) {
		return new Stop(thrownReason(thrown), state);
	}
	if (answer instanceof Promise) {
		return answer.then(
			(a: unknown) => toStep(ctx, a, state, from),
			(thrown: unknown) => new Stop(thrownReason(thrown), state)
		);
	}
	return toStep(ctx, answer, state, from);
}

/** What a callback's answer means; a call's reply is sent here. */
function toStep(ctx: Process, answer: unknown, state: unknown, from: From | undefined): Step {
	if (from && (isTuple(answer, 'reply', 3) || isTuple(answer, 'reply', 4))) {
		sendReply(ctx.node, from, answer[1]);
		return { state: answer[2], timeout: timeoutOf(answer, 3) };
	}
	if (from && isTuple(answer, 'stop', 4)) return new Stop(answer[1], answer[3], from, answer[2]);
	if (isTuple(answer, 'noreply', 2) || isTuple(answer, 'noreply', 3)) {
		return { state: answer[1], timeout: timeoutOf(answer, 2) };
	}
	if (isTuple(answer, 'stop', 3)) return new Stop(answer[1], answer[2]);
	return new Stop(['bad_return_value', answer], state);
}

/** terminate, then the reply of a [stop, reason, reply, state] (sent even if terminate fails), then exit. */
async function stop(ctx: Process, mod: GenServerModule, s: Stop): Promise<never> {
	try {
		await terminate(ctx, mod, s.reason, s.state);
	} finally {
		if (s.replyTo) sendReply(ctx.node, s.replyTo, s.reply);
	}
	return ctx.exit(s.reason);
}

/** Runs terminate; if it throws, that becomes the exit reason. */
async function terminate(
	ctx: Process,
	mod: GenServerModule,
	reason: ExitReason,
	state: unknown
): Promise<void> {
	if (!mod.terminate) return;
	try {
		await mod.terminate(reason, state, ctx);
	} catch (thrown) {
		ctx.exit(thrownReason(thrown));
	}
}

function isSysCall(m: unknown): m is CallRequest & { request: SysRequest } {
	return m instanceof CallRequest && m.request instanceof SysRequest;
}

function isParentExit(ctx: Process, msg: unknown): msg is ExitMessage {
	return (
		ctx.trapping &&
		typeof msg === 'object' &&
		msg !== null &&
		(msg as ExitMessage).kind === 'EXIT' &&
		(msg as ExitMessage).from === ctx.parent
	);
}

export function isTuple(value: unknown, tag: string, length: number): value is unknown[] {
	return Array.isArray(value) && value.length === length && value[0] === tag;
}

function timeoutOf(result: unknown[], index: number): number | 'infinity' {
	const t = result[index];
	return typeof t === 'number' ? t : 'infinity';
}

/** A system request from `:sys`-like helpers; the answer, or CallExit from the call. */
async function sys<T>(caller: Caller, server: Dest, req: SysRequest): Promise<T> {
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
		if (!node.resolve(server)) throw new CallExit('noproc', String(server));
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
				throw new CallExit('timeout', String(server));
			}
			if (down.reason !== reason) throw new CallExit(down.reason, String(server));
		});
	},
	/** `:sys.get_state`. */
	getState<S = unknown>(caller: Caller, server: Dest): Promise<S> {
		return sys<S>(caller, server, SysRequest.getState());
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
