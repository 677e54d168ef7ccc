/**
 * Time on a node's own clock, for the helpers whose work needs time to pass (chaos runs, calls
 * that time out). Nothing here sleeps: a virtual clock is moved with `node.advance`, and a real
 * one is waited on through a node timer.
 *
 * ```ts
 * await passTime(node, 100); // virtual: advance(100); real: 100 ms of the node's timers
 * ```
 */
import { RuntimeError, type Node } from '$lib/runtime';
import { nodeTimeout } from '$lib/runtime/host';

/**
 * Moves a virtual clock by `ms` (firing what falls due, settling after each) and resolves true;
 * on a real clock, moves nothing and resolves false. A real clock is told apart by `advance`
 * refusing it (`badarg`), which it does before touching anything.
 */
export async function tryAdvance(node: Node, ms: number): Promise<boolean> {
	try {
		await node.advance(ms);
		return true;
	} catch (error) {
		if (error instanceof RuntimeError && error.code === 'badarg') return false;
		throw error;
	}
}

/** Lets `ms` pass on the node's clock: `advance` on a virtual clock, a node timer on a real one. */
export async function passTime(node: Node, ms: number): Promise<void> {
	if (await tryAdvance(node, ms)) return;
	await new Promise<void>((resolve) => nodeTimeout(node, ms, resolve));
}
