/**
 * The call protocol shared by `ctx.call`, `node.call` and `GenServer.call`: monitor the server,
 * send `CallRequest`, wait for the `CallReply` with our tag or the monitor's DOWN. A reply that
 * comes after the caller gave up is dropped (OTP 24+ aliases), so no stray reply is left queued.
 */
import { CallExit } from '../errors';
import type { NodeImpl } from '../node';
import type { Pid, Ref } from '../pid';
import { destText } from '../remote';
import { running } from './running';
import type { Process } from '../process';
import { TIMEOUT, type Dest, type DownMessage } from '../types';

/** Who is waiting for a reply: `{From, Tag}` of gen_server. */
export interface From {
	pid: Pid;
	tag: Ref;
}

/** `{'$gen_call', From, Request}` */
export class CallRequest {
	constructor(
		readonly from: From,
		readonly request: unknown
	) {}
}

/** `{'$gen_cast', Message}` */
export class CastRequest {
	constructor(readonly message: unknown) {}
}

/** The reply to a call, tagged with the call's ref. */
export class CallReply {
	constructor(
		readonly tag: Ref,
		readonly value: unknown
	) {}
}

export const defaultCallTimeout = 5000;

/** Makes a call from process `ctx`: resolves with the reply, rejects with CallExit. */
export async function call(
	ctx: Process,
	server: Dest,
	request: unknown,
	timeout: number | 'infinity' = defaultCallTimeout
): Promise<unknown> {
	const node = ctx.node;
	const skip = ctx.queueLength;
	let tag: Ref;
	const target = node.resolve(server);
	if (target) {
		// As gen:call: a process calling itself would wait for its own reply forever.
		if (target === ctx) throw new CallExit('calling_self', destText(server));
		tag = node.monitor(ctx, target.self);
		node.deliver(ctx.self, target, new CallRequest({ pid: ctx.self, tag }, request));
	} else if (node.distribution && node.isRemote(server)) {
		// A server on another node: its monitor's DOWN (noconnection, noproc) ends the wait.
		tag = node.monitor(ctx, server);
		node.distribution.send(ctx.self, server, new CallRequest({ pid: ctx.self, tag }, request));
	} else throw new CallExit('noproc', destText(server));
	const answer = await ctx.receiveFrom(
		skip,
		(m) => (m instanceof CallReply && m.tag === tag) || (isDown(m) && m.ref === tag),
		timeout
	);
	if (answer instanceof CallReply) {
		node.demonitor(ctx, tag, false);
		return answer.value;
	}
	if (answer === TIMEOUT) {
		node.demonitor(ctx, tag, true);
		throw new CallExit('timeout', destText(server));
	}
	throw new CallExit((answer as DownMessage).reason, destText(server));
}

/**
 * Sends the reply to a call, unless the caller has stopped waiting for it: a call waits for
 * exactly as long as it holds its monitor on the server, whose ref is the call's tag.
 */
export function reply(node: NodeImpl, from: From, value: unknown): void {
	if (from.pid.node !== node.number) {
		// The caller is on another node: its node drops a reply it no longer waits for.
		const server = running?.node === node.number ? running : node.root;
		node.distribution?.send(server, from.pid, new CallReply(from.tag, value));
		return;
	}
	if (!from.tag._watcher) return;
	const caller = from.pid._proc;
	// The tag is the monitor the caller holds on the server: its target is the sender.
	if (caller) node.deliver(from.tag._target?.self, caller, new CallReply(from.tag, value));
}

/** Sends a cast; a cast to a dead or unknown server is dropped, as in OTP. */
export function cast(node: NodeImpl, from: Pid | undefined, server: Dest, message: unknown): void {
	const target = node.resolve(server);
	if (target) node.deliver(from, target, new CastRequest(message));
	else if (node.isRemote(server))
		node.distribution?.send(from ?? node.root, server, new CastRequest(message));
}

export function isDown(m: unknown): m is DownMessage {
	return typeof m === 'object' && m !== null && (m as DownMessage).kind === 'DOWN';
}
