/**
 * The layout of LinksGraph.svelte: a process in the middle, the processes it is linked to or
 * monitors (or is monitored by) on a circle around it, each with every relation it has.
 */
export interface Peer {
	pid: string;
	/** A registered name or label, when it has one. */
	label?: string;
}

export type Relation = 'link' | 'monitors' | 'monitoredBy';

export interface PlacedPeer extends Peer {
	x: number;
	y: number;
	relations: Relation[];
}

export interface PeerLayout {
	peers: PlacedPeer[];
	/** Peers left out beyond `max`. */
	more: number;
}

export function layoutPeers(
	relations: Record<Relation, readonly Peer[]>,
	opts: { radius: number; max?: number }
): PeerLayout {
	const byPid = new Map<string, { peer: Peer; relations: Relation[] }>();
	for (const kind of ['link', 'monitors', 'monitoredBy'] as const) {
		for (const peer of relations[kind]) {
			const entry = byPid.get(peer.pid) ?? { peer: { ...peer }, relations: [] };
			if (!entry.peer.label && peer.label) entry.peer.label = peer.label;
			if (!entry.relations.includes(kind)) entry.relations.push(kind);
			byPid.set(peer.pid, entry);
		}
	}
	const all = [...byPid.values()];
	const max = opts.max ?? 16;
	const shown = all.slice(0, max);
	const peers = shown.map(({ peer, relations }, i) => {
		// Start at the top and go round clockwise.
		const angle = -Math.PI / 2 + (2 * Math.PI * i) / shown.length;
		return {
			...peer,
			relations,
			x: Math.round(Math.cos(angle) * opts.radius * 10) / 10,
			y: Math.round(Math.sin(angle) * opts.radius * 10) / 10
		};
	});
	return { peers, more: all.length - shown.length };
}
