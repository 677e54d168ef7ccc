/**
 * The system node: the one runtime instance the app hosts in its runtime worker, like the
 * BEAM node a Phoenix app runs in. The OTP runtime will live inside it; for now it knows its
 * name and how long it has been up.
 */

/** What a page learns about a node. */
export interface NodeInfo {
	name: string;
	/** The node number pids carry: `<0.45.0>` lives on node 0. */
	number: number;
	/** When the node started, in milliseconds since the epoch. */
	startedAt: number;
	uptimeMs: number;
}

export interface SystemNode {
	readonly name: string;
	readonly number: number;
	readonly startedAt: number;
	uptimeMs(): number;
	info(): NodeInfo;
}

export const SYSTEM_NODE_NAME = 'system@superlearner';

/** Starts the system node now; `now` is the clock (epoch milliseconds), injectable for tests. */
export function createSystemNode(now: () => number = Date.now): SystemNode {
	const startedAt = now();
	const uptimeMs = () => Math.max(0, now() - startedAt);
	return {
		name: SYSTEM_NODE_NAME,
		number: 0,
		startedAt,
		uptimeMs,
		info: () => ({ name: SYSTEM_NODE_NAME, number: 0, startedAt, uptimeMs: uptimeMs() })
	};
}
