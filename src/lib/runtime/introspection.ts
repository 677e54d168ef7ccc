/**
 * What the observer pages and Arsenal need to see of processes beyond the OTP contract: a
 * supervisor's flags, its children with their specs, and the restarts inside its current
 * intensity window (read through `:sys.get_state`, as observer does); a mailbox's messages.
 *
 * ```ts
 * const info = await supervisorInfo(node, sup);
 * info.restartsInWindow; // e.g. 1 of info.intensity = 3 within info.period seconds
 * ```
 */
import type { DynamicState } from './dynamic_supervisor';
import { GenServer } from './gen_server';
import { CallRequest, CastRequest } from './internal/call';
import { SysRequest } from './internal/sys';
import type { NodeImpl } from './node';
import type { Pid } from './pid';
import type { SupervisorState } from './supervisor';
import { destText, liveLocal } from './remote';
import type { Caller, Dest, Node } from './types';

export interface SupervisedChild {
	/** The spec id; a DynamicSupervisor's children have none (their spec's id is shown). */
	id: string | undefined;
	pid: Pid | 'restarting' | undefined;
	restart: 'permanent' | 'transient' | 'temporary';
	shutdown: number | 'brutal_kill' | 'infinity';
	type: 'worker' | 'supervisor';
	modules: string[];
}

export interface SupervisorInfo {
	pid: Pid;
	module?: string;
	dynamic: boolean;
	strategy: 'one_for_one' | 'one_for_all' | 'rest_for_one';
	intensity: number;
	/** Seconds. */
	period: number;
	maxChildren?: number | 'infinity';
	children: SupervisedChild[];
	/** Restarts counted against `intensity` right now (older ones have aged out). */
	restartsInWindow: number;
	/** Node-clock ms of those restarts. */
	restartTimes: number[];
}

/** A supervisor's or a DynamicSupervisor's flags, children and restart window. */
export async function supervisorInfo(caller: Caller, sup: Dest): Promise<SupervisorInfo> {
	const node = ('node' in caller ? caller.node : caller) as Node;
	const pid = liveLocal(node, sup);
	const info = pid && node.processInfo(pid);
	if (!pid || !info) throw new Error(`no supervisor ${destText(sup)}`);
	const dynamic = info.behaviour === 'dynamic_supervisor';
	const state = await GenServer.getState<SupervisorState | DynamicState>(caller, pid);
	const now = node.now();
	const period = 'flags' in state ? state.flags.period : state.period;
	const restartTimes = state.restarts.filter((r) => now - r.at < period * 1000).map((r) => r.at);
	const children = state.children.map(({ spec, pid: child }) => ({
		id: dynamic ? undefined : spec.id,
		pid: child,
		restart: spec.restart,
		shutdown: spec.shutdown,
		type: spec.type,
		modules: spec.modules
	}));
	const flags =
		'flags' in state
			? state.flags
			: { strategy: 'one_for_one' as const, intensity: state.intensity, period };
	return {
		pid,
		module: info.module,
		dynamic,
		...flags,
		...('maxChildren' in state ? { maxChildren: state.maxChildren } : {}),
		children,
		restartsInWindow: restartTimes.length,
		restartTimes
	};
}

/** The pid a `'<N.I.0>'` number pair names on this node, if that process is alive. */
export function pidOf(node: Node, id: number): Pid | undefined {
	return (node as NodeImpl).processById(id)?.self;
}

/**
 * `erlang:process_info(Pid, messages)`, the oldest `max` of them: what waits in a live process's
 * mailbox, oldest first; undefined when `pid` is not alive on this node. The behaviours'
 * envelopes show as the Erlang terms they stand for (`['$gen_call', [pid, tag], request]`,
 * `['$gen_cast', message]`, `['system', [pid, tag], 'get_state']`); every other message is as
 * it was sent.
 */
export function queuedMessages(pid: Pid, max: number): unknown[] | undefined {
	const p = pid._proc;
	return p?.alive ? p.queuedMessages(max).map(messageTerm) : undefined;
}

function messageTerm(m: unknown): unknown {
	if (m instanceof CallRequest) {
		const from = [m.from.pid, m.from.tag];
		if (m.request instanceof SysRequest) return ['system', from, m.request.kind];
		return ['$gen_call', from, m.request];
	}
	if (m instanceof CastRequest) return ['$gen_cast', m.message];
	return m;
}
