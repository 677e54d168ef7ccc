/**
 * Hot code change of one running process, as OTP's `sys:change_code/4`: the process keeps its
 * pid, its mailbox and (through `codeChange`) its state, and runs the new module's callbacks
 * from its next message on. Not part of the contract: the sandbox's hot reload uses it.
 *
 * ```ts
 * await suspend(node, pid, 2_000); // rejects with a 'timeout' CallExit if it stays busy
 * try {
 *   await changeCode(node, pid, CounterV2, 'v1', null); // CounterV2.codeChange('v1', state, null)
 * } finally {
 *   await GenServer.resume(node, pid);
 * }
 * ```
 *
 * As in OTP the process must be suspended. A GenServer runs the new module's
 * `codeChange(oldVsn, state, extra)` inside the process (no `codeChange`: the state is kept);
 * a Supervisor calls the new module's `init` with its original args again and takes the new
 * flags and child specs (see its `[swapModule]` in supervisor.ts). When that throws or answers
 * badly, the process keeps its old module and state, and the promise rejects.
 */
import { destText } from './remote';
import { describeReason, RuntimeError } from './errors';
import { SysRequest } from './internal/sys';
import type { GenServerModule } from './gen_server';
import type { SupervisorModule } from './supervisor';
import type { Caller, Dest } from './types';

/** Why a code change was refused; `reason` is what the process answered. */
export class CodeChangeError extends RuntimeError {
	override name = 'CodeChangeError';
	constructor(
		readonly server: string,
		readonly reason: unknown
	) {
		super('code_change_failed', `code change of ${server} failed: ${describeReason(reason)}`, {
			reason: describeReason(reason)
		});
	}
}

/**
 * Changes `server`'s callback module to `mod`; resolves once it has, rejects with a
 * {@link CodeChangeError} (nothing changed) or a `CallExit` (no such process).
 */
export async function changeCode(
	caller: Caller,
	server: Dest,
	mod: GenServerModule | SupervisorModule,
	oldVsn: string | undefined,
	extra: unknown
): Promise<void> {
	const request = SysRequest.changeCode(mod, oldVsn, extra);
	const answer = await caller.call<{ ok: unknown } | { error: unknown }>(
		server,
		request,
		'infinity'
	);
	if ('error' in answer) throw new CodeChangeError(destText(server), answer.error);
}

/**
 * `sys:suspend/2` with a deadline: resolves once `server` is suspended (it then handles only
 * system messages), rejects with a `CallExit` whose reason is `'timeout'` when it did not get
 * to the request in `timeout` ms (busy in a callback, perhaps calling another suspended
 * process) or `'noproc'`. A timed-out request stays in its mailbox: send a resume after it.
 */
export async function suspend(
	caller: Caller,
	server: Dest,
	timeout: number | 'infinity'
): Promise<void> {
	const answer = await caller.call<{ ok: unknown } | { error: unknown }>(
		server,
		SysRequest.suspend(),
		timeout
	);
	if ('error' in answer) throw new CodeChangeError(destText(server), answer.error);
}
