import { z } from 'zod';
import type { Pid } from '$lib/runtime';
import { livePids } from '../context';
import { defineOperation } from '../operation';

const NodeHealth = z.object({
	name: z.string(),
	number: z.number().int(),
	processes: z.number().int(),
	restartsLastMinute: z.number().int(),
	messageQueueTotal: z.number().int().describe('Messages waiting in every mailbox.'),
	longestQueue: z
		.object({ pid: z.string(), length: z.number().int() })
		.nullable()
		.describe('The process with the most messages waiting; null when every mailbox is empty.'),
	now: z.number().describe('The node clock, ms.')
});

export default defineOperation({
	name: 'system_health',
	category: 'system',
	summary: 'Health figures',
	description:
		'Per node and in total: live processes, supervisor restarts in the last minute (of the ' +
		'node clock), messages waiting in mailboxes, and the longest queue; and whether the system ' +
		'works (status ok), is restarting after SuperLearner.Supervisor died (degraded), or gave up (failed).',
	method: 'GET',
	path: '/system/health',
	params: z.strictObject({}),
	result: z.object({
		status: z.enum(['ok', 'degraded', 'failed']),
		reason: z.string().optional().describe('Why it is not ok.'),
		processes: z.number().int(),
		restartsLastMinute: z.number().int(),
		messageQueueTotal: z.number().int(),
		nodes: z.array(NodeHealth)
	}),
	run(_params, ctx) {
		const nodes = ctx.nodes.map((entry) => {
			const { node } = entry;
			let processes = 0;
			let queued = 0;
			let longest: { pid: Pid; length: number } | null = null;
			for (const pid of livePids(entry).pids) {
				const info = node.processInfo(pid);
				if (!info) continue;
				processes++;
				queued += info.messageQueueLen;
				if (info.messageQueueLen > (longest?.length ?? 0)) {
					longest = { pid, length: info.messageQueueLen };
				}
			}
			const now = node.now();
			return {
				name: node.name,
				number: entry.number,
				processes,
				restartsLastMinute: entry.restartsSince(now - 60_000),
				messageQueueTotal: queued,
				longestQueue: longest && { pid: String(longest.pid), length: longest.length },
				now
			};
		});
		const sum = (key: 'processes' | 'restartsLastMinute' | 'messageQueueTotal') =>
			nodes.reduce((n, node) => n + node[key], 0);
		const health = ctx.health?.() ?? { status: 'ok' };
		return {
			data: {
				status: health.status,
				...(health.status !== 'ok' && { reason: health.reason }),
				processes: sum('processes'),
				restartsLastMinute: sum('restartsLastMinute'),
				messageQueueTotal: sum('messageQueueTotal'),
				nodes
			}
		};
	},
	examples: [{ summary: 'The figures now', params: {} }]
});
