/**
 * The engine under every behaviour (GenServer, Supervisor, DynamicSupervisor, Registry,
 * Agent): init, acknowledge the start, then handle one message at a time with the module's
 * callbacks until a stop, then terminate.
 *
 * It is written as callbacks on promises rather than as an async loop: an idle server then
 * holds only its pending receive, not a suspended async frame with everything that frame
 * references. That is most of the difference between ~1.4 KB and < 1 KB per idle server.
 */
import type { From, GenServerModule } from '../gen_server';
import { DETACHED, type Process } from '../process';
import { TIMEOUT, type ExitMessage, type ExitReason } from '../types';
import { CallRequest, CastRequest, reply as sendReply } from './call';
import { thrownReason, type StartResult } from './proc_lib';
import { setRunning } from './running';
import { SysRequest, type SysReply } from './sys';

/** The callback module a server runs, in a box so that a code change can swap it. */
export interface ModuleBox {
	mod: GenServerModule;
	vsn?: string;
}

/**
 * A server stops: why, the state terminate gets, the message it was handling (for its crash
 * report), and a reply to send once terminate has run.
 */
class Stop {
	constructor(
		readonly reason: ExitReason,
		readonly state: unknown,
		readonly message: unknown,
		readonly replyTo?: From,
		readonly reply?: unknown
	) {}
}

/** What one message leads to: go on with a state and a receive timeout, or stop. */
type Step = { state: unknown; timeout: number | 'infinity' } | Stop;

/**
 * Runs init and acknowledges the start with its outcome, then serves. The process exits
 * through the node when the server stops, so the body is DETACHED from its return value.
 */
export function runServer(
	ctx: Process,
	box: ModuleBox,
	args: unknown,
	ack: (result: StartResult) => void
): typeof DETACHED {
	let result: unknown;
	const before = setRunning(ctx.self);
	try {
		result = box.mod.init(args, ctx);
	} catch (thrown) {
		failInit(ctx, ack, thrownReason(thrown));
		return DETACHED;
	} finally {
		setRunning(before);
	}
	if (result instanceof Promise) {
		result.then(
			(r: unknown) => afterInit(ctx, box, r, ack),
			(thrown: unknown) => failInit(ctx, ack, thrownReason(thrown))
		);
	} else {
		afterInit(ctx, box, result, ack);
	}
	return DETACHED;
}

function afterInit(
	ctx: Process,
	box: ModuleBox,
	result: unknown,
	ack: (result: StartResult) => void
): void {
	if (!ctx.alive) return;
	if (result === 'ignore') {
		ack('ignore');
		ctx.node.exitProcess(ctx, 'normal');
	} else if (isTuple(result, 'stop', 2)) {
		failInit(ctx, ack, result[1]);
	} else if (isTuple(result, 'ok', 2) || isTuple(result, 'ok', 3)) {
		ack(['ok', ctx.self]);
		new ServerLoop(ctx, box, result[1], timeoutOf(result, 2)).wait();
	} else {
		failInit(ctx, ack, ['bad_return_value', result]);
	}
}

function failInit(ctx: Process, ack: (result: StartResult) => void, reason: ExitReason): void {
	ack(['error', reason]);
	// A crash report with neither a last message nor a state: init had neither.
	ctx.node.exitProcess(ctx, reason, { server: {} });
}

class ServerLoop {
	#suspended = false;
	readonly #onMessage = (msg: unknown) => this.#handle(msg);
	readonly #onStep = (step: Step) => this.#next(step);

	constructor(
		readonly ctx: Process,
		readonly box: ModuleBox,
		public state: unknown,
		public timeout: number | 'infinity'
	) {}

