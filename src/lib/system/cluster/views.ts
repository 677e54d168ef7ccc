/**
 * How the cluster reads from outside (the contract's shapes): its nodes, the connections of
 * each pair that has connected, a node's detail. Built from what the system node already has
 * (the members, their mirrors), so a read never waits on a node's worker.
 */
import type {
	ClusterNodeDetailOut,
	ClusterNodeOut,
	TopologyOut
} from '$lib/arsenal/cluster_schemas';
import type { ClusterMembers, Member } from './members';

export function describeMember(member: Member): ClusterNodeOut {
	const { sandbox } = member;
	return {
		name: member.name,
		short: member.short,
		number: sandbox.mirror?.number ?? 0,
		status: member.status,
		system: false,
		program: member.program,
		processes: member.status === 'up' ? (sandbox.mirror?.live.size ?? 0) : 0,
		startedAt: member.startedAt,
		...(member.downReason !== undefined && { downReason: member.downReason })
	};
}

/** The system node as the topology shows it: always up, never stopped. */
export function describeSystemNode(
	name: string,
	processes: number,
	startedAt: number
): ClusterNodeOut {
	return {
		name,
		short: name.split('@')[0],
		number: 0,
		status: 'up',
		system: true,
		program: null,
		processes,
		startedAt
	};
}

export function topologyOf(members: ClusterMembers, system: ClusterNodeOut): TopologyOut {
	const connections: TopologyOut['connections'] = [];
	for (const { a, b, up } of members.pairs.values()) {
		const { latencyMs, loss } = members.linkOf(a, b);
		const oneWay = members.blocked(a, b)
			? { from: a, to: b }
			: members.blocked(b, a) && { from: b, to: a };
		const status = oneWay ? 'one_way' : up ? 'up' : 'cut';
		connections.push({ a, b, status, latencyMs, loss, ...(oneWay && { cut: oneWay }) });
	}
	return {
		nodes: [system, ...[...members.byName.values()].map(describeMember)],
		connections,
		partitions: members.partitions
	};
}

export function detailOf(members: ClusterMembers, member: Member): ClusterNodeDetailOut {
	const mirror = member.sandbox.mirror;
	let supervisors = 0;
	for (const pid of mirror?.live ?? []) {
		const behaviour = mirror?.processInfo(pid)?.behaviour;
		if (behaviour === 'supervisor' || behaviour === 'dynamic_supervisor') supervisors++;
	}
	return {
		...describeMember(member),
		supervisors,
		...(member.sandbox.root !== undefined && { root: member.sandbox.root }),
		links: members.linkViews(member.name)
	};
}
