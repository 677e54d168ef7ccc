/**
 * What the ClusterStateManager hears of the cluster: from the SingleNodeSimulator, a node gone;
 * from the nodes themselves (through it), their connections up and down.
 */
export type ClusterEvent =
	/** Stopped, or its worker died (crashed, unresponsive, over its memory budget). */
	| { type: 'node_stopped' | 'node_down'; node: string }
	/** `node` reports its connection to `peer` up or down (its distribution's nodeup/nodedown). */
	| { type: 'nodeup' | 'nodedown'; node: string; peer: string };

export const CLUSTER_STATE_MANAGER = 'SuperLearner.ClusterStateManager';
export const SINGLE_NODE_SIMULATOR = 'SuperLearner.SingleNodeSimulator';
