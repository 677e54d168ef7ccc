/**
 * A node's distribution, as Erlang's net_kernel and dist channels are: it connects to another
 * node on first use (through a {@link Broker}, who owns the ports), carries sends, links,
 * monitors and exit signals across, and keeps the cross-node half of them — so that when a
 * connection is lost every link to a process there exits with `noconnection`, every monitor on
 * one gets its DOWN `noconnection`, and `nodedown` reaches whoever monitors the node.
 *
 * ```ts
 * const dist = new Distribution({ node, broker });
 * // the broker answers dist.attach({ name: 'b@sim', number: 2 }, port) on both nodes
 * ```
 */
import type { ExitReason, Node, Pid, Ref, RemoteName } from '$lib/runtime';
import {
	attachDistribution,
	isPid,
	localPid,
	nodeNumber,
	nodeTimeout,
	onExit,
	remoteDeliver,
	remoteDown,
	remoteExit,
	seededRandom,
	type DistributionHooks
} from '$lib/runtime/host';
import { TermCodec } from './codec';
import { Connection, NO_FAULTS, type LinkSettings, type PortLike } from './connection';
import {
	arityOf,
	OP_DEMONITOR,
	OP_DISCONNECT,
	OP_DOWN,
	OP_EXIT,
	OP_LINK,
	OP_LINK_EXIT,
	OP_MONITOR,
	OP_SEND,
	OP_SEND_TAGGED,
	OP_TICK,
	OP_UNLINK,
	type Frame
} from './frames';
import { startRex, type RpcModules } from './rex';

/** Who makes connections: asked on first use, it answers with `attach` (both nodes) or `refused`. */
export interface Broker {
	request(self: string, peer: string | number): void;
	/** Told when a connection of `self` is gone, so that it can be made again later. */
	disconnected?(self: string, peer: string): void;
}

/** For the trace and the timeline. */
export interface DistEvent {
	type: 'nodeup' | 'nodedown';
	node: string;
	reason?: string;
	at: number;
}

/** What `Node.monitor` and `Node.monitorAll` subscribers get. */
export interface NodeMessage {
	kind: 'nodeup' | 'nodedown';
	node: string;
}

export interface PeerStats {
	node: string;
	number: number | null;
	status: 'up' | 'pending';
	sent: number;
	received: number;
	dropped: number;
	latencyMs: number;
	loss: number;
	blocked: boolean;
}

export interface DistributionOptions {
	node: Node;
	broker: Broker;
	/** Seeds the link's loss; default 1. */
	seed?: number;
	/** What `rpc.call` may run here, by module name (besides the built-in `'erlang'`). */
	modules?: RpcModules;
	onEvent?: (event: DistEvent) => void;
	/**
	 * net_ticktime: a connection that brings nothing in for this long is down
	 * (`net_tick_timeout`), which is how a one-way cut is noticed. Ticks go every quarter of it
	 * when nothing else did. Default 60,000 ms, as in OTP.
	 */
	tickTimeMs?: number;
}

/** Another node as this one knows it: pending until the broker attaches a port. */
interface Peer {
	name: string | undefined;
	number: number | undefined;
	conn: Connection | undefined;
	/** Frames sent before the connection was up, each with its place in this node's sends. */
	pending: Array<[number, Frame]>;
	/** `Node.connect` callers waiting for the outcome. */
	waiters: Array<(up: boolean) => void>;
}

/** A monitor a local process holds on a process of another node. */
interface HeldMonitor {
	ref: Ref;
	watcher: Pid;
	target: Pid | RemoteName;
	peer: Peer;
}

/** A monitor a process of another node holds on a local one. */
interface RemoteWatch {
	peer: Peer;
	watcherId: number;
	refId: number;
}

const attached = new WeakMap<Node, Distribution>();

export class Distribution implements DistributionHooks {
	/** The distribution attached to `node`, if any. */
	static of(node: Node): Distribution | undefined {
		return attached.get(node);
	}

