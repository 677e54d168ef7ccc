/**
 * The supervision forest as the /supervisors page holds it: snapshots read through Arsenal
 * (`get_supervision_tree`), with the live trace applied on top between two snapshots, so that
 * a crash recolours its node in the frame the event arrives and a restart moves the node to its
 * new pid without waiting for the next read.
 *
 * Nodes are keyed by their place in the tree, not by pid: `Demo.Supervisor/Demo.Pipeline/Demo.Producer`.
 * A restart keeps the key and changes the pid, so the drawing restyles one node instead of
 * removing and adding one. A DynamicSupervisor's children have no id: they are keyed by the pid
 * they had when first seen, and a restart carries that key over to the new pid.
 */
import type { Data } from '$lib/arsenal/client';
import type { OmittedChildren, TreeNode } from '$lib/arsenal/operations/get_supervision_tree';
import type { Json } from '$lib/arsenal/serialize';
import type { ObserverEvent } from '$lib/stream/events';
import { RecentSet } from '$lib/observer/recent';

export type RestartType = 'permanent' | 'transient' | 'temporary';
/** A supervisor's restart strategy, as get_supervisor says it. */
export type RestartStrategy = Data<'get_supervisor'>['strategy'];

/** One node of a tree snapshot: the shape `get_supervision_tree` answers, plus supervisor flags. */
export interface TreeSnapshot extends Omit<TreeNode, 'children'> {
	children?: TreeSnapshot[];
	intensity?: number;
	/** Seconds. */
	period?: number;
	/** Part of SuperLearner's own tree. */
	system?: boolean;
}

/**
 * - `running`: alive with this pid.
 * - `down`: the trace saw it exit and nothing has replaced it yet.
 * - `restarting`: its supervisor is starting it again.
 * - `stopped`: its spec is kept but no process runs (after terminate_child).
 */
export type NodeStatus = 'running' | 'down' | 'restarting' | 'stopped';

export interface ModelNode {
	key: string;
	parent: string | null;
	children: string[];
	kind: 'supervisor' | 'worker';
	pid: string | null;
	id?: string;
	name?: string;
	module?: string;
	restart?: RestartType;
	strategy?: RestartStrategy;
	dynamic?: boolean;
	intensity?: number;
	period?: number;
	system?: boolean;
	/** Children the read left out (it listed the first ones only), counted by module. */
	omitted?: OmittedChildren;
	status: NodeStatus;
	/** Why it last exited, as the trace said. */
	exitReason?: Json;
	/** Restarts this page has seen, for the flash. */
	restarts: number;
}

/** What a batch of events did to the forest. */
export interface EventEffect {
	/** Some node changed. */
	changed: boolean;
	/** The forest's shape may have changed (a child started or a supervisor restarted): read it again. */
	stale: boolean;
}

const DEAD_PIDS_KEPT = 10_000;
/** Children seen starting that no restart has placed yet; past this many, read the forest. */
const UNPLACED_KEPT = 1_000;

export class SupervisionModel {
	#nodes = new Map<string, ModelNode>();
	#roots: string[] = [];
	#byPid = new Map<string, string>();
	/** A DynamicSupervisor child's key, by every pid it has had. */
	#aliases = new Map<string, string>();
	/** Pids the trace saw exit: a snapshot read before the exit must not bring them back. */
	readonly #dead = new RecentSet<string>(DEAD_PIDS_KEPT);
	/**
	 * Pids a supervisor of the forest spawned that are not on it: news, unless a restart event
	 * places them, which a supervisor emits right after the spawn (maybe in the next batch).
	 */
	readonly #unplaced = new Set<string>();
	/** The trace told of a change that only a read shows (a supervisor restarted, say). */
	#outdated = false;
	#version = 0;

	/** Grows with every change: views compare it to know whether to rebuild. */
	get version(): number {
		return this.#version;
	}

	get roots(): readonly string[] {
		return this.#roots;
	}

	get size(): number {
		return this.#nodes.size;
	}

	/**
	 * Whether the forest should be read again: the trace told of a change that only a read
	 * shows, or of a child started that no restart has accounted for since.
	 */
	get stale(): boolean {
		return this.#outdated || this.#unplaced.size > 0;
	}

	/** A read of the forest starts: what the trace told so far will be in it. */
	reading(): void {
		this.#outdated = false;
		this.#unplaced.clear();
	}

	/** The page missed events (a batch dropped some): only a read can tell what happened. */
	missed(): void {
		this.#outdated = true;
	}

