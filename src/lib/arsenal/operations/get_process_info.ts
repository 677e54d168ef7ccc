import { z } from 'zod';
import type { Pid } from '$lib/runtime';
import { queuedMessages } from '$lib/runtime/host';
import { BEHAVIOURS } from '../inspect';
import { requirePid } from '../context';
import { defineOperation } from '../operation';
import { list, pid } from '../params';
import { serialize, type Json } from '../serialize';

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
	'startedAt',
	'messages'
] as const;

/** The mailbox shows this many of the oldest messages, as observer's Messages tab. */
const MAILBOX_SHOWN = 100;
/** Each shown message is cut to about this much, so that a huge one cannot swell the answer. */
const MESSAGE_LIMITS = { maxDepth: 8, maxNodes: 500, maxString: 500 };

export default defineOperation({
	name: 'get_process_info',
	category: 'processes',
	summary: "A process's info",
	description:
		'What erlang:process_info/1 tells of a live process: its status, queue, links, monitors, ' +
		'parent, behaviour and module, reductions and memory; and, as process_info(Pid, messages), ' +
		`the oldest ${MAILBOX_SHOWN} messages in its mailbox (messageQueueLen counts them all). ` +
		'keys picks some of them: the list pages leave messages out.',
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
			startedAt: z.number().optional(),
			messages: z
				.array(z.json())
				.optional()
				.describe(
					`The oldest ${MAILBOX_SHOWN} queued messages, oldest first, serialized (long ones cut). ` +
						"A GenServer's calls and casts show as ['$gen_call', [pid, ref], request] and " +
						"['$gen_cast', message], system requests as ['system', [pid, ref], request]."
				)
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
			if (key === 'messages') data.messages = mailbox(info.pid);
			else if (full[key] !== undefined) data[key] = full[key];
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

function mailbox(pid: Pid): Json[] {
	const messages = queuedMessages(pid, MAILBOX_SHOWN) ?? [];
	return messages.map((m) => serialize(m, MESSAGE_LIMITS));
}