	readonly node: Node;
	readonly name: string;
	readonly number: number;
	readonly codec: TermCodec;
	readonly #broker: Broker;
	readonly #random: () => number;
	readonly #onEvent: ((event: DistEvent) => void) | undefined;
	readonly #byName = new Map<string, Peer>();
	readonly #byNumber = new Map<number, Peer>();
	/** Link settings by peer name: they outlive a connection. */
	readonly #settings = new Map<string, LinkSettings>();
	/**
	 * Local process → the processes of other nodes it is linked to, by {@link pidKey}: a pid of
	 * another node may come as more than one object (in one thread, a closure can carry one).
	 */
	readonly #links = new Map<Pid, Map<number, Pid>>();
	/** By ref id (a local ref). */
	readonly #held = new Map<number, HeldMonitor>();
	/** Local process → the monitors other nodes hold on it. */
	readonly #watched = new Map<Pid, Map<number, RemoteWatch>>();
	/** The same monitors by {@link refKey}: a demonitor finds its own at once. */
	readonly #watchedBy = new Map<number, Pid>();
	/** Node name → its `monitor_node` subscribers, each with how many times it asked. */
	readonly #nodeMonitors = new Map<string, Map<Pid, number>>();
	readonly #allMonitors = new Set<Pid>();
	/** Local processes whose exit this distribution hears. */
	readonly #hooked = new Set<Pid>();
	#pendingSeq = 0;
	readonly #tickTimeMs: number;
	#stopTicking: (() => void) | undefined;

	constructor(opts: DistributionOptions) {
		this.node = opts.node;
		this.name = opts.node.name;
		this.number = nodeNumber(opts.node);
		this.codec = new TermCodec(opts.node);
		this.#broker = opts.broker;
		this.#random = seededRandom(opts.seed ?? 1);
		this.#onEvent = opts.onEvent;
		this.#tickTimeMs = opts.tickTimeMs ?? 60_000;
		attached.set(opts.node, this);
		attachDistribution(opts.node, this);
		startRex(this, opts.modules);
	}

	// ── Connections ───────────────────────────────────────────────────────────────────────

