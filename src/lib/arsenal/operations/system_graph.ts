import { z } from 'zod';
import type { Pid, ProcessInfo } from '$lib/runtime';
import { supervisorInfo } from '$lib/runtime/host';
import { livePids, type ArsenalNode } from '../context';
import { ArsenalError } from '../errors';
import { BEHAVIOURS, processIdentity } from '../inspect';
import { defineOperation } from '../operation';
import { int } from '../params';

export default defineOperation({
	name: 'system_graph',
	category: 'system',
	summary: 'The process graph',
	description:
		'Processes as vertices and three kinds of edges among them: links (undirected), monitors ' +
		'(watcher → watched) and supervision (supervisor → child, with the child id). At most ' +
		'limit processes, in spawn order; edges to processes left out are left out too.',
	method: 'GET',
	path: '/system/graph',
	params: z.strictObject({
		node: z.string().max(200).optional().describe('Only the node with this name.'),
		limit: int(z.number().int().min(1).max(10_000)).prefault(2000).describe('Most processes.')
	}),
	result: z.object({
		processes: z.array(
			z.object({
				pid: z.string(),
				node: z.string(),
				name: z.string().optional(),
				label: z.string().optional(),
				behaviour: z.enum(BEHAVIOURS),
				module: z.string().optional(),
				system: z.boolean()
			})
		),
		links: z.array(z.object({ a: z.string(), b: z.string() })),
		monitors: z.array(z.object({ watcher: z.string(), target: z.string() })),
		supervision: z.array(
			z.object({ supervisor: z.string(), child: z.string(), id: z.string().optional() })
		)
	}),
	meta: z.object({
		totalProcesses: z.number().int(),
		included: z.number().int(),
		truncated: z.boolean()
	}),
	errors: ['not_found'],
	async run({ node, limit }, ctx) {
		const nodes = node ? ctx.nodes.filter((n) => n.node.name === node) : ctx.nodes;
		if (node && nodes.length === 0) {
			throw new ArsenalError('not_found', `No node named '${node}'.`, { node });
		}
		let totalProcesses = 0;
		const included: Array<[ArsenalNode, ProcessInfo]> = [];
		for (const entry of nodes) {
			const { size, pids } = livePids(entry);
			totalProcesses += size;
			for (const pid of pids) {
				if (included.length >= limit) break;
				const info = entry.node.processInfo(pid);
				if (info) included.push([entry, info]);
			}
		}
		const inGraph = new Set<Pid>(included.map(([, info]) => info.pid));
		const links: Array<{ a: string; b: string }> = [];
		const monitors: Array<{ watcher: string; target: string }> = [];
		for (const [, info] of included) {
			for (const other of info.links) {
				// Each link once: from the older process to the younger.
				if (inGraph.has(other) && order(info.pid, other) < 0) {
					links.push({ a: String(info.pid), b: String(other) });
				}
			}
			for (const watcher of info.monitoredBy) {
				if (inGraph.has(watcher))
					monitors.push({ watcher: String(watcher), target: String(info.pid) });
			}
		}
		const supervision: Array<{ supervisor: string; child: string; id?: string }> = [];
		await Promise.all(
			included
				.filter(([, i]) => i.behaviour === 'supervisor' || i.behaviour === 'dynamic_supervisor')
				.map(async ([entry, info]) => {
					try {
						const sup = await supervisorInfo(entry.node, info.pid);
						for (const c of sup.children) {
							if (typeof c.pid === 'object' && inGraph.has(c.pid)) {
								supervision.push({
									supervisor: String(info.pid),
									child: String(c.pid),
									...(c.id !== undefined && { id: c.id })
								});
							}
						}
					} catch {
						// it exited while we looked
					}
				})
		);
		return {
			data: {
				processes: included.map(([entry, info]) =>
					processIdentity(entry, info, ctx.systemPids.has(info.pid))
				),
				links,
				monitors,
				supervision
			},
			meta: {
				totalProcesses,
				included: included.length,
				truncated: included.length < totalProcesses
			}
		};
	},
	examples: [
		{ summary: 'The whole graph', params: {} },
		{ summary: 'The first 50 processes', params: { limit: 50 } }
	]
});

function order(a: Pid, b: Pid): number {
	return a.node - b.node || a.id - b.id;
}
