/**
 * DynamicSupervisor: starts no children of its own; children are added at run time with
 * `startChild` and restarted one for one, as Elixir's DynamicSupervisor (defaults: intensity 3,
 * period 5, no limit on children).
 *
 * ```ts
 * const [, pool] = (await DynamicSupervisor.start(node, { maxChildren: 10 })) as ['ok', Pid];
 * await DynamicSupervisor.startChild(node, pool, GenServer.childSpec(Worker, 1));
 * ```
 */
import type { GenServerModule } from './gen_server';
import { runServer } from './internal/server_loop';
import { dynamicSupervisorStatus } from './supervisor_status';
import { startProcess, thrownReason, type StartResult } from './internal/proc_lib';
import { Pid } from './pid';
import { processOf, type Process } from './process';
import {
	isCleanExit,
	isShutdownError,
	reportedChild,
	reportSupervisor,
	reportsTermination
} from './reports';
import {
	checkChildSpec,
	shutdownAll,
	shutdownChild,
	withinIntensity,
	type ChildSpec,
	type CountedRestart,
	type FullChildSpec
} from './supervision';
import type { ChildCounts } from './supervisor';
import type { Caller, Dest, ExitMessage, ExitReason, Name } from './types';

export interface DynamicSupervisorOptions {
	name?: Name;
	/** Restarts allowed within `period` seconds. Default 3. */
	intensity?: number;
	/** Seconds. Default 5. */
	period?: number;
	/** startChild beyond it answers ['error', 'max_children']. Default 'infinity'. */
	maxChildren?: number | 'infinity';
}

export interface DynamicChild {
	spec: FullChildSpec;
	pid: Pid | 'restarting';
}

export interface DynamicState {
	/** In start order. */
	children: DynamicChild[];
	intensity: number;
	period: number;
	maxChildren: number | 'infinity';
	restarts: CountedRestart[];
}

/** What its processes show as their module. */
const MODULE = 'DynamicSupervisor';

/** A failed restart is tried again through the mailbox. */
class TryAgain {
	constructor(readonly child: DynamicChild) {}
}

const server: GenServerModule<DynamicState, DynamicSupervisorOptions> = {
	name: 'dynamic_supervisor',
	init(opts, ctx) {
		ctx.trapExit(true);
		return [
			'ok',
			{
				children: [],
				intensity: opts.intensity ?? 3,
				period: opts.period ?? 5,
				maxChildren: opts.maxChildren ?? 'infinity',
				restarts: []
			}
		];
	},

	/** As Supervisor's: flags, children and restarts, not the children's start functions. */
	formatStatus: ({ state }) => dynamicSupervisorStatus(state),

	async handleCall(request, _from, state, ctx) {
		const [op, arg] = request as [string, unknown];
		const p = processOf(ctx);
		switch (op) {
			case 'start_child': {
				const spec = checkChildSpec({ id: 'dynamic', ...(arg as object) });
				if (Array.isArray(spec)) return ['reply', spec, state];
				if (state.maxChildren !== 'infinity' && state.children.length >= state.maxChildren) {
					return ['reply', ['error', 'max_children'], state];
				}
				const result = await startChild(p, spec);
				if (result[0] === 'ok' && result[1]) state.children.push({ spec, pid: result[1] });
				return ['reply', result[0] === 'ok' && !result[1] ? 'ignore' : result, state];
			}
			case 'terminate_child': {
				const c = state.children.find((x) => x.pid === arg);
				if (!c || !(c.pid instanceof Pid)) return ['reply', ['error', 'not_found'], state];
				const reason = await shutdownChild(p, c.pid, c.spec.shutdown);
				reportShutdownError(p, c.spec, c.pid, reason);
				remove(state, c);
				return ['reply', 'ok', state];
			}
			case 'which_children':
				return [
					'reply',
					state.children.map((c) => ({
						id: undefined,
						pid: c.pid,
						type: c.spec.type,
						modules: c.spec.modules
					})),
					state
				];
			case 'count_children':
				return ['reply', count(state), state];
		}
		return ['reply', ['error', ['unknown_request', request]], state];
	},

	async handleInfo(msg, state, ctx) {
		const p = processOf(ctx);
		if (msg instanceof TryAgain) {
			if (!state.children.includes(msg.child)) return ['noreply', state];
			return (await restart(p, state, msg.child))
				? ['noreply', state]
				: ['stop', 'shutdown', state];
		}
		const exit = msg as ExitMessage;
		if (exit?.kind !== 'EXIT') return ['noreply', state];
		const c = state.children.find((x) => x.pid === exit.from);
		if (!c) return ['noreply', state];
		if (reportsTermination(c.spec, exit.reason)) {
			const child = reportedChild(c.spec, exit.from);
			reportSupervisor(p, MODULE, 'child_terminated', exit.reason, child);
		}
		const kind = c.spec.restart;
		if (kind === 'temporary' || (kind === 'transient' && isCleanExit(exit.reason))) {
			remove(state, c);
			return ['noreply', state];
		}
		return (await restart(p, state, c, exit)) ? ['noreply', state] : ['stop', 'shutdown', state];
	},

	async terminate(_reason, state, ctx) {
		const p = processOf(ctx);
		const running = state.children.flatMap((c) =>
			c.pid instanceof Pid ? [{ pid: c.pid, shutdown: c.spec.shutdown, spec: c.spec }] : []
		);
		const reasons = await shutdownAll(p, running);
		for (const { pid, spec } of running) reportShutdownError(p, spec, pid, reasons.get(pid));
	}
};

