import { z } from 'zod';
import type { DownMessage, Node, Pid } from '$lib/runtime';
import { guardSystem, requirePid } from '../context';
import { defineOperation } from '../operation';
import { force, int, pid, reason } from '../params';

export default defineOperation({
	name: 'kill_process',
	category: 'processes',
	summary: 'Send a process an exit signal',
	description:
		'Sends an exit signal from outside any process, as erlang:exit/2 from the shell. The ' +
		"default reason 'kill' cannot be trapped: the process dies with 'killed', and its supervisor " +
		"restarts it. Other reasons follow OTP's rules: a process that traps exits gets an EXIT " +
		"message instead, and 'normal' leaves a process that does not trap alone. Answers whether " +
		"the process exited within waitMs. SuperLearner's own processes answer 403 unless force is true.",
	method: 'DELETE',
	path: '/processes/:pid',
	params: z.strictObject({
		pid: pid(),
		reason: reason(
			'kill',
			"The exit reason: 'kill' (untrappable), 'shutdown', 'normal' or any text."
		),
		force: force(),
		waitMs: int(z.number().int().min(1).max(5000))
			.prefault(1000)
			.describe('How long to wait for the process to exit, in ms.')
	}),
	result: z.object({
		pid: z.string(),
		reason: z.string().describe('The reason sent.'),
		exited: z.boolean().describe('Whether the process exited within waitMs.'),
		exitReason: z.json().optional().describe("Why it exited ('killed' for 'kill')."),
		node: z.string()
	}),
	errors: ['unauthorized'],
	authorize: ({ pid, force }, ctx) => guardSystem(ctx, pid, force, 'kill'),
	async run({ pid, reason, waitMs }, ctx) {
		const { pid: target, entry } = requirePid(ctx, pid);
		const exit = await exitAndWait(entry.node, target, reason, waitMs);
		return {
			data: {
				pid: String(target),
				reason,
				exited: exit.exited,
				...(exit.exited && { exitReason: exit.reason }),
				node: entry.node.name
			}
		};
	},
	examples: [
		{ summary: 'Kill Demo.Flaky: its supervisor restarts it', params: { pid: 'Demo.Flaky' } },
		{
			summary: 'Shut Demo.Consumer down (rest_for_one: nothing after it)',
			params: { pid: 'Demo.Consumer', reason: 'shutdown' }
		}
	]
});

/** Monitors `pid`, sends it the exit signal from the node, and waits for its DOWN. */
function exitAndWait(
	node: Node,
	pid: Pid,
	reason: string,
	waitMs: number
): Promise<{ exited: boolean; reason?: unknown }> {
	return new Promise((resolve) => {
		node.spawn(
			async (ctx) => {
				const ref = ctx.monitor(pid);
				node.exit(pid, reason);
				const down = await ctx.receive<DownMessage>({
					match: (m) =>
						(m as DownMessage | null)?.kind === 'DOWN' && (m as DownMessage).ref === ref,
					timeout: waitMs
				});
				if (typeof down === 'object') resolve({ exited: true, reason: down.reason });
				else {
					ctx.demonitor(ref, { flush: true });
					resolve({ exited: false });
				}
			},
			{ label: 'arsenal kill_process' }
		);
	});
}
