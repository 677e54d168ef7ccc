/**
 * The cluster managers' client: Arsenal's cluster operations reach them through it — reads go
 * to the ClusterStateManager, changes to the SingleNodeSimulator. Each answers
 * `['ok', value]` or `['error', ArsenalError]`, which the client throws.
 */
import type { Node } from '$lib/runtime';
import type {
	ClusterHealthOut,
	ClusterNodeDetailOut,
	ClusterNodeOut,
	ClusterService,
	LinkRequest,
	LinkViewOut,
	PartitionOut,
	PartitionRequest,
	StartNodeRequest,
	TopologyOut
} from '$lib/arsenal/cluster_schemas';
import { callSystemServer } from '$lib/system/system_call';
import { CLUSTER_STATE_MANAGER, SINGLE_NODE_SIMULATOR } from './events';
import type { SimulatorRequest } from './simulator';
import type { StateRequest } from './state_manager';

export class ClusterClient implements ClusterService {
	readonly #node: Node;

	constructor(node: Node) {
		this.#node = node;
	}

	topology(): Promise<TopologyOut> {
		return this.#read(['topology']);
	}

	health(): Promise<ClusterHealthOut> {
		return this.#read(['health']);
	}

	node(name: string): Promise<ClusterNodeDetailOut> {
		return this.#read(['node', name]);
	}

	start(req: StartNodeRequest): Promise<ClusterNodeOut> {
		return this.#change({ type: 'start', req });
	}

	stop(name: string): Promise<{ node: string; stopped: true }> {
		return this.#change({ type: 'stop', name });
	}

	partition(req: PartitionRequest): Promise<{ partitions: PartitionOut[] }> {
		return this.#change({ type: 'partition', req });
	}

	heal(): Promise<{ healed: number; partitions: [] }> {
		return this.#change({ type: 'heal' });
	}

	setLinks(req: LinkRequest): Promise<{ links: LinkViewOut[] }> {
		return this.#change({ type: 'links', req });
	}

	#read<T>(req: StateRequest): Promise<T> {
		return this.#call(CLUSTER_STATE_MANAGER, req);
	}

	#change<T>(req: SimulatorRequest): Promise<T> {
		return this.#call(SINGLE_NODE_SIMULATOR, req);
	}

	async #call<T>(server: string, req: unknown): Promise<T> {
		const answer = await callSystemServer<['ok', T] | ['error', unknown]>(this.#node, server, req);
		if (answer[0] === 'error') throw answer[1];
		return answer[1];
	}
}
