/**
 * Crash and supervisor reports: what Erlang's logger prints when a process dies abnormally or a
 * supervisor acts, and how OTP is learned. They reach `onTrace` listeners as
 * `{ type: 'report', report, at }` events; a host keeps and shows them (the runtime keeps none:
 * a report holds the dead process's state, which only a host can copy to a bounded size).
 *
 * ```ts
 * node.onTrace((e) => {
 *   if (e.type === 'report' && e.report.kind === 'crash') console.error(e.report.error?.message);
 * });
 * ```
 *
 * Which exits are reported follows OTP:
 * - a **crash report** for every exit whose reason is not `normal`, `shutdown` or
 *   `['shutdown', _]`: a body or callback that threw, `ctx.exit(reason)`, a server's `stop`,
 *   a failed `init`, and an exit signal that killed the process (`signalFrom` names its sender);
 * - a **supervisor report** `child_terminated` when a permanent child exits for any reason, and a
 *   transient or temporary one abnormally; `start_error` when a child fails to (re)start;
 *   `shutdown` with reason `reached_max_restart_intensity` when the supervisor gives up; and
 *   `shutdown_error` when a child it stops exits with another reason than the one it was sent.
 */
import type { Pid } from './pid';
import type { Process } from './process';
import type { FullChildSpec } from './supervision';
import type { Behaviour, ExitReason, Name } from './types';

/** What a thrown `Error` said, when a reason is one. */
export interface ReportedError {
	name: string;
	message: string;
	stack?: string;
}

/** A process ended with a reason other than normal, shutdown or ['shutdown', _]. */
export interface CrashReport {
	kind: 'crash';
	pid: Pid;
	/** Its registered name when it died. */
	name?: Name;
	label?: string;
	/** The callback module, for a behaviour. */
	module?: string;
	behaviour?: Behaviour;
	/** The process that spawned it ($ancestors' head). */
	parent?: Pid;
	reason: ExitReason;
	/** The error's name, message and stack, when the reason is an Error. */
	error?: ReportedError;
	/** It died of an exit signal (a link's, or `exit/2`) that this process sent. */
	signalFrom?: Pid;
	/**
	 * A server: the message it was handling (`['$gen_call', from, request]`, `['$gen_cast', msg]`
	 * or the info message). The key is there only when there was one (not for a failed init).
	 */
	lastMessage?: unknown;
	/** A server: its state when it crashed. The key is there only when it had one (after init). */
	state?: unknown;
}

/** Where in its work a supervisor was, as OTP's `errorContext`. */
export type SupervisorErrorContext =
	'child_terminated' | 'start_error' | 'shutdown' | 'shutdown_error';

/** The child a supervisor report is about (OTP's `offender`). */
export interface ReportedChild {
	/** A DynamicSupervisor's children carry their spec's id. */
	id: string;
	pid?: Pid;
	restart: FullChildSpec['restart'];
	shutdown: FullChildSpec['shutdown'];
	type: FullChildSpec['type'];
}

/** A supervisor acted on a child: it saw it exit, failed to start it, or gave up. */
export interface SupervisorReport {
	kind: 'supervisor';
	supervisor: Pid;
	/** The supervisor's registered name. */
	name?: Name;
	module?: string;
	errorContext: SupervisorErrorContext;
	/**
	 * The child's exit reason (child_terminated, shutdown_error), its start error (start_error),
	 * or `'reached_max_restart_intensity'` (shutdown).
	 */
	reason: ExitReason;
	child: ReportedChild;
	/** shutdown only: the limit that was passed, and the children whose exits used it up. */
	intensity?: {
		intensity: number;
		/** Seconds. */
		period: number;
		/** The ids of the restarts inside the period, oldest first (the last one passed the limit). */
		children: string[];
		/** Why the last of them exited. */
		lastReason: ExitReason;
	};
}

export type Report = CrashReport | SupervisorReport;

/** What ended a process beyond its reason, for its crash report. */
export type ExitCause =
	| { signalFrom: Pid }
	/** Each key is there only when the server had one (see CrashReport). */
	| { server: { lastMessage?: unknown; state?: unknown } };

/** normal, shutdown and ['shutdown', _] are clean exits: no crash report, no transient restart. */
export function isCleanExit(reason: ExitReason): boolean {
	return (
		reason === 'normal' ||
		reason === 'shutdown' ||
		(Array.isArray(reason) && reason.length === 2 && reason[0] === 'shutdown')
	);
}

/** The crash report of `p`, which is still alive (its name and state are still there). */
export function crashReport(p: Process, reason: ExitReason, cause?: ExitCause): CrashReport {
	const report: CrashReport = { kind: 'crash', pid: p.self, reason };
	if (p.name !== undefined) report.name = p.name;
	if (p.label !== undefined) report.label = p.label;
	if (p.module !== undefined) report.module = p.module;
	if (p.behaviour !== undefined) report.behaviour = p.behaviour;
	if (p.parent !== undefined) report.parent = p.parent;
	const error = errorOf(reason);
	if (error) report.error = error;
	if (cause && 'signalFrom' in cause) report.signalFrom = cause.signalFrom;
	else if (cause) {
		const { server } = cause;
		if ('lastMessage' in server) report.lastMessage = server.lastMessage;
		if ('state' in server) report.state = server.state;
	}
	return report;
}

/** The name, message and stack of an Error reason; never throws on a hostile value. */
function errorOf(reason: unknown): ReportedError | undefined {
	try {
		if (!(reason instanceof Error)) return undefined;
		const { name, message, stack } = reason;
		return {
			name: String(name),
			message: String(message),
			...(typeof stack === 'string' && { stack })
		};
	} catch {
		return undefined;
	}
}

/** The child a report names, from its spec and pid. */
export function reportedChild(spec: FullChildSpec, pid: Pid | undefined): ReportedChild {
	return {
		id: spec.id,
		...(pid !== undefined && { pid }),
		restart: spec.restart,
		shutdown: spec.shutdown,
		type: spec.type
	};
}

/**
 * OTP's rule for child_terminated: a permanent child is reported whatever its reason, a
 * transient or temporary one only when it exited abnormally.
 */
export function reportsTermination(spec: FullChildSpec, reason: ExitReason): boolean {
	return spec.restart === 'permanent' || !isCleanExit(reason);
}

/**
 * OTP's rule for shutdown_error: the reason a child stopped with is not the one it was sent
 * (`killed` for brutal_kill, `shutdown` otherwise), and, for a child that is not permanent, not
 * a clean exit either.
 */
export function isShutdownError(spec: FullChildSpec, reason: ExitReason): boolean {
	if (reason === (spec.shutdown === 'brutal_kill' ? 'killed' : 'shutdown')) return false;
	return spec.restart === 'permanent' || !isCleanExit(reason);
}

/** Emits a supervisor report from `sup`, when anyone listens. */
export function reportSupervisor(
	sup: Process,
	module: string | undefined,
	errorContext: SupervisorErrorContext,
	reason: ExitReason,
	child: ReportedChild,
	intensity?: SupervisorReport['intensity']
): void {
	const node = sup.node;
	if (!node.tracing) return;
	const report: SupervisorReport = {
		kind: 'supervisor',
		supervisor: sup.self,
		errorContext,
		reason,
		child
	};
	if (sup.name !== undefined) report.name = sup.name;
	if (module !== undefined) report.module = module;
	if (intensity) report.intensity = intensity;
	node.trace({ type: 'report', report, at: node.now() });
}
