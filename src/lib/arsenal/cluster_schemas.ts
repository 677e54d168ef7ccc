/**
 * The simulated cluster as its operations see it: node names, the answers' shapes (the
 * contract with the /cluster page) and {@link ClusterService}, which the system node provides
 * (the cluster managers' client). Arsenal knows this shape only, not the managers.
 */
import { z } from 'zod';
import type { ArsenalContext, ArsenalNode } from './context';
import { ArsenalError } from './errors';
import { files, filePath } from './sandbox_schemas';

/** The host part of every simulated node's name: `a@sim`. */
export const SIM_HOST = 'sim';
/** Simulated nodes at most, the system node not counted. */
export const MAX_CLUSTER_NODES = 8;

const SHORT_NAME = /^[a-z][a-z0-9_]{0,31}$/;

/** `a` or `a@sim` → `a@sim`; anything else is left as it is (and found nowhere). */
export function clusterNodeName(name: string): string {
	return name.includes('@') ? name : `${name}@${SIM_HOST}`;
}

/** A node of the cluster, by name: `a` or `a@sim`. */
export function nodeName(description = "A cluster node: 'a' or 'a@sim'.") {
	return z.string().min(1).max(64).describe(description);
}

/** The name of a node to start: `a`, or `a@sim`. */
export function newNodeName() {
	return z
		.string()
		.transform((name) => name.replace(new RegExp(`@${SIM_HOST}$`), ''))
		.pipe(
			z.string().regex(SHORT_NAME, {
				error: "A lowercase letter, then letters, digits or _ (at most 32), optionally '@sim'"
			})
		)
		.describe("The new node's name: 'a' makes node a@sim.");
}

const Status = z.enum(['starting', 'up', 'down', 'stopped']);

export const ClusterNode = z.object({
	name: z.string().describe("'a@sim'"),
	short: z.string().describe("'a'"),
	number: z.number().int().describe('The N of its pids: <N.I.0>.'),
	status: Status,
	system: z.boolean().describe('The system node: it cannot be stopped.'),
	program: z.string().nullable().describe("'empty', or the entry file it runs."),
	processes: z.number().int(),
	startedAt: z.number().describe('Epoch ms.'),
	downReason: z.string().optional()
});

export const Partition = z.union([
	z.object({ id: z.string(), sides: z.array(z.array(z.string())) }),
	z.object({ id: z.string(), from: z.string(), to: z.string() })
]);

export const LinkView = z.object({
	from: z.string(),
	to: z.string(),
	latencyMs: z.number(),
	loss: z.number(),
	blocked: z.boolean()
});

export const Connection = z.object({
	a: z.string(),
	b: z.string(),
	status: z.enum(['up', 'cut', 'one_way']),
	latencyMs: z.number(),
	loss: z.number(),
	cut: z.object({ from: z.string(), to: z.string() }).optional()
});

export const Topology = z.object({
	nodes: z.array(ClusterNode),
	connections: z.array(Connection),
	partitions: z.array(Partition)
});

export const NodeHealth = z.object({
	node: z.string(),
	status: Status,
	processes: z.number().int(),
	heartbeatAgeMs: z.number(),
	connectedTo: z.array(z.string())
});

export const ClusterHealth = z.object({
	status: z.enum(['ok', 'degraded', 'partitioned']),
	nodes: z.array(NodeHealth),
	partitions: z.array(Partition)
});

export const ClusterNodeDetail = ClusterNode.extend({
	supervisors: z.number().int(),
	root: z.string().optional().describe('The root supervisor while it runs.'),
	links: z.array(LinkView).describe("This node's outgoing connections.")
});

export const StartNodeParams = z.strictObject({
	name: newNodeName(),
	files: files().optional().describe('The program it runs; none: an empty node.'),
	entry: filePath().default('main.ts').describe('The file whose default export is the root.')
});

/** Either sides (every node of one side cut from every node of the others), or one direction. */
export const PartitionParams = z.union([
	z.strictObject({
		sides: z
			.array(z.array(nodeName()).min(1).max(MAX_CLUSTER_NODES))
			.min(2)
			.max(MAX_CLUSTER_NODES)
			.describe('Groups of nodes; each group is cut from the others.')
	}),
	z.strictObject({
		from: nodeName('Whose messages are dropped.'),
		to: nodeName('The node that no longer hears from `from`.')
	})
]);

export const LinkParams = z.strictObject({
	latencyMs: z.number().min(0).max(10_000).optional().describe('Delay per message, ms.'),
	loss: z.number().min(0).max(1).optional().describe('Share of messages dropped (0..1).'),
	from: nodeName('Only the connections from this node.').optional(),
	to: nodeName('Only the connections to this node.').optional()
});

export type ClusterNodeOut = z.input<typeof ClusterNode>;
export type PartitionOut = z.input<typeof Partition>;
export type LinkViewOut = z.input<typeof LinkView>;
export type TopologyOut = z.input<typeof Topology>;
export type ClusterHealthOut = z.input<typeof ClusterHealth>;
export type ClusterNodeDetailOut = z.input<typeof ClusterNodeDetail>;
export type StartNodeRequest = z.output<typeof StartNodeParams>;
export type PartitionRequest = z.output<typeof PartitionParams>;
export type LinkRequest = z.output<typeof LinkParams>;

/** The cluster managers as the cluster operations see them; names may be `a` or `a@sim`. */
export interface ClusterService {
	topology(): Promise<TopologyOut>;
	health(): Promise<ClusterHealthOut>;
	/** 404 for a node that is not in the cluster. */
	node(name: string): Promise<ClusterNodeDetailOut>;
	/** 409 `conflict` for a name taken, `limit_exceeded` past MAX_CLUSTER_NODES. */
	start(req: StartNodeRequest): Promise<ClusterNodeOut>;
	/** 403 for the system node, 404 for an unknown one. */
	stop(name: string): Promise<{ node: string; stopped: true }>;
	/** 422 naming the field for a node named twice or unknown. */
	partition(req: PartitionRequest): Promise<{ partitions: PartitionOut[] }>;
	heal(): Promise<{ healed: number; partitions: [] }>;
	setLinks(req: LinkRequest): Promise<{ links: LinkViewOut[] }>;
}

/** The cluster's client, or 404 where the node runs no cluster. */
export function cluster(ctx: ArsenalContext): ClusterService {
	if (!ctx.cluster) throw new ArsenalError('not_found', 'This node runs no cluster.');
	return ctx.cluster;
}

/**
 * The running simulated nodes as Arsenal reaches them (the system node is not one), or the one
 * `node` names (404 if it is not a cluster node).
 */
export async function clusterNodes(ctx: ArsenalContext, node?: string): Promise<ArsenalNode[]> {
	const { nodes } = await cluster(ctx).topology();
	const names = nodes.filter((n) => !n.system).map((n) => n.name);
	if (node !== undefined && !names.includes(clusterNodeName(node))) {
		throw new ArsenalError('not_found', `No cluster node named '${node}'.`, { node });
	}
	const wanted = node === undefined ? names : [clusterNodeName(node)];
	return ctx.nodes.filter((entry) => wanted.includes(entry.node.name));
}