	get(key: string): ModelNode | undefined {
		return this.#nodes.get(key);
	}

	keyOfPid(pid: string): string | undefined {
		return this.#byPid.get(pid);
	}

	/** Every node, parents before children, in start order. */
	*walk(from: readonly string[] = this.#roots): Generator<ModelNode> {
		const stack = [...from].reverse();
		while (stack.length) {
			const node = this.#nodes.get(stack.pop()!);
			if (!node) continue;
			yield node;
			for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
		}
	}

	/** The keys from the root down to `key`, without `key`. */
	ancestors(key: string): string[] {
		const out: string[] = [];
		let parent = this.#nodes.get(key)?.parent ?? null;
		while (parent !== null) {
			out.unshift(parent);
			parent = this.#nodes.get(parent)?.parent ?? null;
		}
		return out;
	}

	/** Replaces the forest with a fresh read, keeping what the trace taught about each node. */
	applySnapshot(roots: readonly TreeSnapshot[]): void {
		const previous = this.#nodes;
		this.#nodes = new Map();
		this.#byPid = new Map();
		this.#roots = [];
		const usedAliases = new Map<string, string>();
		const visit = (snap: TreeSnapshot, parent: ModelNode | null): string => {
			const key = this.#keyFor(snap, parent);
			const before = previous.get(key);
			const node: ModelNode = {
				key,
				parent: parent?.key ?? null,
				children: [],
				kind: snap.type,
				pid: snap.pid === 'restarting' ? (before?.pid ?? null) : snap.pid,
				status: statusOf(snap, this.#dead),
				restarts: before?.restarts ?? 0
			};
			copyDefined(node, snap);
			if (before?.exitReason !== undefined) node.exitReason = before.exitReason;
			if (this.#nodes.has(key)) return key; // the same child listed twice: keep the first
			this.#nodes.set(key, node);
			if (node.pid) {
				this.#byPid.set(node.pid, key);
				if (parent?.dynamic) usedAliases.set(node.pid, key);
			}
			for (const child of snap.children ?? []) node.children.push(visit(child, node));
			return key;
		};
		for (const root of roots) this.#roots.push(visit(root, null));
		// Aliases of children that are gone go too; those still running keep their older pids.
		for (const [pid, key] of this.#aliases) {
			if (this.#nodes.has(key) && !usedAliases.has(pid)) usedAliases.set(pid, key);
		}
		this.#aliases = usedAliases;
		this.#version++;
	}

	/** Applies trace events in order; says whether anything changed and whether to read again. */
	applyEvents(events: readonly ObserverEvent[]): EventEffect {
		let changed = false;
		for (const e of events) {
			switch (e.type) {
				case 'exit': {
					this.#dead.add(e.pid);
					this.#unplaced.delete(e.pid);
					const node = this.#node(e.pid);
					if (!node || node.status === 'down') break;
					node.status = 'down';
					node.exitReason = e.reason;
					changed = true;
					break;
				}
				case 'restart': {
					const sup = this.#node(e.supervisor);
					if (!sup) break;
					const node = this.#childOf(sup, e);
					if (!node) {
						this.#outdated = true;
						break;
					}
					if (node.pid) this.#byPid.delete(node.pid);
					if (e.newPid) this.#unplaced.delete(e.newPid);
					node.pid = e.newPid ?? null;
					node.status = e.newPid ? 'running' : 'stopped';
					node.exitReason = e.reason;
					node.restarts += e.count ?? 1;
					if (node.pid) {
						this.#byPid.set(node.pid, node.key);
						if (sup.dynamic) this.#aliases.set(node.pid, node.key);
					}
					changed = true;
					// A restarted supervisor starts new children: their pids are news.
					if (node.kind === 'supervisor') this.#outdated = true;
					break;
				}
				case 'spawn':
					if (e.parent && this.#node(e.parent)?.kind === 'supervisor' && !this.#byPid.has(e.pid)) {
						this.#unplaced.add(e.pid);
						if (this.#unplaced.size > UNPLACED_KEPT) {
							this.#unplaced.clear();
							this.missed();
						}
					}
					break;
				case 'register':
				case 'unregister': {
					const node = this.#node(e.pid);
					if (!node) break;
					if (e.type === 'register') node.name = e.name;
					else if (node.name === e.name) delete node.name;
					changed = true;
					break;
				}
			}
		}
		if (changed) this.#version++;
		return { changed, stale: this.stale };
	}

	/**
	 * What terminate_child answered, applied before the trace or a read tells it: the child of
	 * supervisor `supervisor` named `id` (a pool's child: its pid) no longer runs. Its spec
	 * stays, as a stopped node, unless it was deleted or was a DynamicSupervisor's child: then it
	 * goes, with its subtree. False when the forest does not hold it.
	 */
	childTerminated(supervisor: string, id: string, deleted: boolean): boolean {
		const sup = this.#node(supervisor);
		if (!sup) return false;
		const key = sup.dynamic ? this.#byPid.get(id) : childKey(sup.key, id);
		const node = key === undefined ? undefined : this.#nodes.get(key);
		if (!node || node.parent !== sup.key) return false;
		if (node.pid) this.#dead.add(node.pid);
		if (deleted || sup.dynamic) {
			sup.children = sup.children.filter((k) => k !== node.key);
			for (const gone of [...this.walk([node.key])]) {
				this.#nodes.delete(gone.key);
				if (gone.pid) this.#byPid.delete(gone.pid);
			}
		} else {
			if (node.pid) this.#byPid.delete(node.pid);
			node.pid = null;
			node.status = 'stopped';
		}
		this.#version++;
		return true;
	}

	#node(pid: string): ModelNode | undefined {
		const key = this.#byPid.get(pid);
		return key === undefined ? undefined : this.#nodes.get(key);
	}

	#childOf(sup: ModelNode, e: Extract<ObserverEvent, { type: 'restart' }>): ModelNode | undefined {
		if (e.oldPid) {
			const key = this.#byPid.get(e.oldPid) ?? this.#aliases.get(e.oldPid);
			const node = key === undefined ? undefined : this.#nodes.get(key);
			if (node?.parent === sup.key) return node;
		}
		if (sup.dynamic) return undefined;
		return this.#nodes.get(childKey(sup.key, e.childId));
	}

	#keyFor(snap: TreeSnapshot, parent: ModelNode | null): string {
		if (!parent) return snap.name ?? snap.pid ?? snap.module ?? 'supervisor';
		if (parent.dynamic || snap.id === undefined) {
			const pid = snap.pid ?? 'none';
			return this.#aliases.get(pid) ?? childKey(parent.key, pid);
		}
		return childKey(parent.key, snap.id);
	}
}

