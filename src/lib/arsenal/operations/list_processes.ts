import { z } from 'zod';
import { ArsenalError } from '../errors';
import type { ProcessInfo } from '$lib/runtime';
import { int } from '../params';
import { BEHAVIOURS, ProcessRow, processRow } from '../inspect';
import { defineOperation } from '../operation';
import { livePids, type ArsenalNode } from '../context';

const SORTS = ['pid', 'name', 'reductions', 'memory', 'messageQueueLen'] as const;

export default defineOperation({
	name: 'list_processes',
	category: 'processes',
	summary: 'List processes',
	description:
		'Every live process on every node, a page at a time. Filter by node, behaviour and a name ' +
		'substring (matched against the registered name, label and module); sort by pid, name, ' +
		'reductions, memory or message queue length.',
	method: 'GET',
	path: '/processes',
	params: z.strictObject({
		node: z.string().max(200).optional().describe('Only processes of the node with this name.'),
		behaviour: z
			.enum(BEHAVIOURS)
			.optional()
			.describe("Only processes of this behaviour; 'none' for plain processes."),
		name: z
			.string()
			.max(200)
			.optional()
			.describe('Only processes whose name, label or module contains this (any case).'),
		sort: z.enum(SORTS).default('pid').describe('What to sort by.'),
		order: z
			.enum(['asc', 'desc'])
			.optional()
			.describe('Default: asc for pid and name, desc for the figures.'),
		page: int(z.number().int().min(1)).prefault(1).describe('The page, from 1.'),
		perPage: int(z.number().int().min(1).max(1000)).prefault(100).describe('Rows per page.')
	}),
	result: z.array(ProcessRow).describe('The page of processes.'),
	meta: z.object({
		total: z.number().int().describe('Processes matching the filters.'),
		totalProcesses: z.number().int().describe('Live processes on the nodes searched.'),
		page: z.number().int(),
		perPage: z.number().int(),
		totalPages: z.number().int(),
		sort: z.enum(SORTS),
		order: z.enum(['asc', 'desc'])
	}),
	errors: ['not_found'],
	run(params, ctx) {
		const nodes = params.node ? ctx.nodes.filter((n) => n.node.name === params.node) : ctx.nodes;
		if (params.node && nodes.length === 0) {
			return notFoundNode(params.node, ctx.nodes);
		}
		const order =
			params.order ?? (params.sort === 'pid' || params.sort === 'name' ? 'asc' : 'desc');
		const start = (params.page - 1) * params.perPage;
		const filtered = params.behaviour !== undefined || params.name !== undefined;
		let rows: Array<[ArsenalNode, ProcessInfo]>;
		let total: number;
		let totalProcesses = 0;
		if (!filtered && params.sort === 'pid') {
			// Pids are listed in spawn order: a page needs the info of its own rows only.
			const lists = [...nodes]
				.sort((a, b) => a.number - b.number)
				.map((entry) => ({ entry, ...livePids(entry) }));
			if (order === 'desc') lists.reverse();
			total = totalProcesses = lists.reduce((n, list) => n + list.size, 0);
			rows = [];
			let skip = start;
			for (const { entry, size, pids } of lists) {
				const want = params.perPage - rows.length;
				if (skip >= size) {
					skip -= size;
					continue;
				}
				// The window of this node's list, in spawn order, that the page takes.
				const from = order === 'asc' ? skip : Math.max(0, size - skip - want);
				const to = order === 'asc' ? Math.min(size, skip + want) : size - skip;
				const window = take(pids, from, to);
				if (order === 'desc') window.reverse();
				for (const pid of window) {
					const info = entry.node.processInfo(pid);
					if (info) rows.push([entry, info]);
				}
				skip = 0;
				if (rows.length >= params.perPage) break;
			}
		} else {
			const needle = params.name?.toLowerCase();
			const matching: Array<[ArsenalNode, ProcessInfo]> = [];
			for (const entry of nodes) {
				for (const pid of livePids(entry).pids) {
					const info = entry.node.processInfo(pid);
					if (!info) continue;
					totalProcesses++;
					if (params.behaviour && (info.behaviour ?? 'none') !== params.behaviour) continue;
					if (needle && !matches(info, needle)) continue;
					matching.push([entry, info]);
				}
			}
			matching.sort(comparator(params.sort, order));
			total = matching.length;
			rows = matching.slice(start, start + params.perPage);
		}
		return {
			data: rows.map(([entry, info]) => processRow(entry, info, ctx.systemPids.has(info.pid))),
			meta: {
				total,
				totalProcesses,
				page: params.page,
				perPage: params.perPage,
				totalPages: Math.ceil(total / params.perPage),
				sort: params.sort,
				order
			}
		};
	},
	examples: [
		{ summary: 'The first five processes', params: { perPage: 5 } },
		{ summary: 'Supervisors, by name', params: { behaviour: 'supervisor', sort: 'name' } },
		{ summary: 'The longest message queues', params: { sort: 'messageQueueLen', perPage: 10 } },
		{ summary: 'Processes of the demo application', params: { name: 'Demo' } }
	]
});

function notFoundNode(name: string, nodes: readonly ArsenalNode[]): never {
	const known = nodes.map((n) => n.node.name).join(', ');
	throw new ArsenalError('not_found', `No node named '${name}'; the nodes are ${known}.`, {
		node: name
	});
}

/** Items `from` (inclusive) to `to` (exclusive) of `items`, walking it no further than `to`. */
function take<T>(items: Iterable<T>, from: number, to: number): T[] {
	const out: T[] = [];
	let i = 0;
	for (const item of items) {
		if (i >= to) break;
		if (i >= from) out.push(item);
		i++;
	}
	return out;
}

function matches(info: ProcessInfo, needle: string): boolean {
	return [info.name, info.label, info.module].some((s) => s?.toLowerCase().includes(needle));
}

type Compare = (a: [ArsenalNode, ProcessInfo], b: [ArsenalNode, ProcessInfo]) => number;

function comparator(sort: (typeof SORTS)[number], order: 'asc' | 'desc'): Compare {
	const sign = order === 'asc' ? 1 : -1;
	const byPid: Compare = ([, a], [, b]) => a.pid.node - b.pid.node || a.pid.id - b.pid.id;
	if (sort === 'pid') return (a, b) => sign * byPid(a, b);
	if (sort === 'name') {
		// Unnamed processes come last in either order.
		const key = (i: ProcessInfo) => i.name ?? i.label ?? i.module ?? '';
		return (a, b) => {
			const ka = key(a[1]);
			const kb = key(b[1]);
			if (!ka || !kb) return Number(!ka) - Number(!kb) || byPid(a, b);
			return sign * ka.localeCompare(kb) || byPid(a, b);
		};
	}
	return (a, b) => sign * (a[1][sort] - b[1][sort]) || byPid(a, b);
}
