/**
 * The /cluster page's event list: what changed between two readings of the topology (a node
 * started or went down, a connection cut or back), and what the nodes' event streams say (an
 * abnormal exit, such as a remote monitor's watch ending with `noconnection`; a restart; a
 * nodeup or nodedown as that node saw it).
 */
import type { ObserverEvent } from '$lib/stream/events';
import { formatTerm } from '$lib/observer/text';
import type { ClusterNode, Connection, Topology } from './cluster_types';

export interface ClusterEvent {
	/** Increasing: a key for the list. */
	id: number;
	/** `Date.now()` when the page saw it. */
	at: number;
	tone: 'info' | 'ok' | 'warn' | 'error';
	text: string;
}

export type EventLine = Omit<ClusterEvent, 'id' | 'at'>;

/** `a@sim ⇄ b@sim`: a pair, in the order the topology names it. */
export const pairKey = (c: Pick<Connection, 'a' | 'b'>) => `${c.a} ⇄ ${c.b}`;

function nodeLine(node: ClusterNode, before: ClusterNode | undefined): EventLine | null {
	if (before?.status === node.status) return null;
	switch (node.status) {
		case 'starting':
			return { tone: 'info', text: `${node.name} is starting.` };
		case 'up':
			return { tone: 'ok', text: `${node.name} is up.` };
		case 'down':
			return {
				tone: 'error',
				text: `${node.name} went down${node.downReason ? ` (${node.downReason})` : ''}.`
			};
		case 'stopped':
			return { tone: 'info', text: `${node.name} stopped.` };
	}
}

function connectionLine(c: Connection, before: Connection | undefined): EventLine | null {
	const pair = pairKey(c);
	if (before?.status !== c.status) {
		if (c.status === 'cut') return { tone: 'error', text: `${pair}: cut by a partition.` };
		if (c.status === 'one_way') {
			const way = c.cut ? `${c.cut.from} no longer reaches ${c.cut.to}` : 'one way';
			return { tone: 'warn', text: `${pair}: cut one way (${way}).` };
		}
		return before
			? { tone: 'ok', text: `${pair}: connected again.` }
			: { tone: 'ok', text: `${pair}: connected.` };
	}
	if (before.latencyMs !== c.latencyMs || before.loss !== c.loss) {
		return { tone: 'info', text: `${pair}: ${linkText(c)}.` };
	}
	return null;
}

/** `latency 200 ms, loss 10%`. */
export function linkText(c: Pick<Connection, 'latencyMs' | 'loss'>): string {
	return `latency ${c.latencyMs} ms, loss ${Math.round(c.loss * 100)}%`;
}

/** What changed from `before` (null: the first reading, which is news only in part) to `after`. */
export function topologyChanges(before: Topology | null, after: Topology): EventLine[] {
	const lines: EventLine[] = [];
	const nodes = new Map(before?.nodes.map((n) => [n.name, n]));
	for (const node of after.nodes) {
		if (node.system) continue;
		const line = nodeLine(node, nodes.get(node.name));
		if (line && (before || node.status !== 'up')) lines.push(line);
		nodes.delete(node.name);
	}
	for (const gone of nodes.values()) {
		if (!gone.system) lines.push({ tone: 'info', text: `${gone.name} is gone.` });
	}
	const connections = new Map(before?.connections.map((c) => [pairKey(c), c]));
	for (const c of after.connections) {
		const line = connectionLine(c, connections.get(pairKey(c)));
		if (line && (before || c.status !== 'up')) lines.push(line);
	}
	return lines;
}

const QUIET = new Set(['normal', 'shutdown']);

function quietReason(reason: unknown): boolean {
	return (
		(typeof reason === 'string' && QUIET.has(reason)) ||
		(Array.isArray(reason) && reason[0] === 'shutdown')
	);
}

/** A node's stream events worth a line: abnormal exits, restarts, nodes up and down. */
export function streamLines(node: string, events: readonly ObserverEvent[]): EventLine[] {
	const lines: EventLine[] = [];
	for (const e of events) {
		if (e.type === 'exit' && !quietReason(e.reason)) {
			lines.push({ tone: 'warn', text: `${node}: ${e.pid} exited: ${formatTerm(e.reason)}` });
		} else if (e.type === 'nodeup' || e.type === 'nodedown') {
			const why = e.reason ? ` (${e.reason})` : '';
			lines.push({
				tone: e.type === 'nodeup' ? 'ok' : 'error',
				text: `${node}: ${e.type} ${e.node}${why}`
			});
		} else if (e.type === 'restart') {
			lines.push({
				tone: 'info',
				text: `${node}: ${e.childId} restarted after ${formatTerm(e.reason)}`
			});
		}
	}
	return lines;
}
