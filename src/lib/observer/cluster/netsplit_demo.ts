/**
 * "Start the netsplit demo": `count` nodes a, b, c… (the system's cluster.nodeCount, 3 by
 * default) running the distributed template, whose workers on a are watched from every other
 * node and whose names are registered cluster-wide. The template's CLUSTER list is made to name
 * the nodes started, so that each connects to all the others.
 */
import { templateById } from '$lib/sandbox/templates';
import type { ClusterClient } from './cluster_client';

export const DEMO_TEMPLATE = 'distributed';
/** The demo's nodes, as many as cluster.nodeCount takes at most. */
export const DEMO_NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] as const;
/** The line of the template's cluster.ts that lists its nodes. */
const CLUSTER_LINE = /^export const CLUSTER = \[.*\];$/m;

/** The first `count` names (2 to 8). */
export function demoNodes(count: number): string[] {
	return DEMO_NAMES.slice(0, Math.min(Math.max(count, 2), DEMO_NAMES.length));
}

/** The template's files with its CLUSTER naming `nodes`. */
export function demoFiles(files: Record<string, string>, nodes: string[]): Record<string, string> {
	const cluster = files['cluster.ts'];
	if (cluster === undefined || !CLUSTER_LINE.test(cluster)) {
		throw new Error(`The '${DEMO_TEMPLATE}' template has no CLUSTER list in cluster.ts.`);
	}
	const list = nodes.map((n) => `'${n}@sim'`).join(', ');
	return {
		...files,
		'cluster.ts': cluster.replace(CLUSTER_LINE, `export const CLUSTER = [${list}];`)
	};
}

/** Starts the demo's `count` nodes that `running` (short names) does not have yet, in order. */
export async function startNetsplitDemo(
	cluster: ClusterClient,
	running: readonly string[],
	count = 3
): Promise<string[]> {
	const template = templateById(DEMO_TEMPLATE);
	if (!template) throw new Error(`No template '${DEMO_TEMPLATE}'.`);
	const nodes = demoNodes(count);
	const files = demoFiles(template.files, nodes);
	const started: string[] = [];
	for (const name of nodes.filter((n) => !running.includes(n))) {
		const node = await cluster.startNode(name, { files, entry: template.entry });
		started.push(node.name);
	}
	return started;
}
