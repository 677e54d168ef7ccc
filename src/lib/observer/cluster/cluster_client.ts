/**
 * The /cluster page's Arsenal operations, named for what the page does with them: read the
 * topology and each node's supervision tree; start and stop nodes; cut, heal and slow down the
 * connections between them.
 *
 * ```ts
 * const cluster = new ClusterClient(executeOf(runtime));
 * await cluster.partition([['a@sim'], ['b@sim', 'c@sim']]);
 * ```
 */
import type { Execute, ParamsOf } from '$lib/arsenal/client';
import type { TreeSnapshot } from '$lib/observer/tree/supervision_model';

/** What a new node runs: nothing, or a program's files and the file whose export is its root. */
export type NodeProgram = Omit<ParamsOf<'start_cluster_node'>, 'name'>;

export class ClusterClient {
	readonly #execute: Execute;

	constructor(execute: Execute) {
		this.#execute = execute;
	}

	async topology() {
		return (await this.#execute('cluster_topology')).data;
	}

	/** The supervision tree of `node`, or null while its root does not run. */
	async tree(node: string): Promise<TreeSnapshot | null> {
		const { data } = await this.#execute('cluster_supervision_trees', { node });
		// get_supervision_tree's answer, which the operation's schema passes on as JSON.
		return (data.trees[0]?.tree ?? null) as TreeSnapshot | null;
	}

	async startNode(name: string, program: NodeProgram = {}) {
		return (await this.#execute('start_cluster_node', { name, ...program })).data;
	}

	stopNode(node: string) {
		return this.#execute('stop_cluster_node', { node });
	}

	/** Cuts the cluster into sides that no longer reach each other. */
	partition(sides: string[][]) {
		return this.#execute('partition_cluster', { sides });
	}

	/** Cuts one direction: `from` no longer reaches `to`; `to` still reaches `from`. */
	cutOneWay(from: string, to: string) {
		return this.#execute('partition_cluster', { from, to });
	}

	async heal() {
		return (await this.#execute('heal_cluster')).data;
	}

	/** Latency (ms) and loss (0..1, of messages) for every connection, or those of `from`/`to`. */
	setLinks(settings: ParamsOf<'set_cluster_links'>) {
		return this.#execute('set_cluster_links', settings);
	}
}