export function childKey(parent: string, id: string): string {
	return `${parent}/${id}`;
}

function statusOf(snap: TreeSnapshot, dead: RecentSet<string>): NodeStatus {
	if (snap.pid === null) return 'stopped';
	if (snap.pid === 'restarting') return 'restarting';
	return dead.has(snap.pid) ? 'down' : 'running';
}

const RESTARTS = new Set(['permanent', 'transient', 'temporary']);
const STRATEGIES = new Set(['one_for_one', 'one_for_all', 'rest_for_one']);

function copyDefined(node: ModelNode, snap: TreeSnapshot): void {
	if (snap.id !== undefined) node.id = snap.id;
	if (snap.name !== undefined) node.name = snap.name;
	if (snap.module !== undefined) node.module = snap.module;
	if (snap.restart !== undefined && RESTARTS.has(snap.restart)) {
		node.restart = snap.restart as RestartType;
	}
	if (snap.strategy !== undefined && STRATEGIES.has(snap.strategy)) {
		node.strategy = snap.strategy as RestartStrategy;
	}
	if (snap.dynamic !== undefined) node.dynamic = snap.dynamic;
	if (snap.intensity !== undefined) node.intensity = snap.intensity;
	if (snap.period !== undefined) node.period = snap.period;
	if (snap.system !== undefined) node.system = snap.system;
	if (snap.omitted !== undefined) node.omitted = snap.omitted;
}

/**
 * A supervisor's strategy as every view names it: a DynamicSupervisor (whose only strategy is
 * one_for_one) is `dynamic`, wherever its flags were read from.
 */
export function strategyLabel(sup: { dynamic?: boolean; strategy?: string }): string | undefined {
	return sup.dynamic ? 'dynamic' : sup.strategy;
}

/** What a node is called on the tree: its registered name, else its child id, module or pid. */
export function nodeLabel(node: ModelNode): string {
	return node.name ?? node.id ?? node.module ?? node.pid ?? node.key;
}

/** Whether `node` matches a search (any case): name, id, module, pid or key. */
export function matches(node: ModelNode, needle: string): boolean {
	const q = needle.trim().toLowerCase();
	if (!q) return false;
	return [node.name, node.id, node.module, node.pid].some((s) => s?.toLowerCase().includes(q));
}
