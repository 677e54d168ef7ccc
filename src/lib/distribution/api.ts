/**
 * Distribution as learner code sees it, after Elixir's `Node` and Erlang's `rpc`. Each takes
 * the calling process's context (or, for what only reads, the node): a thread may hold several
 * nodes (tests do), so there is no ambient "this node".
 *
 * ```ts
 * Node.monitor(ctx, 'b@sim', true);       // { kind: 'nodedown', node: 'b@sim' } when it goes
 * await rpc.call(ctx, 'b@sim', 'erlang', 'processCount', []);
 * ```
 */
import type { Node as RuntimeNode, ProcessContext } from '$lib/runtime';
import { Distribution } from './distribution';
import { rpcCall } from './rex';

type Where = ProcessContext | RuntimeNode;

function nodeOf(where: Where): RuntimeNode {
	return 'self' in where ? where.node : where;
}

export const Node = {
	/** This node's name: `'a@sim'` (`node()`). */
	self(where: Where): string {
		return nodeOf(where).name;
	},

	/** The nodes connected to this one, not itself (`nodes()`). */
	list(where: Where): string[] {
		return Distribution.of(nodeOf(where))?.nodes() ?? [];
	},

	/**
	 * `monitor_node(Node, Flag)`: with `true`, the process gets `{ kind: 'nodedown', node }` when
	 * the connection to `node` is lost or cannot be made, once per `true`; `false` takes one back.
	 */
	monitor(ctx: ProcessContext, node: string, on = true): void {
		const dist = Distribution.of(ctx.node);
		if (dist) dist.monitorNode(ctx.self, node, on);
		else if (on) ctx.send(ctx.self, { kind: 'nodedown', node });
	},

	/** `net_kernel:monitor_nodes(Flag)`: `{ kind: 'nodeup' | 'nodedown', node }` for every node. */
	monitorAll(ctx: ProcessContext, on = true): void {
		Distribution.of(ctx.node)?.monitorAll(ctx.self, on);
	},

	/** `net_kernel:connect_node/1`: whether `node` is connected now. */
	connect(where: Where, node: string): Promise<boolean> {
		return Distribution.of(nodeOf(where))?.connect(node) ?? Promise.resolve(false);
	},

	/** `net_adm:ping/1`. */
	async ping(where: Where, node: string): Promise<'pong' | 'pang'> {
		return (await Node.connect(where, node)) ? 'pong' : 'pang';
	}
};

/** `monitor_node/2`: as {@link Node.monitor}. */
export function monitorNode(ctx: ProcessContext, node: string, on = true): void {
	Node.monitor(ctx, node, on);
}

export const rpc = {
	/** `rpc:call/5`: see rex.ts. */
	call: rpcCall
};