/** Restarts one child; false when the restart intensity is exceeded. */
async function restart(
	sup: Process,
	state: DynamicState,
	c: DynamicChild,
	exit?: ExitMessage
): Promise<boolean> {
	const now = sup.node.now();
	const { intensity, period } = state;
	if (!withinIntensity(state.restarts, now, c.spec.id, intensity, period)) {
		const children = state.restarts.map((r) => r.child);
		const offender = reportedChild(c.spec, exit?.from);
		const lastReason = exit?.reason ?? 'restarting';
		reportSupervisor(sup, MODULE, 'shutdown', 'reached_max_restart_intensity', offender, {
			intensity,
			period,
			children,
			lastReason
		});
		// The offender is gone: the shutdown that follows must not wait for it, as Elixir's.
		remove(state, c);
		return false;
	}
	const result = await startChild(sup, c.spec);
	if (result[0] === 'error') {
		reportSupervisor(sup, MODULE, 'start_error', result[1], reportedChild(c.spec, undefined));
		c.pid = 'restarting';
		sup.node.sendFrom(sup, sup.self, new TryAgain(c));
		return true;
	}
	if (!result[1]) {
		remove(state, c);
		return true;
	}
	c.pid = result[1];
	sup.node.trace({
		type: 'restart',
		supervisor: sup.self,
		childId: c.spec.id,
		oldPid: exit?.from,
		newPid: result[1],
		reason: exit?.reason ?? 'restarting',
		at: now,
		intensity,
		period,
		counted: true
	});
	return true;
}

/** A child stopped with another reason than the one it was sent: OTP's shutdown_error. */
function reportShutdownError(
	sup: Process,
	spec: FullChildSpec,
	pid: Pid,
	reason: ExitReason | undefined
): void {
	if (reason !== undefined && isShutdownError(spec, reason)) {
		reportSupervisor(sup, MODULE, 'shutdown_error', reason, reportedChild(spec, pid));
	}
}

async function startChild(
	sup: Process,
	spec: FullChildSpec
): Promise<['ok', Pid | undefined] | ['error', unknown]> {
	try {
		const result = await spec.start(sup);
		if (result === 'ignore') return ['ok', undefined];
		if (Array.isArray(result) && result[0] === 'ok') return ['ok', result[1]];
		if (Array.isArray(result) && result[0] === 'error') return ['error', result[1]];
		return ['error', ['bad_return', result]];
	} catch (thrown) {
		return ['error', thrownReason(thrown)];
	}
}

function remove(state: DynamicState, child: DynamicChild): void {
	state.children = state.children.filter((c) => c !== child);
}

function count(state: DynamicState): ChildCounts {
	let active = 0;
	let supervisors = 0;
	for (const c of state.children) {
		if (c.pid instanceof Pid) active++;
		if (c.spec.type === 'supervisor') supervisors++;
	}
	const specs = state.children.length;
	return { specs, active, supervisors, workers: specs - supervisors };
}

function start(
	caller: Caller,
	opts: DynamicSupervisorOptions,
	link: boolean
): Promise<StartResult> {
	return startProcess(
		caller,
		{ link, name: opts.name, behaviour: 'dynamic_supervisor', module: MODULE },
		(ctx, ack) => runServer(ctx, { mod: server }, opts, ack)
	);
}

export const DynamicSupervisor = {
	start(caller: Caller, opts: DynamicSupervisorOptions = {}): Promise<StartResult> {
		return start(caller, opts, false);
	},
	startLink(
		caller: Caller & { self: Pid },
		opts: DynamicSupervisorOptions = {}
	): Promise<StartResult> {
		return start(caller, opts, true);
	},
	startChild(
		caller: Caller,
		sup: Dest,
		spec: ChildSpec | Omit<ChildSpec, 'id'>
	): Promise<['ok', Pid] | 'ignore' | ['error', unknown]> {
		return caller.call(sup, ['start_child', spec], 'infinity');
	},
	terminateChild(caller: Caller, sup: Dest, pid: Pid): Promise<'ok' | ['error', 'not_found']> {
		return caller.call(sup, ['terminate_child', pid], 'infinity');
	},
	whichChildren(
		caller: Caller,
		sup: Dest
	): Promise<Array<{ id: undefined; pid: Pid; type: 'worker' | 'supervisor'; modules: string[] }>> {
		return caller.call(sup, ['which_children'], 'infinity');
	},
	countChildren(caller: Caller, sup: Dest): Promise<ChildCounts> {
		return caller.call(sup, ['count_children'], 'infinity');
	}
};
