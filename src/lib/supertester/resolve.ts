/** Finding the process a helper is pointed at (internal: index.ts does not export it). */
import type { Dest, Node, Pid } from '$lib/runtime';

/** The live pid `dest` (a pid or a registered name) names, if any. */
export function resolveAlive(node: Node, dest: Dest): Pid | undefined {
	const pid = typeof dest === 'string' ? node.whereis(dest) : dest;
	return pid && node.isAlive(pid) ? pid : undefined;
}
