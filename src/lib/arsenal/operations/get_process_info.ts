import { z } from 'zod';
import { BEHAVIOURS } from '../inspect';
import { requirePid } from '../context';
import { defineOperation } from '../operation';
import { list, pid } from '../params';

const KEYS = [
	'name',
	'label',
	'status',
	'messageQueueLen',
	'links',
	'monitors',
	'monitoredBy',
	'trapExit',
	'parent',
	'behaviour',
	'module',
	'reductions',
	'memory',
	'startedAt'
] as const;

export default defineOperation({
	name: 'get_process_info',
	category: 'processes',
	summary: "A process's info",
	description:
		'What erlang:process_info/1 tells of a live process: its status, queue, links, monitors, ' +
		'parent, behaviour and module, reductions and memory. keys picks some of them.',
	method: 'GET',
	path: '/processes/:pid',
	params: z.strictObject({
		pid: pid(),
		keys: list(z.array(z.enum(KEYS)).min(1))
			.optional()
			.describe('Only these keys (comma-separated or repeated); all by default.')
	}),
	result: z
		.object({
			pid: z.string(),
			node: z.string(),
			system: z.boolean().describe("Part of SuperLearner's own supervision tree."),
			name: z.string().optional(),
			label: z.string().optional(),
			status: z.enum(['runnable', 'waiting', 'running', 'exiting']).optional(),
			messageQueueLen: z.number().int().optional(),
			links: z.array(z.string()).optional(),
			monitors: z.array(z.string()).optional().describe('Monitors this process holds (refs).'),
			monitoredBy: z.array(z.string()).optional(),
			trapExit: z.boolean().optional(),
			parent: z.string().optional(),
			behaviour: z.enum(BEHAVIOURS).optional(),
			module: z.string().optional(),
			reductions: z.number().int().optional(),
			memory: z.number().int().optional(),
			startedAt: z.number().optional()
		})
		.describe('The info; keys without a value (no name, no module) are left out.'),
	run({ pid, keys }, ctx) {
		const { entry, info } = requirePid(ctx, pid);
		const full: Record<string, unknown> = { ...info, behaviour: info.behaviour ?? 'none' };
		const data: Record<string, unknown> = {
			pid: String(info.pid),
			node: entry.node.name,
			system: ctx.systemPids.has(info.pid)
		};
		for (const key of keys ?? KEYS) {
			if (full[key] !== undefined) data[key] = full[key];
		}
		return { data };
	},
	examples: [
		{ summary: 'Everything about Demo.Counter', params: { pid: 'Demo.Counter' } },
		{
			summary: 'Only the links and queue of Demo.Supervisor',
			params: { pid: 'Demo.Supervisor', keys: 'links,messageQueueLen' }
		}
	]
});
