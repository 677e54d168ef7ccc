import { z } from 'zod';
import { defineOperation } from '../operation';
import { int } from '../params';
import { livePids } from '../context';
import { BEHAVIOURS, ProcessRow, processRow } from '../inspect';
import { clusterNodes, nodeName } from '../cluster_schemas';

export default defineOperation({
	name: 'list_cluster_processes',
	category: 'cluster',
	summary: "The cluster's processes",
	description:
		'The live processes of the simulated nodes (or of one), each with its node, a page at a ' +
		'time in node and spawn order; filter by behaviour.',
	method: 'GET',
	path: '/cluster/processes',
	// `node` names a cluster node, but the cluster is the system node's: never forwarded there.
	local: true,
	params: z.strictObject({
		node: nodeName().optional().describe("Only this node's: 'a' or 'a@sim'."),
		behaviour: z
			.enum(BEHAVIOURS)
			.optional()
			.describe("Only processes of this behaviour; 'none' for plain processes."),
		limit: int(z.number().int().min(1).max(1000)).prefault(100).describe('Rows at most.'),
		offset: int(z.number().int().min(0)).prefault(0).describe('Rows skipped.')
	}),
	result: z.object({ processes: z.array(ProcessRow), total: z.number().int() }),
	errors: ['not_found'],
	async run({ node, behaviour, limit, offset }, ctx) {
		const entries = (await clusterNodes(ctx, node)).sort((a, b) => a.number - b.number);
		const rows = entries.flatMap((entry) =>
			[...livePids(entry).pids].flatMap((pid) => {
				const info = entry.node.processInfo(pid);
				if (!info || (behaviour && (info.behaviour ?? 'none') !== behaviour)) return [];
				return [processRow(entry, info, false)];
			})
		);
		return { data: { processes: rows.slice(offset, offset + limit), total: rows.length } };
	},
	examples: [
		{ summary: 'Every cluster process', params: {} },
		{ summary: "Node a's supervisors", params: { node: 'a', behaviour: 'supervisor' } }
	]
});
