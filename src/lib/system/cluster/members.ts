/**
 * The simulated cluster as both its managers see it: its nodes (each a sandbox node run as a
 * cluster node, see simulator.ts), the partitions in force, the pairs that have connected, and
 * the link settings asked for. The SingleNodeSimulator changes it; the ClusterStateManager
 * reads it to answer the topology and the health. Runtime worker.
 */
import { ArsenalError } from '$lib/arsenal/errors';
import {
	clusterNodeName,
	type ClusterNodeOut,
	type LinkViewOut,
	type PartitionOut
} from '$lib/arsenal/cluster_schemas';
import type { Sandbox } from '$lib/system/sandboxes/sandbox';
import type { SandboxTable } from '$lib/system/sandboxes/table';

export type MemberStatus = ClusterNodeOut['status'];

/** One simulated node. */
export interface Member {
	/** `'a@sim'`. */
	readonly name: string;
	readonly short: string;
	readonly sandbox: Sandbox;
	/** `'empty'` or the entry file. */
	readonly program: string;
	status: MemberStatus;
	/** Epoch ms. */
	startedAt: number;
	downReason?: string;
}

export interface LinkSettings {
	latencyMs: number;
	loss: number;
}

const NO_DELAY: LinkSettings = { latencyMs: 0, loss: 0 };

/** Two nodes' names in one order, so that a pair has one key. */
export function pairKey(a: string, b: string): string {
	return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export class ClusterMembers {
	readonly byName = new Map<string, Member>();
	partitions: PartitionOut[] = [];
	/** Pairs that connected, by pairKey, and whether they are connected now. */
	readonly pairs = new Map<string, { a: string; b: string; up: boolean }>();
	/** Link settings per direction (`from>to`); `everyLink` for the others. */
	readonly links = new Map<string, LinkSettings>();
	everyLink: LinkSettings = NO_DELAY;
	#nextPartition = 1;

	constructor(
		/** The system node's name: it is in the topology, but not a member. */
		readonly systemNode: string,
		/** Where the members' sandboxes are shown to Arsenal, analytics and the timeline. */
		readonly table: SandboxTable
	) {}

	add(member: Member): void {
		this.byName.set(member.name, member);
		this.table.clusterNodes.set(member.name, this.table.watch(member.sandbox));
	}

	/** The member named `a` or `a@sim`; 404 otherwise. */
	find(name: string): Member {
		const member = this.byName.get(clusterNodeName(name));
		if (!member) {
			throw new ArsenalError('not_found', `No cluster node named '${name}'.`, { node: name });
		}
		return member;
	}

	/** The member a node's name, or the number of its pids, names. */
	byPeer(peer: string | number): Member | undefined {
		if (typeof peer === 'string') return this.byName.get(peer);
		return [...this.byName.values()].find((m) => m.sandbox.mirror?.number === peer);
	}

	/** Whether `name` (`system`, `system@…`) names the system node. */
	isSystem(name: string): boolean {
		return name.split('@')[0] === this.systemNode.split('@')[0];
	}

	up(): Member[] {
		return [...this.byName.values()].filter((m) => m.status === 'up');
	}

	partitionId(): string {
		return `p${this.#nextPartition++}`;
	}

	/** Whether a two-way partition puts `a` and `b` on different sides. */
	isCut(a: string, b: string): boolean {
		return this.partitions.some((p) => {
			if (!('sides' in p)) return false;
			const sideOf = (n: string) => p.sides.findIndex((side) => side.includes(n));
			const [sa, sb] = [sideOf(a), sideOf(b)];
			return sa >= 0 && sb >= 0 && sa !== sb;
		});
	}

	/** The one-way partition dropping what `from` sends `to`, if any. */
	blocked(from: string, to: string): boolean {
		return this.partitions.some((p) => 'from' in p && p.from === from && p.to === to);
	}

	linkOf(from: string, to: string): LinkSettings {
		return this.links.get(`${from}>${to}`) ?? this.everyLink;
	}

	linkView(from: string, to: string): LinkViewOut {
		return { from, to, ...this.linkOf(from, to), blocked: this.blocked(from, to) };
	}

	/** The directions of every pair that has connected, from `name` only if given. */
	linkViews(name?: string): LinkViewOut[] {
		const out: LinkViewOut[] = [];
		for (const { a, b } of this.pairs.values()) {
			if (!name || a === name) out.push(this.linkView(a, b));
			if (!name || b === name) out.push(this.linkView(b, a));
		}
		return out;
	}

	/** Forgets a member and its pairs. */
	remove(name: string): void {
		this.byName.delete(name);
		this.table.clusterNodes.delete(name);
		for (const [key, pair] of this.pairs) {
			if (pair.a === name || pair.b === name) this.pairs.delete(key);
		}
	}
}
