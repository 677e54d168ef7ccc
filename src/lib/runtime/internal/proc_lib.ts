/**
 * Synchronous start, as OTP's proc_lib: the starter spawns the new process and waits for its
 * acknowledgement (`init` has run) or its death, so `start` resolves with the result of init.
 * Used by every behaviour: GenServer, Supervisor, DynamicSupervisor, Registry, Agent.
 */
import { BadargError } from '../errors';
import { NodeImpl } from '../node';
import type { Pid, Ref } from '../pid';
import { Process, ProcessExit } from '../process';
import { TIMEOUT, type Behaviour, type Caller, type DownMessage, type Name } from '../types';
import { isDown } from './call';
import { registerKey } from './registry_table';
import { parseVia } from './via';

export type StartResult = ['ok', Pid] | ['error', unknown] | 'ignore';

/** The acknowledgement a starting process sends its starter. */
class StartAck {
	constructor(
		readonly tag: Ref,
		readonly result: StartResult
	) {}
}

export interface StartOptions {
	link: boolean;
	name?: Name;
	/** ms for init to acknowledge; 'infinity' by default, as in OTP. */
	timeout?: number | 'infinity';
	label?: string;
	behaviour: Behaviour;
	module?: string;
}

/**
 * Starts a process whose `init` calls `ack(result)` once initialised, then runs on. A name that
 * is taken gives ['error', ['already_started', pid]]; an init slower than `timeout` gives
 * ['error', 'timeout'] and the process is killed; a death before the ack gives ['error', reason].
 */
export function startProcess(
	caller: Caller,
	opts: StartOptions,
	init: (ctx: Process, ack: (result: StartResult) => void) => unknown
): Promise<StartResult> {
	// Nothing of the starter may stay reachable from the started process once it has been
	// acknowledged: the body below is plain (no async frame), and init drops `ack` after use.
	const node = nodeOf(caller);
	const fromNode = !(caller instanceof Process);
	return withProcess(caller, 'start', async (starter) => {
		const tag = node.makeRef();
		const pid = node.spawnFrom(
			starter,
			(p) => {
				p.behaviour = opts.behaviour;
				p.module = opts.module;
				const ack = (result: StartResult) =>
					node.deliver(p.self, starter, new StartAck(tag, result));
				if (opts.name !== undefined) {
					const holder = node.resolve(opts.name);
					if (holder) return ack(['error', ['already_started', holder.self]]);
					registerName(p, opts.name);
				}
				return init(p, ack);
			},
			{ link: opts.link, label: opts.label, parent: fromNode ? node.root : undefined }
		);
		const mon = node.monitor(starter, pid);
		const answer = await starter.receive<StartAck | DownMessage>({
			match: (m) => (m instanceof StartAck && m.tag === tag) || (isDown(m) && m.ref === mon),
			timeout: opts.timeout ?? 'infinity'
		});
		if (answer instanceof StartAck) {
			node.demonitor(starter, mon, true);
			return answer.result;
		}
		if (answer === TIMEOUT) {
			node.demonitor(starter, mon, true);
			if (opts.link) node.unlink(starter, pid);
			node.exitSignal(starter.self, pid, 'kill', false);
			starter.removeMessages((m) => m instanceof StartAck && m.tag === tag);
			return ['error', 'timeout'];
		}
		return ['error', answer.reason];
	});
}

/** Registers a plain or a via name for a starting process. */
function registerName(p: Process, name: Name): void {
	const via = parseVia(name);
	if (via) registerKey(p, via.registry, via.key, undefined);
	else p.node.register(p, name);
}

/** The node a caller belongs to. */
export function nodeOf(caller: Caller): NodeImpl {
	if (caller instanceof Process) return caller.node;
	if (caller instanceof NodeImpl) return caller;
	throw new BadargError('expected a Node or a ProcessContext as the caller');
}

/** Runs `fn` in the caller's process, or in a short-lived one when the caller is a node. */
export function withProcess<T>(
	caller: Caller,
	label: string,
	fn: (ctx: Process) => Promise<T>
): Promise<T> {
	if (caller instanceof Process) return fn(caller);
	return nodeOf(caller).run(fn, label);
}

/** Unwraps `ctx.exit(reason)` thrown from user code into the reason. */
export function thrownReason(thrown: unknown): unknown {
	return thrown instanceof ProcessExit ? thrown.reason : thrown;
}
