/**
 * What happens in the cluster, as the SingleNodeSimulator and the nodes report it to the
 * ClusterStateManager (which keeps the state and puts them in the trace stream).
 */
import type { PartitionOut } from '$lib/arsenal/cluster_schemas';

export type ClusterEvent =
	| { type: 'node_started' | 'node_stopped'; node: string; at: number }
	/** Its worker died (crashed, unresponsive, over its memory budget). */
	| { type: 'node_down'; node: string; reason: string; at: number }
	/** `node` reports its connection to `peer` up or down (its distribution's nodeup/nodedown). */
	| { type: 'nodeup' | 'nodedown'; node: string; peer: string; reason?: string; at: number }
	| { type: 'partition'; partition: PartitionOut; at: number }
	| { type: 'heal'; healed: number; at: number };

export const CLUSTER_STATE_MANAGER = 'SuperLearner.ClusterStateManager';
export const SINGLE_NODE_SIMULATOR = 'SuperLearner.SingleNodeSimulator';
