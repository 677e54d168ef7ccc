/**
 * Task: run a function in a linked process and await its result, as Elixir's Task.
 *
 * ```ts
 * const t = Task.async(ctx, () => fetchScore());
 * const score = await Task.await(ctx, t, 1000);
 * ```
 */
import { CallExit } from './errors';
import { isDown } from './internal/call';
import type { Pid, Ref } from './pid';
import { processOf } from './process';
import { TIMEOUT, type DownMessage, type ProcessContext } from './types';

export interface TaskRef {
	pid: Pid;
	ref: Ref;
}

/** The task's result, tagged with the task's pid (pids are never reused). */
class TaskReply {
	constructor(
		readonly from: Pid,
		readonly value: unknown
	) {}
}

export const Task = {
	/** Starts `fn` in a process linked to and monitored by the caller. */
	async(ctx: ProcessContext, fn: () => unknown): TaskRef {
		const owner = processOf(ctx);
		const pid = owner.spawnLink(
			async (task) => {
				const value = await fn();
				task.send(owner.self, new TaskReply(task.self, value));
			},
			{ label: 'Task' }
		);
		const proc = pid._proc;
		if (proc) proc.behaviour = 'task';
		return { pid, ref: owner.monitor(pid) };
	},
	/**
	 * The task's result. Past the timeout (default 5000 ms) it rejects with CallExit 'timeout'
	 * and the task is killed; a task that exits without a result rejects with its reason.
	 */
	async await(ctx: ProcessContext, t: TaskRef, timeout = 5000): Promise<unknown> {
		const owner = processOf(ctx);
		const answer = await owner.receive<TaskReply | DownMessage>({
			match: (m) => (m instanceof TaskReply && m.from === t.pid) || (isDown(m) && m.ref === t.ref),
			timeout
		});
		if (answer instanceof TaskReply) {
			owner.demonitor(t.ref, { flush: true });
			return answer.value;
		}
		if (answer === TIMEOUT) {
			owner.unlink(t.pid);
			owner.exitSignal(t.pid, 'kill');
			owner.demonitor(t.ref, { flush: true });
			throw new CallExit('timeout', `Task ${String(t.pid)}`);
		}
		throw new CallExit(answer.reason, `Task ${String(t.pid)}`);
	}
};
