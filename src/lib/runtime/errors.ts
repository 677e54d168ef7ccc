/**
 * The errors the runtime throws. Each has a stable `code` that the Arsenal layer maps to an
 * HTTP status and that survives a trip between workers (see `arsenal/wire.ts`).
 *
 * ```ts
 * try { await node.call('nobody', 'ping') } catch (e) { if (e instanceof CallExit) e.reason }
 * ```
 */
import type { ExitReason } from './types';

/** The base class: every error thrown by the runtime has a stable machine-readable `code`. */
export class RuntimeError extends Error {
	override name = 'RuntimeError';
	constructor(
		readonly code: string,
		message: string,
		readonly details?: unknown
	) {
		super(message);
	}
}

/**
 * A call that did not get its reply: the server was dead (`'noproc'`), exited during the call
 * (its reason), or did not answer in time (`'timeout'`). Like OTP's `exit({Reason, {gen_server, call, …}})`.
 */
export class CallExit extends RuntimeError {
	override name = 'CallExit';
	constructor(
		readonly reason: ExitReason,
		readonly server?: string
	) {
		super(
			reason === 'noproc' ? 'noproc' : reason === 'timeout' ? 'timeout' : 'exit',
			`call to ${server ?? 'server'} exited: ${describeReason(reason)}`,
			{ reason }
		);
	}
}

/** The named or given process does not exist (`link` to a dead pid, a call to nobody). */
export class NoprocError extends RuntimeError {
	override name = 'NoprocError';
	constructor(what: string) {
		super('noproc', `no process: ${what}`);
	}
}

/** A bad argument, as `erlang:error(badarg)`: sending to an unregistered name, for example. */
export class BadargError extends RuntimeError {
	override name = 'BadargError';
	constructor(message: string) {
		super('badarg', message);
	}
}

/** A limit of the node was reached, e.g. `maxProcesses`. */
export class SystemLimitError extends RuntimeError {
	override name = 'SystemLimitError';
	constructor(message: string) {
		super('system_limit', message);
	}
}

/** A name is already registered to another process. */
export class AlreadyRegisteredError extends RuntimeError {
	override name = 'AlreadyRegisteredError';
	constructor(
		readonly registeredName: string,
		readonly holder: unknown
	) {
		super(
			'already_registered',
			`name '${registeredName}' is already registered to ${String(holder)}`
		);
	}
}

/** A short human description of an exit reason, for error messages and logs. */
export function describeReason(reason: unknown): string {
	// A reason is any value a process exited with: it may be hostile (a proxy whose traps
	// throw, a getter that throws). Describing it never throws.
	try {
		if (typeof reason === 'string') return reason;
		if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
		return (
			// Errors nested in a reason (a child's start failure, say) keep their message.
			JSON.stringify(reason, (_k, v: unknown) =>
				typeof v === 'bigint' ? String(v) : v instanceof Error ? `${v.name}: ${v.message}` : v
			) ?? String(reason)
		);
	} catch {
		try {
			return String(reason);
		} catch {
			return '#Unreadable';
		}
	}
}
