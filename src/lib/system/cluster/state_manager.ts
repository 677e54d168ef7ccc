/**
 * SuperLearner.ClusterStateManager: a GenServer in SuperLearner.Supervisor that keeps the
 * cluster's state as the pages read it — the topology, each node's processes and health, and
 * whom each node says it is connected to (from its own nodeup/nodedown, which the nodes' trace
 * streams also carry to the timeline and the pages) — from the events the SingleNodeSimulator
 * and the nodes send it (casts). Reads are calls, so they never wait behind a slow simulator
 * request.
 */
import { GenServer, type ChildSpec, type GenServerModule } from '$lib/runtime';
import type { ClusterHealthOut, ClusterNodeOut } from '$lib/arsenal/cluster_schemas';
import { CLUSTER_STATE_MANAGER, type ClusterEvent } from './events';
import type { ClusterMembers } from './members';
import { describeMember, detailOf, topologyOf } from './views';

export interface StateManagerOptions {
	members: ClusterMembers;
	/** The system node as the topology shows it, now. */
	systemNode: () => ClusterNodeOut;
}

export type StateRequest = ['topology'] | ['health'] | ['node', string];

interface State {
	opts: StateManagerOptions;
	/** The peers each node reported up (nodeup) and not down since. */
	connected: Map<string, Set<string>>;
}

const StateManager: GenServerModule<State, StateManagerOptions> = {
	name: CLUSTER_STATE_MANAGER,
	init: (opts) => ['ok', { opts, connected: new Map() }],
	handleCast(message, state) {
		const event = message as ClusterEvent;
		const peers = (node: string) => state.connected.get(node) ?? new Set<string>();
		switch (event.type) {
			case 'nodeup':
				state.connected.set(event.node, peers(event.node).add(event.peer));
				break;
			case 'nodedown':
				peers(event.node).delete(event.peer);
				break;
			case 'node_down':
			case 'node_stopped':
				state.connected.delete(event.node);
				break;
		}
		return ['noreply', state];
	},
	handleCall(request, _from, state, ctx) {
		const [kind, name] = request as StateRequest;
		const { members, systemNode } = state.opts;
		try {
			if (kind === 'topology') return ['reply', ['ok', topologyOf(members, systemNode())], state];
			if (kind === 'node') return ['reply', ['ok', detailOf(members, members.find(name))], state];
			return ['reply', ['ok', healthOf(state, systemNode(), ctx.node.now())], state];
		} catch (error) {
			return ['reply', ['error', error], state];
		}
	}
};

function healthOf(state: State, system: ClusterNodeOut, now: number): ClusterHealthOut {
	const { members } = state.opts;
	const nodes: ClusterHealthOut['nodes'] = [
		{
			node: system.name,
			status: 'up',
			processes: system.processes,
			heartbeatAgeMs: 0,
			connectedTo: []
		}
	];
	for (const member of members.byName.values()) {
		const { status, processes } = describeMember(member);
		nodes.push({
			node: member.name,
			status,
			processes,
			heartbeatAgeMs: status === 'up' ? Math.max(0, now - member.sandbox.lastBeat) : 0,
			connectedTo: [...(state.connected.get(member.name) ?? [])].sort()
		});
	}
	const down = nodes.some((n) => n.status === 'down');
	return {
		status: members.partitions.length > 0 ? 'partitioned' : down ? 'degraded' : 'ok',
		nodes,
		partitions: members.partitions
	};
}

/** ClusterStateManager as a child of SuperLearner.Supervisor. */
export function stateManagerChild(opts: StateManagerOptions): ChildSpec {
	return GenServer.childSpec(StateManager, opts, {
		start: (sup) => GenServer.startLink(sup, StateManager, opts, { name: CLUSTER_STATE_MANAGER })
	});
}
