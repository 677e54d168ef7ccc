/**
 * A timer on a node's own clock, for code that hosts a node: on a virtual clock it fires inside
 * `node.advance(ms)` like the runtime's own timeouts, so a host's deadlines (a trace session's
 * duration) are tested without sleeping. It runs no process and holds no settle back.
 *
 * ```ts
 * const cancel = nodeTimeout(node, 60_000, () => session.stop('duration'));
 * ```
 */
import type { NodeImpl } from './node';
import type { Node } from './types';

/** Calls `fn` once `ms` have passed on the node's clock; returns its cancel function. */
export function nodeTimeout(node: Node, ms: number, fn: () => void): () => void {
	const clock = (node as NodeImpl).clock;
	const timer = clock.setTimeout(fn, ms);
	return () => clock.clearTimeout(timer);
}
