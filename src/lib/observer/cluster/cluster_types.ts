/**
 * The cluster operations' answers, as /tmp/cluster_contract.md describes them, until their zod
 * schemas land (then these become the schemas' `Data<…>`).
 */
export type NodeStatus = 'starting' | 'up' | 'down' | 'stopped';

export interface ClusterNode {
	/** `'a@sim'`. */
	name: string;
	/** `'a'`. */
	short: string;
	/** The N of its pids. */
	number: number;
	status: NodeStatus;
	/** The system node: it cannot be stopped. */
	system: boolean;
	/** `'empty'` or the entry file. */
	program: string | null;
	processes: number;
	startedAt: number;
	downReason?: string;
}

export interface Connection {
	a: string;
	b: string;
	status: 'up' | 'cut' | 'one_way';
	latencyMs: number;
	loss: number;
	/** A one-way cut: `from` no longer reaches `to`. */
	cut?: { from: string; to: string };
}

export type Partition =
	{ id: string; sides: string[][] } | { id: string; from: string; to: string };

export interface Topology {
	nodes: ClusterNode[];
	connections: Connection[];
	partitions: Partition[];
}

export interface LinkView {
	from: string;
	to: string;
	latencyMs: number;
	loss: number;
	blocked: boolean;
}
