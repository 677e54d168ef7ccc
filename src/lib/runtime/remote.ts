/**
 * The node's door to distribution (lib/distribution): what a node hands over when a
 * destination lives on another node, and what distribution calls to act here for a process
 * there. The node keeps no state about other nodes: the links, monitors and connections that
 * cross nodes are distribution's, which hears of a local process's end through `onExit`.
 *
 * ```ts
 * attachDistribution(node, hooks);           // sends to <2.7.0> or {name, node} go to hooks
 * remoteDeliver(node, from, 'registry', m);  // a message from another node arrives here
 * ```
 */
import type { NodeImpl } from './node';
import { Pid, type Ref } from './pid';
import type { Dest, DownMessage, ExitReason, Name, Node, RemoteName } from './types';

/** What a node asks of distribution. `from` is always a pid of this node (its root for none). */
export interface DistributionHooks {
	send(from: Pid, to: Pid | RemoteName, message: unknown): void;
	link(from: Pid, to: Pid): void;
	unlink(from: Pid, to: Pid): void;
	/** `ref` is made here; the DOWN comes back through {@link remoteDown}. */
	monitor(watcher: Pid, target: Pid | RemoteName, ref: Ref): void;
	/** True if `ref` was a monitor distribution held for `watcher` (it is gone now). */
	demonitor(watcher: Pid, ref: Ref): boolean;
	/** `erlang:exit/2` to a process on another node. */
	exit(from: Pid, to: Pid, reason: ExitReason): void;
}

/** Routes this node's traffic for other nodes to `hooks` (undefined: detach). */
export function attachDistribution(node: Node, hooks: DistributionHooks | undefined): void {
	(node as NodeImpl).distribution = hooks;
}

/** The live local process `dest` names (a pid, a name, `{name, node}` of this node). */
export function liveLocal(node: Node, dest: Dest): Pid | undefined {
	return (node as NodeImpl).resolve(dest)?.self;
}

/** The live local process with id `id`, or registered as `name`. */
export function localPid(node: Node, idOrName: number | Name): Pid | undefined {
	const impl = node as NodeImpl;
	return typeof idOrName === 'number' ? impl.processById(idOrName)?.self : impl.whereis(idOrName);
}

/**
 * A message from a process of another node (undefined: from the runtime itself, as nodedown)
 * to a local pid id or name: dropped when nothing lives there, as Erlang drops a message to a
 * dead pid or an unregistered `{Name, Node}`.
 */
export function remoteDeliver(
	node: Node,
	from: Pid | undefined,
	to: number | Name,
	message: unknown
): boolean {
	const impl = node as NodeImpl;
	const target = typeof to === 'number' ? impl.processById(to) : impl.resolve(to);
	if (!target) return false;
	impl.deliver(from, target, message);
	return true;
}

/** An exit signal from a process of another node: through a link (`viaLink`) or exit/2. */
export function remoteExit(
	node: Node,
	from: Pid,
	to: Pid,
	reason: ExitReason,
	viaLink: boolean
): void {
	(node as NodeImpl).exitSignal(from, to, reason, viaLink);
}

/** The DOWN of a monitor that `watcher` holds on a process of another node. */
export function remoteDown(
	node: Node,
	watcher: Pid,
	ref: Ref,
	object: Pid | RemoteName,
	reason: ExitReason
): void {
	const p = watcher._proc;
	if (!p) return;
	const down: DownMessage = { kind: 'DOWN', ref, pid: object, reason };
	(node as NodeImpl).deliver('id' in object ? object : undefined, p, down);
}

/**
 * Runs `hook` when local process `pid` exits, before its links and monitors fire; false (and
 * nothing kept) if it is not alive.
 */
export function onExit(pid: Pid, hook: (reason: ExitReason) => void): boolean {
	const p = pid._proc;
	if (!p || !p.alive) return false;
	(p.exitHooks ??= []).push(hook);
	return true;
}

/** The N of a node's pids (`<N.I.0>`). */
export function nodeNumber(node: Node): number {
	return (node as NodeImpl).number;
}

/** A destination as errors name it: `<0.7.0>`, `name` or `{name, 'b@sim'}`. */
export function destText(dest: Dest): string {
	return typeof dest === 'object' && !(dest instanceof Pid)
		? `{${dest.name}, '${dest.node}'}`
		: String(dest);
}
