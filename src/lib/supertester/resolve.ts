/** Finding the process a helper is pointed at (internal: index.ts does not export it). */
import type { Dest, Node, Pid } from '$lib/runtime';
import { liveLocal } from '$lib/runtime/host';

/** The live pid `dest` (a pid, a registered name, `{name, node}` of this node) names, if any. */
export function resolveAlive(node: Node, dest: Dest): Pid | undefined {
	return liveLocal(node, dest);
}
