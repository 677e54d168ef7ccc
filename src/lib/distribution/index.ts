/**
 * Distributed Erlang between runtime nodes (README.md): the node side (`Distribution`, its
 * broker, `LocalBroker` for in-thread clusters) and the learner's (`Node`, `monitorNode`, `rpc`).
 */
export {
	Distribution,
	type Broker,
	type DistEvent,
	type DistributionOptions,
	type NodeMessage,
	type PeerStats
} from './distribution';
export { NO_FAULTS, type LinkSettings, type PortLike } from './connection';
export { LocalBroker } from './local_broker';
export { monitorNode, Node, rpc } from './api';
export type { BadRpc, RpcModules } from './rex';