	/** Waits for the next message (only system messages while suspended). */
	wait(): void {
		this.ctx.userState = this.state;
		void this.ctx
			.receive(this.#suspended ? { match: isSysCall } : { timeout: this.timeout })
			.then(this.#onMessage);
	}

	#handle(msg: unknown): void {
		const ctx = this.ctx;
		// Killed in the instant between being woken and resuming: run no callback.
		if (!ctx.alive) return;
		if (isSysCall(msg)) {
			const before = setRunning(ctx.self);
			let sys: SysReply;
			try {
				sys = msg.request.apply(this.state, this.box, this.#suspended, ctx);
			} finally {
				setRunning(before);
			}
			if (sys.stop !== undefined) return this.#stop(new Stop(sys.stop, this.state, msg));
			this.state = sys.state;
			this.#suspended = sys.suspended;
			sendReply(ctx.node, msg.from, sys.reply);
			return this.wait();
		}
		const fault = ctx.faults?.throwNext;
		if (fault) {
			ctx.faults!.throwNext = undefined;
			return this.#stop(new Stop(fault.reason, this.state, msg));
		}
		const step = handle(ctx, this.box.mod, msg, this.state);
		if (step instanceof Promise) void step.then(this.#onStep);
		else this.#next(step);
	}

	#next(step: Step): void {
		if (!this.ctx.alive) return;
		if (step instanceof Stop) return this.#stop(step);
		this.state = step.state;
		this.timeout = step.timeout;
		this.wait();
	}

	/** terminate, then the reply of a [stop, reason, reply, state] (sent even if terminate fails), then exit. */
	#stop(s: Stop): void {
		const { ctx } = this;
		const lastMessage = asReceived(s.message);
		const exit = (reason: ExitReason) => {
			if (s.replyTo) sendReply(ctx.node, s.replyTo, s.reply);
			ctx.node.exitProcess(ctx, reason, { server: { lastMessage, state: s.state } });
		};
		const { mod } = this.box;
		if (!mod.terminate) return exit(s.reason);
		let done: unknown;
		const before = setRunning(ctx.self);
		try {
			done = mod.terminate(s.reason, s.state, ctx);
		} catch (thrown) {
			return exit(thrownReason(thrown));
		} finally {
			setRunning(before);
		}
		if (done instanceof Promise) {
			done.then(
				() => exit(s.reason),
				(thrown: unknown) => exit(thrownReason(thrown))
			);
		} else {
			exit(s.reason);
		}
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
	const before = setRunning(ctx.self);
	try {
		if (msg instanceof CallRequest) {
			if (!mod.handleCall) return new Stop(['bad_call', msg.request], state, msg);
			from = msg.from;
			answer = mod.handleCall(msg.request, from, state, ctx);
		} else if (msg instanceof CastRequest) {
			// As OTP: a missing handle_cast is an undefined function, and the server crashes.
			if (!mod.handleCast) return new Stop(['bad_cast', msg.message], state, msg);
			answer = mod.handleCast(msg.message, state, ctx);
		} else if (isParentExit(ctx, msg)) {
			return new Stop(msg.reason, state, msg);
		} else if (mod.handleInfo) {
			answer = mod.handleInfo(msg === TIMEOUT ? 'timeout' : msg, state, ctx);
		} else {
			// As OTP: a message nobody handles is dropped.
			return { state, timeout: 'infinity' };
		}
	} catch (thrown) {
		return new Stop(thrownReason(thrown), state, msg);
	} finally {
		setRunning(before);
	}
	if (answer instanceof Promise) {
		return answer.then(
			(a: unknown) => toStep(ctx, a, state, msg, from),
			(thrown: unknown) => new Stop(thrownReason(thrown), state, msg)
		);
	}
	return toStep(ctx, answer, state, msg, from);
}

/** What a callback's answer means; a call's reply is sent here. */
function toStep(
	ctx: Process,
	answer: unknown,
	state: unknown,
	msg: unknown,
	from: From | undefined
): Step {
	if (from && (isTuple(answer, 'reply', 3) || isTuple(answer, 'reply', 4))) {
		sendReply(ctx.node, from, answer[1]);
		return { state: answer[2], timeout: timeoutOf(answer, 3) };
	}
	if (from && isTuple(answer, 'stop', 4))
		return new Stop(answer[1], answer[3], msg, from, answer[2]);
	if (isTuple(answer, 'noreply', 2) || isTuple(answer, 'noreply', 3)) {
		return { state: answer[1], timeout: timeoutOf(answer, 2) };
	}
	if (isTuple(answer, 'stop', 3)) return new Stop(answer[1], answer[2], msg);
	return new Stop(['bad_return_value', answer], state, msg);
}

/** A message as OTP's crash report shows it: `['$gen_call', from, request]`, `['$gen_cast', msg]`. */
function asReceived(msg: unknown): unknown {
	if (msg instanceof CallRequest) return ['$gen_call', msg.from.pid, msg.request];
	if (msg instanceof CastRequest) return ['$gen_cast', msg.message];
	return msg === TIMEOUT ? 'timeout' : msg;
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

/** True when `value` is an array of `length` whose first element is `tag`: an Erlang tuple. */
export function isTuple(value: unknown, tag: string, length: number): value is unknown[] {
	return Array.isArray(value) && value.length === length && value[0] === tag;
}

function timeoutOf(result: unknown[], index: number): number | 'infinity' {
	const t = result[index];
	return typeof t === 'number' ? t : 'infinity';
}
