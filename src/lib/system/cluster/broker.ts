/**
 * The cluster's broker: a connection between two nodes is one MessageChannel, whose ends it
 * hands to both (as Erlang's nodes connect on first use, when one of them asks), unless a
 * partition stands between them. It also cuts connections (a partition, a node gone) and applies
 * the link settings of each direction on its sending side. Requests are answered as they come,
 * not after the simulator's current request: a node whose start waits for a connection (its
 * init calls another node) would otherwise wait for its own start. Runtime worker.
 */
import type { WorkerDistribution } from '$lib/system/sandboxes/frame_link';
import { pairKey, type ClusterMembers, type Member } from './members';

export class Broker {
	/** Pairs whose ports are being handed over. */
	readonly #connecting = new Set<string>();

	constructor(private readonly members: ClusterMembers) {}

	/**
	 * `from` asks for a connection to `peer` (a node's name, or the number of its pids): connect
	 * them, or refuse.
	 */
	async request(from: Member, peer: string | number): Promise<void> {
		const dist = distOf(from);
		if (!dist || !live(from)) return;
		const other = this.members.byPeer(peer);
		if (!other || other.status !== 'up') {
			return dist.refuse(peer, other ? `${other.name} is ${other.status}` : 'noconnection');
		}
		if (this.members.isCut(from.name, other.name)) return dist.refuse(peer, 'noconnection');
		// Both may have asked at once: the second finds the first's connection up.
		if (this.members.pairs.get(pairKey(from.name, other.name))?.up) {
			const stats = await dist.stats();
			if (stats.some((s) => s.node === other.name && s.status === 'up')) return;
		}
		await this.connect(from, other);
	}

	/** A fresh connection between two running nodes, with their links' settings. */
	async connect(a: Member, b: Member): Promise<void> {
		const [da, db] = [distOf(a), distOf(b)];
		const key = pairKey(a.name, b.name);
		if (!da || !db || this.#connecting.has(key)) return;
		this.#connecting.add(key);
		const channel = new MessageChannel();
		try {
			await Promise.all([
				da.attach({ name: b.name, number: numberOf(b) }, channel.port1),
				db.attach({ name: a.name, number: numberOf(a) }, channel.port2)
			]);
		} finally {
			this.#connecting.delete(key);
		}
		this.members.pairs.set(key, { a: a.name, b: b.name, up: true });
		// A partition made, or a node gone, while the ports were on their way.
		if (!live(a) || !live(b) || this.members.isCut(a.name, b.name)) {
			return this.cut(a, b, 'disconnect');
		}
		await Promise.all([this.applyLink(a, b), this.applyLink(b, a)]);
	}

	/** Cuts the connection of `a` and `b` on both sides (nodedown, noconnection on each). */
	async cut(a: Member, b: Member, reason: string): Promise<void> {
		const pair = this.members.pairs.get(pairKey(a.name, b.name));
		if (!pair?.up) return;
		pair.up = false;
		await Promise.all([
			distOf(a)?.disconnect(b.name, reason),
			distOf(b)?.disconnect(a.name, reason)
		]);
	}

	/** `gone` is down: every other node loses its connection to it. */
	async dropNode(gone: Member, reason: string): Promise<void> {
		const others = this.members.up().filter((m) => m !== gone);
		await Promise.all(
			others.map((m) => distOf(m)?.disconnect(gone.name, reason) ?? Promise.resolve())
		);
		for (const pair of this.members.pairs.values()) {
			if (pair.a === gone.name || pair.b === gone.name) pair.up = false;
		}
	}

	/** The settings of the direction `from` → `to`, applied by `from` if they are connected. */
	async applyLink(from: Member, to: Member): Promise<void> {
		if (!this.members.pairs.get(pairKey(from.name, to.name))?.up) return;
		const view = this.members.linkView(from.name, to.name);
		await distOf(from)?.setLink(to.name, {
			latencyMs: view.latencyMs,
			loss: view.loss,
			blocked: view.blocked
		});
	}
}

/** Started or starting: its node runs (a starting node may ask for connections in its init). */
function live(member: Member): boolean {
	return member.status === 'up' || member.status === 'starting';
}

function distOf(member: Member): WorkerDistribution | undefined {
	return member.sandbox.worker?.dist;
}

function numberOf(member: Member): number {
	const number = member.sandbox.mirror?.number;
	if (number === undefined) throw new Error(`${member.name} is not running`);
	return number;
}