	/** A connection to `peer` is up: this is its end. A second one to the same peer is closed. */
	attach(peer: { name: string; number: number }, port: PortLike): void {
		const entry = this.#merge(peer.name, peer.number);
		if (entry.conn) {
			port.close();
			return;
		}
		const settings = this.#settings.get(peer.name) ?? NO_FAULTS;
		entry.conn = new Connection(port, this.node, settings, this.#random, (batch) =>
			this.#receive(entry, batch)
		);
		this.#tickWhileConnected();
		this.#emit('nodeup', peer.name);
		for (const pid of this.#allMonitors) this.#tell(pid, 'nodeup', peer.name);
		const { pending, waiters } = entry;
		entry.pending = [];
		entry.waiters = [];
		for (const [, frame] of pending) entry.conn.send(frame);
		for (const resolve of waiters) resolve(true);
	}

	/** The broker could not connect to `peer` (unknown, partitioned): as a lost connection. */
	refused(peer: string | number, reason = 'noconnection'): void {
		const entry = typeof peer === 'string' ? this.#byName.get(peer) : this.#byNumber.get(peer);
		if (entry && !entry.conn) this.#lost(entry, reason, false);
	}

	/** The connection to `peer` is lost (a partition, its worker gone); the peer is told if it can be. */
	disconnect(peer: string, reason = 'disconnect'): void {
		const entry = this.#byName.get(peer);
		if (entry) this.#lost(entry, reason, true);
	}

	/** Changes the link to `peer` from here (latency, loss, a one-way cut), now and for later connections. */
	setLink(peer: string, settings: Partial<LinkSettings>): LinkSettings {
		const merged = { ...(this.#settings.get(peer) ?? NO_FAULTS), ...settings };
		this.#settings.set(peer, merged);
		const conn = this.#byName.get(peer)?.conn;
		if (conn) conn.settings = merged;
		return merged;
	}

	/** The nodes connected to this one. */
	nodes(): string[] {
		const names: string[] = [];
		for (const [name, peer] of this.#byName) if (peer.conn) names.push(name);
		return names;
	}

	/** Connects to `peer` if it is not connected; resolves whether it is (net_kernel:connect_node). */
	connect(peer: string): Promise<boolean> {
		if (peer === this.name) return Promise.resolve(true);
		const entry = this.#peerByName(peer);
		if (entry.conn) return Promise.resolve(true);
		return new Promise((resolve) => entry.waiters.push(resolve));
	}

	stats(): PeerStats[] {
		const out: PeerStats[] = [];
		for (const peer of new Set([...this.#byName.values(), ...this.#byNumber.values()])) {
			const settings = (peer.name && this.#settings.get(peer.name)) || NO_FAULTS;
			const s = peer.conn?.stats;
			out.push({
				node: peer.name ?? `#${peer.number}`,
				number: peer.number ?? null,
				status: peer.conn ? 'up' : 'pending',
				sent: s?.sent ?? 0,
				received: s?.received ?? 0,
				dropped: s?.dropped ?? 0,
				...settings
			});
		}
		return out;
	}

	/** Batches posted and received so far, over every connection (in-thread clusters settle on them). */
	traffic(): { out: number; in: number } {
		let out = 0;
		let inn = 0;
		for (const peer of this.#byName.values()) {
			out += peer.conn?.stats.batchesOut ?? 0;
			inn += peer.conn?.stats.batchesIn ?? 0;
		}
		return { out, in: inn };
	}

	/** Every connection down, as when the node stops. */
	close(reason = 'shutdown'): void {
		for (const peer of new Set([...this.#byName.values(), ...this.#byNumber.values()])) {
			this.#lost(peer, reason, true);
		}
		this.#stopTicking?.();
		attachDistribution(this.node, undefined);
		attached.delete(this.node);
	}

	/** net_kernel's ticker: runs while any connection is up. */
	#tickWhileConnected(): void {
		if (this.#stopTicking) return;
		this.#stopTicking = nodeTimeout(this.node, this.#tickTimeMs / 4, () => {
			this.#stopTicking = undefined;
			const now = this.node.now();
			let up = false;
			for (const peer of [...this.#byName.values()]) {
				const conn = peer.conn;
				if (!conn) continue;
				if (now - conn.lastIn >= this.#tickTimeMs) {
					this.#lost(peer, 'net_tick_timeout', true);
					continue;
				}
				up = true;
				if (!conn.sentSinceTick) conn.send([OP_TICK]);
				conn.sentSinceTick = false;
			}
			if (up) this.#tickWhileConnected();
		});
	}

	// ── Node monitoring ───────────────────────────────────────────────────────────────────

	/** monitor_node/2: `pid` gets `{ kind: 'nodedown', node }` once per `true` it asked. */
	monitorNode(pid: Pid, node: string, on: boolean): void {
		if (node === this.name) return;
		const subs = this.#nodeMonitors.get(node) ?? new Map<Pid, number>();
		const count = (subs.get(pid) ?? 0) + (on ? 1 : -1);
		if (count > 0) subs.set(pid, count);
		else subs.delete(pid);
		if (subs.size > 0) this.#nodeMonitors.set(node, subs);
		else this.#nodeMonitors.delete(node);
		if (on && this.#hook(pid)) this.#peerByName(node);
	}

	/** net_kernel:monitor_nodes/1: `pid` gets `{ kind: 'nodeup' | 'nodedown', node }` for every node. */
	monitorAll(pid: Pid, on: boolean): void {
		if (on && this.#hook(pid)) this.#allMonitors.add(pid);
		else this.#allMonitors.delete(pid);
	}

	// ── What the node hands over (DistributionHooks) ─────────────────────────────────────

	send(from: Pid, to: Pid | RemoteName, message: unknown): void {
		const { wire, tagged } = this.codec.encode(message);
		const op = tagged ? OP_SEND_TAGGED : OP_SEND;
		const byPid = isPid(to);
		const peer = byPid ? this.#peerByNumber(to.node) : this.#peerByName(to.node);
		const dest = byPid ? to.id : to.name;
		// The hot path: no frame array for a message on a connection that is up.
		if (peer.conn) peer.conn.sendMessage(op, from.id, dest, wire);
		else peer.pending.push([this.#pendingSeq++, [op, from.id, dest, wire]]);
	}

	link(from: Pid, to: Pid): void {
		if (this.#links.get(from)?.has(pidKey(to)) || !this.#hook(from)) return;
		this.#addLink(from, to);
		this.#sendTo(this.#peerByNumber(to.node), [OP_LINK, from.id, to.id]);
	}

	unlink(from: Pid, to: Pid): void {
		if (!this.#links.get(from)?.delete(pidKey(to))) return;
		this.#sendTo(this.#peerByNumber(to.node), [OP_UNLINK, from.id, to.id]);
	}

	monitor(watcher: Pid, target: Pid | RemoteName, ref: Ref): void {
		const peer = isPid(target) ? this.#peerByNumber(target.node) : this.#peerByName(target.node);
		if (!this.#hook(watcher)) return;
		this.#held.set(ref.id, { ref, watcher, target, peer });
		this.#sendTo(peer, [OP_MONITOR, watcher.id, isPid(target) ? target.id : target.name, ref.id]);
	}

	demonitor(watcher: Pid, ref: Ref): boolean {
		const held = this.#held.get(ref.id);
		if (held?.ref !== ref || held.watcher !== watcher) return false;
		this.#held.delete(ref.id);
		this.#sendTo(held.peer, [OP_DEMONITOR, watcher.id, ref.id]);
		return true;
	}

	exit(from: Pid, to: Pid, reason: ExitReason): void {
		this.#sendTo(this.#peerByNumber(to.node), [OP_EXIT, from.id, to.id, this.#reason(reason)]);
	}

	// ── Inbound ───────────────────────────────────────────────────────────────────────────

	#receive(peer: Peer, batch: unknown[]): void {
		const number = peer.number!;
		const stats = peer.conn!.stats;
		// Most of a batch comes from one sender: its pid is looked up once.
		let fromId = -1;
		let from: Pid | undefined;
		for (let i = 0; i < batch.length; i += 1 + arityOf(batch[i] as number)) {
			const op = batch[i] as number;
			const a = batch[i + 1] as number;
			switch (op) {
				case OP_SEND:
				case OP_SEND_TAGGED: {
					stats.received++;
					const message = op === OP_SEND ? batch[i + 3] : this.codec.decode(batch[i + 3]);
					if (a !== fromId) {
						fromId = a;
						from = this.codec.pid(number, a);
					}
					remoteDeliver(this.node, from, batch[i + 2] as number | string, message);
					break;
				}
				case OP_LINK:
					this.#linkedFrom(peer, a, batch[i + 2] as number);
					break;
				case OP_UNLINK: {
					const local = localPid(this.node, batch[i + 2] as number);
					if (local) this.#links.get(local)?.delete(pidKey(this.codec.pid(number, a)));
					break;
				}
				case OP_LINK_EXIT:
				case OP_EXIT:
					this.#exitFrom(peer, a, batch[i + 2] as number, batch[i + 3], op === OP_LINK_EXIT);
					break;
				case OP_MONITOR:
					this.#monitoredFrom(peer, a, batch[i + 2] as number | string, batch[i + 3] as number);
					break;
				case OP_DEMONITOR:
					this.#demonitoredFrom(peer, batch[i + 2] as number);
					break;
				case OP_DOWN: {
					const held = this.#held.get(batch[i + 2] as number);
					if (!held || held.peer !== peer) break;
					this.#held.delete(held.ref.id);
					remoteDown(
						this.node,
						held.watcher,
						held.ref,
						held.target,
						this.codec.decode(batch[i + 3])
					);
					break;
				}
				case OP_DISCONNECT:
					this.#lost(peer, String(batch[i + 1]), false);
					return;
			}
		}
	}

	#linkedFrom(peer: Peer, fromId: number, toId: number): void {
		const local = localPid(this.node, toId);
		if (!local || !this.#hook(local)) {
			this.#sendTo(peer, [OP_LINK_EXIT, toId, fromId, 'noproc']);
			return;
		}
		this.#addLink(local, this.codec.pid(peer.number!, fromId));
	}

	#addLink(local: Pid, remote: Pid): void {
		const linked = this.#links.get(local);
		if (linked) linked.set(pidKey(remote), remote);
		else this.#links.set(local, new Map([[pidKey(remote), remote]]));
	}

	#exitFrom(peer: Peer, fromId: number, toId: number, wire: unknown, viaLink: boolean): void {
		const local = localPid(this.node, toId);
		if (!local) return;
		const remote = this.codec.pid(peer.number!, fromId);
		// A link's exit acts only while the link is there (an unlink may have crossed it).
		if (viaLink && !this.#links.get(local)?.delete(pidKey(remote))) return;
		remoteExit(this.node, remote, local, this.codec.decode(wire), viaLink);
	}

	#monitoredFrom(peer: Peer, watcherId: number, target: number | string, refId: number): void {
		const local = localPid(this.node, target);
		if (!local || !this.#hook(local)) {
			this.#sendTo(peer, [OP_DOWN, watcherId, refId, 'noproc']);
			return;
		}
		const key = refKey(peer, refId);
		const watch = { peer, watcherId, refId };
		const watches = this.#watched.get(local);
		if (watches) watches.set(key, watch);
		else this.#watched.set(local, new Map([[key, watch]]));
		this.#watchedBy.set(key, local);
	}

	#demonitoredFrom(peer: Peer, refId: number): void {
		const key = refKey(peer, refId);
		const local = this.#watchedBy.get(key);
		if (!local) return;
		this.#watchedBy.delete(key);
		const watches = this.#watched.get(local)!;
		watches.delete(key);
		if (watches.size === 0) this.#watched.delete(local);
	}

	// ── Local processes' ends ─────────────────────────────────────────────────────────────

	/** Hears `pid`'s exit from now on; false if it is not alive. */
	#hook(pid: Pid): boolean {
		if (this.#hooked.has(pid)) return true;
		if (!onExit(pid, (reason) => this.#exited(pid, reason))) return false;
		this.#hooked.add(pid);
		return true;
	}

	#exited(pid: Pid, reason: ExitReason): void {
		this.#hooked.delete(pid);
		const linked = this.#links.get(pid);
		if (linked) {
			this.#links.delete(pid);
			const wire = this.#reason(reason);
			for (const remote of linked.values()) {
				this.#sendTo(this.#peerByNumber(remote.node), [OP_LINK_EXIT, pid.id, remote.id, wire]);
			}
		}
		const watches = this.#watched.get(pid);
		if (watches) {
			this.#watched.delete(pid);
			const wire = this.#reason(reason);
			for (const [key, w] of watches) {
				this.#watchedBy.delete(key);
				this.#sendTo(w.peer, [OP_DOWN, w.watcherId, w.refId, wire]);
			}
		}
		for (const held of [...this.#held.values()]) {
			if (held.watcher === pid) this.demonitor(pid, held.ref);
		}
		for (const [node, subs] of this.#nodeMonitors) {
			subs.delete(pid);
			if (subs.size === 0) this.#nodeMonitors.delete(node);
		}
		this.#allMonitors.delete(pid);
	}

	// ── A connection's end ────────────────────────────────────────────────────────────────

	#lost(peer: Peer, reason: string, tellPeer: boolean): void {
		const wasUp = peer.conn !== undefined;
		peer.conn?.close(tellPeer ? [OP_DISCONNECT, reason] : undefined);
		peer.conn = undefined;
		peer.pending = [];
		if (peer.name !== undefined && this.#byName.get(peer.name) === peer)
			this.#byName.delete(peer.name);
		if (peer.number !== undefined && this.#byNumber.get(peer.number) === peer) {
			this.#byNumber.delete(peer.number);
		}
		// Gathered first: the exits below end processes, whose hooks change these tables.
		const exits: Array<[Pid, Pid]> = [];
		for (const [local, remotes] of this.#links) {
			for (const [key, remote] of remotes) {
				if (remote.node !== peer.number) continue;
				remotes.delete(key);
				exits.push([remote, local]);
			}
		}
		const downs = [...this.#held.values()].filter((h) => h.peer === peer);
		for (const h of downs) this.#held.delete(h.ref.id);
		for (const [local, watches] of this.#watched) {
			for (const [key, w] of watches) {
				if (w.peer !== peer) continue;
				watches.delete(key);
				this.#watchedBy.delete(key);
			}
			if (watches.size === 0) this.#watched.delete(local);
		}
		const subs = peer.name === undefined ? undefined : this.#nodeMonitors.get(peer.name);
		if (subs) this.#nodeMonitors.delete(peer.name!);
		for (const resolve of peer.waiters.splice(0)) resolve(false);

		for (const [remote, local] of exits) remoteExit(this.node, remote, local, 'noconnection', true);
		for (const h of downs) remoteDown(this.node, h.watcher, h.ref, h.target, 'noconnection');
		if (peer.name !== undefined) {
			for (const [pid, count] of subs ?? []) {
				for (let n = 0; n < count; n++) this.#tell(pid, 'nodedown', peer.name);
			}
			if (wasUp) {
				for (const pid of this.#allMonitors) this.#tell(pid, 'nodedown', peer.name);
				this.#emit('nodedown', peer.name, reason);
				this.#broker.disconnected?.(this.name, peer.name);
			}
		}
	}

	// ── Helpers ───────────────────────────────────────────────────────────────────────────

	#sendTo(peer: Peer, frame: Frame): void {
		if (peer.conn) peer.conn.send(frame);
		else peer.pending.push([this.#pendingSeq++, frame]);
	}

	#peerByNumber(number: number): Peer {
		let peer = this.#byNumber.get(number);
		if (!peer) {
			peer = newPeer(undefined, number);
			this.#byNumber.set(number, peer);
			this.#broker.request(this.name, number);
		}
		return peer;
	}

	#peerByName(name: string): Peer {
		let peer = this.#byName.get(name);
		if (!peer) {
			peer = newPeer(name, undefined);
			this.#byName.set(name, peer);
			this.#broker.request(this.name, name);
		}
		return peer;
	}

	/** The one entry for a peer now known by both name and number: two pending ones become one. */
	#merge(name: string, number: number): Peer {
		const byName = this.#byName.get(name);
		const byNumber = this.#byNumber.get(number);
		const peer = byName ?? byNumber ?? newPeer(name, number);
		if (byName && byNumber && byName !== byNumber) {
			// Sent to one node under two names before it was known: in the order they were sent.
			peer.pending = [...peer.pending, ...byNumber.pending].sort(([x], [y]) => x - y);
			peer.waiters.push(...byNumber.waiters);
			for (const h of this.#held.values()) if (h.peer === byNumber) h.peer = peer;
		}
		peer.name = name;
		peer.number = number;
		this.#byName.set(name, peer);
		this.#byNumber.set(number, peer);
		return peer;
	}

	#reason(reason: ExitReason): unknown {
		try {
			return this.codec.encode(reason).wire;
		} catch {
			return String(reason);
		}
	}

	#tell(pid: Pid, kind: NodeMessage['kind'], node: string): void {
		const message: NodeMessage = { kind, node };
		remoteDeliver(this.node, undefined, pid.id, message);
	}

	#emit(type: DistEvent['type'], node: string, reason?: string): void {
		this.#onEvent?.({ type, node, ...(reason !== undefined && { reason }), at: this.node.now() });
	}
}

/** A remote monitor's ref as a number: its node (the peer's) and id. */
function refKey(peer: Peer, refId: number): number {
	return peer.number! * 2 ** 32 + refId;
}

/** A pid as a number: its node and id. */
function pidKey(pid: Pid): number {
	return pid.node * 2 ** 32 + pid.id;
}

function newPeer(name: string | undefined, number: number | undefined): Peer {
	return { name, number, conn: undefined, pending: [], waiters: [] };
}
