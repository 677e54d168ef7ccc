/**
 * Trace ids say which node keeps the session: `<node number>-<n>` (`'0-1'` on the system node,
 * `'3-2'` in sandbox 3's worker). Each worker's tracer numbers its own sessions; the system
 * node forwards a request about a sandbox's trace to that sandbox's worker by the number.
 *
 * ```ts
 * traceId(3, 2); // '3-2'
 * traceNodeNumber('3-2'); // 3
 * ```
 */
import { nodeByNumber, type ArsenalContext, type RemoteNode } from './context';
import { ArsenalError } from './errors';

const TRACE_ID = /^(\d+)-(\d+)$/;

/** The id of the `n`th session of the tracer of node `nodeNumber`. */
export function traceId(nodeNumber: number, n: number): string {
	return `${nodeNumber}-${n}`;
}

/** The number of the node that keeps trace `id`; undefined for a text that is no trace id. */
export function traceNodeNumber(id: string): number | undefined {
	const m = TRACE_ID.exec(id);
	return m ? Number(m[1]) : undefined;
}

/**
 * The node in another worker that keeps trace `id`, or undefined when it is kept here (or is
 * no trace id: this node's tracer then answers not_found). 404 `not_found` when no node carries
 * the id's number any more (its sandbox was stopped, and its traces with it).
 */
export function traceHolder(ctx: ArsenalContext, id: string): RemoteNode | undefined {
	const number = traceNodeNumber(id);
	if (number === undefined) return undefined;
	const entry = nodeByNumber(ctx, number);
	if (!entry) {
		throw new ArsenalError(
			'not_found',
			`No trace ${id}: node ${number}, which kept it, is gone (a stopped sandbox takes its traces with it).`,
			{ id }
		);
	}
	return entry.remote;
}
