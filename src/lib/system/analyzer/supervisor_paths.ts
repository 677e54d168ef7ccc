/**
 * Where a system-node supervisor sits in its tree, as the /supervisors page keys its nodes (and
 * selects one with `?node=`): the root's registered name, then each child's id down to it
 * (a DynamicSupervisor's child by its pid). Read once per supervisor through `:sys.get_state`
 * of its parent, and kept after it exits, so that a supervisor that gave up still links to its
 * place (its parent restarts it there). Runtime worker.
 */
import type { Node, Pid } from '$lib/runtime';
import { pidOf, supervisorInfo } from '$lib/runtime/host';

/** Paths kept, the newest; a supervisor's path is read once. */
const KEPT_PATHS = 1_000;
const SUPERVISORS = new Set(['supervisor', 'dynamic_supervisor']);

export class SupervisorPaths {
	readonly #node: Node;
	readonly #paths = new Map<string, string>();
	readonly #pending = new Set<string>();

	constructor(node: Node) {
		this.#node = node;
	}

	/** The path of the supervisor `pid` names, once read. */
	get(pid: string): string | undefined {
		return this.#paths.get(pid);
	}

	/** Reads the path of the live supervisor `pid` names, unless it is known or being read. */
	lookUp(pid: string): void {
		if (this.#paths.has(pid) || this.#pending.has(pid)) return;
		const id = Number(/^<\d+\.(\d+)\.0>$/.exec(pid)?.[1]);
		const live = Number.isInteger(id) ? pidOf(this.#node, id) : undefined;
		if (!live) return;
		this.#pending.add(pid);
		void pathOf(this.#node, live)
			.then((path) => {
				if (path === undefined) return;
				this.#paths.set(pid, path);
				if (this.#paths.size > KEPT_PATHS) {
					this.#paths.delete(this.#paths.keys().next().value!);
				}
			})
			// A supervisor that exits while it is read has no path to show.
			.catch(() => undefined)
			.finally(() => this.#pending.delete(pid));
	}
}

async function pathOf(node: Node, pid: Pid): Promise<string | undefined> {
	const info = node.processInfo(pid);
	if (!info) return undefined;
	const parent = info.parent && node.processInfo(info.parent);
	if (!parent?.behaviour || !SUPERVISORS.has(parent.behaviour)) return info.name ?? String(pid);
	const sup = await supervisorInfo(node, parent.pid);
	const child = sup.children.find((c) => c.pid === pid);
	if (!child) return undefined;
	const above = await pathOf(node, parent.pid);
	if (above === undefined) return undefined;
	return `${above}/${sup.dynamic || child.id === undefined ? String(pid) : child.id}`;
}
