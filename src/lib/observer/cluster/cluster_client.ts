/**
 * The /cluster page's Arsenal operations, named for what the page does with them: read the
 * topology and each node's supervision tree; start and stop nodes; cut, heal and slow down the
 * connections between them.
 *
 * ```ts
 * const cluster = new ClusterClient(executeOf(runtime));
 * await cluster.partition([['a', 'b'], ['c']]);
 * ```
 */
import type { TreeSnapshot } from '$lib/observer/tree/supervision_model';
import type { ClusterNode, LinkView, Partition, Topology } from './cluster_types';

/** Runs an operation by name (the app's Execute, for operations it may not know yet). */
export type ExecuteByName = (operation: string, params?: unknown) => Promise<{ data: unknown }>;

/** What a new node runs: nothing, or a program's files and the file whose export is its root. */
export interface NodeProgram {
	files?: Record<string, string>;
	entry?: string;
}

/** Latency and loss, for every connection or the one between `from` and `to`. */
export interface LinkSettings {
	latencyMs?: number;
	/** 0..1, of messages (signals always arrive). */
	loss?: number;
	from?: string;
	to?: string;
}

export class ClusterClient {
	readonly #execute: ExecuteByName;

	constructor(execute: ExecuteByName) {
		this.#execute = execute;
	}

	async #data<T>(operation: string, params?: unknown): Promise<T> {
		return (await this.#execute(operation, params)).data as T;
	}

	topology() {
		return this.#data<Topology>('cluster_topology');
	}

	/** The supervision tree of `node`, or null while nothing is supervised there. */
	async tree(node: string): Promise<TreeSnapshot | null> {
		const { trees } = await this.#data<{ trees: Array<{ tree: TreeSnapshot | null }> }>(
			'cluster_supervision_trees',
			{ node }
		);
		return trees[0]?.tree ?? null;
	}

	startNode(name: string, program: NodeProgram = {}) {
		return this.#data<ClusterNode>('start_cluster_node', { name, ...program });
	}

	stopNode(node: string) {
		return this.#data<{ node: string; stopped: true }>('stop_cluster_node', { node });
	}

	/** Cuts the cluster into sides that no longer reach each other. */
	partition(sides: string[][]) {
		return this.#data<{ partitions: Partition[] }>('partition_cluster', { sides });
	}

	/** Cuts one direction: `from` no longer reaches `to`; `to` still reaches `from`. */
	cutOneWay(from: string, to: string) {
		return this.#data<{ partitions: Partition[] }>('partition_cluster', { from, to });
	}

	heal() {
		return this.#data<{ healed: number }>('heal_cluster');
	}

	setLinks(settings: LinkSettings) {
		return this.#data<{ links: LinkView[] }>('set_cluster_links', settings);
	}
}
