/**
 * What sandbox code imports as `'superlearner'`: the runtime's contract and the learner's side of
 * distribution (`Node`, `monitorNode`, `rpc`; see lib/distribution/README.md). `Node` is both:
 * distribution's functions as a value (`Node.self(ctx)`), the runtime's node as a type
 * (`(node: Node) => …`, as tests and lessons' checks write it).
 *
 * Each export here is declared in this file, not re-exported, so that the editor's declarations
 * of it (vite/runtime_dts.ts) reach none of the node side's types (MessagePort), which sandbox
 * code cannot name.
 */
import {
	monitorNode as monitorNodeFunction,
	Node as NodeFunctions,
	rpc as rpcFunctions
} from '$lib/distribution';
import type { ProcessContext, Node as RuntimeNode } from '$lib/runtime';

export * from '$lib/runtime';

export const Node = NodeFunctions;
export type Node = RuntimeNode;

/** `monitor_node/2`, as `Node.monitor`. */
export const monitorNode: typeof Node.monitor = monitorNodeFunction;

export const rpc: {
	/**
	 * `rpc:call/5`: runs `module.fn(...args)` on `node` and answers its value, or
	 * `{ badrpc: reason }` (the node is unreachable, the function threw, or `timeoutMs` passed).
	 */
	call(
		ctx: ProcessContext,
		node: string,
		module: string,
		fn: string,
		args?: unknown[],
		timeoutMs?: number
	): Promise<unknown>;
} = rpcFunctions;
