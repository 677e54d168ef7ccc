/**
 * "Start the netsplit demo": three nodes a, b and c running the distributed template, whose
 * workers on a are watched from b and c and whose names are registered cluster-wide.
 */
import { templateById } from '$lib/sandbox/templates';
import type { ClusterClient } from './cluster_client';

export const DEMO_TEMPLATE = 'distributed';
export const DEMO_NODES = ['a', 'b', 'c'] as const;

/** Starts the demo's nodes that `running` (short names) does not have yet, in order. */
export async function startNetsplitDemo(
	cluster: ClusterClient,
	running: readonly string[]
): Promise<string[]> {
	const template = templateById(DEMO_TEMPLATE);
	if (!template) throw new Error(`No template '${DEMO_TEMPLATE}'.`);
	const started: string[] = [];
	for (const name of DEMO_NODES.filter((n) => !running.includes(n))) {
		const node = await cluster.startNode(name, { files: template.files, entry: template.entry });
		started.push(node.name);
	}
	return started;
}
