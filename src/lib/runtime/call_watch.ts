/**
 * The call protocol as a host reads it from a node's trace (the system analyzer's wait-for
 * graph): which `send` starts a `GenServer.call` and who waits on it, which one answers it, and
 * whether its caller still waits. Any thread; nothing here sends or spawns.
 *
 * ```ts
 * node.onTrace((e) => {
 *   const call = e.type === 'send' ? callRequestOf(e.message) : undefined;
 *   if (call) waits.set(call.caller, { server: e.to, tag: call.tag }); // until answered
 * });
 * ```
 */
import { CallReply, CallRequest } from './internal/call';
import type { Pid, Ref } from './pid';

/** The caller and tag of a message that is a call request (`{'$gen_call', From, _}`). */
export function callRequestOf(message: unknown): { caller: Pid; tag: Ref } | undefined {
	return message instanceof CallRequest
		? { caller: message.from.pid, tag: message.from.tag }
		: undefined;
}

/** The tag of the call a message answers, if it is a call reply. */
export function callReplyTag(message: unknown): Ref | undefined {
	return message instanceof CallReply ? message.tag : undefined;
}

/**
 * Whether the caller of the call tagged `tag` still waits for its reply: a call waits exactly as
 * long as its caller holds the monitor on the server that the tag is (see internal/call.ts), so
 * a caller that timed out, got its reply or the server's DOWN, or died, no longer does.
 */
export function awaitingReply(tag: Ref): boolean {
	return tag._watcher !== undefined;
}
