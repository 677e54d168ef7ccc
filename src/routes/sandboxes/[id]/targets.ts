/**
 * Whom a recorded step acts on, from the live tree: the path of child ids from the root finds the
 * same child in every replay, where its pid would not. A DynamicSupervisor's children have no id:
 * one is named by its registered name, else (for this run only) by its pid.
 */
import { describeTarget, type Target } from '$lib/arsenal/experiment_schemas';
import type { SupervisionModel } from '$lib/observer/tree/supervision_model';

/** A process of the tree a step can aim at, as a picker lists it. */
export interface TargetOption {
	/** The node's key in the tree. */
	key: string;
	label: string;
	target: Target;
	/** Its process now, if it runs: where a message sent from the pane goes. */
	pid: string | null;
}

/** The target that finds the node `key` again in a replay; null when it has no process to find. */
export function targetOf(model: SupervisionModel, key: string): Target | null {
	const node = model.get(key);
	if (!node) return null;
	const path: string[] = [];
	for (let at = node; at.parent !== null;) {
		const parent = model.get(at.parent);
		if (!parent || parent.dynamic || at.id === undefined) return nameOrPid(node);
		path.unshift(at.id);
		at = parent;
	}
	return { path };
}

function nameOrPid(node: { name?: string; pid: string | null }): Target | null {
	if (node.name) return { name: node.name };
	const pid = pidOf(node);
	return pid ? { pid } : null;
}

/** The node's pid, unless it has none ('restarting', or stopped). */
function pidOf(node: { pid: string | null }): string | null {
	return node.pid?.startsWith('<') ? node.pid : null;
}

/** Every node of the tree with a target, parents first. */
export function targetOptions(model: SupervisionModel): TargetOption[] {
	const options: TargetOption[] = [];
	for (const node of model.walk()) {
		const target = targetOf(model, node.key);
		if (!target) continue;
		options.push({ key: node.key, label: describeTarget(target), target, pid: pidOf(node) });
	}
	return options;
}
