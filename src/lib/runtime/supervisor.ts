/**
 * Supervisor: starts children in order, watches them, restarts them by its strategy, and gives
 * up (stopping every child in reverse order and exiting 'shutdown') when more than `intensity`
 * restarts happen within `period` seconds, as OTP's supervisor.
 *
 * ```ts
 * const App: SupervisorModule = {
 *   name: 'App',
 *   init: () => ['ok', { strategy: 'one_for_one', intensity: 3, period: 5 },
 *                [GenServer.childSpec(Counter, 0), GenServer.childSpec(Logger)]]
 * };
 * const [, sup] = (await Supervisor.start(node, App)) as ['ok', Pid];
 * ```
 */
import type { GenServerModule } from './gen_server';
import { isTuple, runServer } from './internal/server_loop';
import { supervisorStatus } from './supervisor_status';
import { startProcess, thrownReason, type StartResult } from './internal/proc_lib';
import { swapModule, type SwapsModule } from './internal/sys';
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
	shutdownChild,
	withinIntensity,
	type ChildSpec,
	type CountedRestart,
	type FullChildSpec,
	type StartChildResult,
	type SupFlags
} from './supervision';
import type { Caller, Dest, ExitMessage, ExitReason, Name } from './types';

export type { ChildSpec, SupFlags };

export interface SupervisorModule<A = any> {
	name?: string;
	init(args: A): ['ok', SupFlags, ChildSpec[]] | 'ignore';
}

export interface ChildInfo {
	id: string;
	pid: Pid | 'restarting' | undefined;
	type: 'worker' | 'supervisor';
	modules: string[];
}

export interface ChildCounts {
	specs: number;
	active: number;
	supervisors: number;
	workers: number;
}

export interface Child {
	spec: FullChildSpec;
	pid: Pid | 'restarting' | undefined;
}

/** A supervisor's state (what `GenServer.getState` shows of it). */
export interface SupervisorState {
	module?: string;
	/** What init got: a code change calls the new module's init with them again, as OTP. */
	args: unknown;
	flags: Required<SupFlags>;
	children: Child[];
	/** The restarts inside the current intensity window. */
	restarts: CountedRestart[];
}

/** A child whose restart failed is tried again through the mailbox, so calls get in between. */
class TryAgain {
	constructor(readonly id: string) {}
}

const strategies = ['one_for_one', 'one_for_all', 'rest_for_one'];

/** The supervisor itself, as GenServer callbacks. */
const server: GenServerModule<SupervisorState, { mod: SupervisorModule; args: unknown }> &
	SwapsModule = {
	name: 'supervisor',
	async init({ mod, args }, ctx) {
		ctx.trapExit(true);
		const spec = readSpec(mod, args);
		if (spec === 'ignore') return 'ignore';
		if (Array.isArray(spec)) return ['stop', spec[1]];
		const { flags, specs } = spec;
		const state: SupervisorState = { module: mod.name, args, flags, children: [], restarts: [] };
		const p = processOf(ctx);
		for (const s of specs) {
			const result = await startChild(p, s);
			if (result[0] === 'error') {
				reportSupervisor(p, mod.name, 'start_error', result[1], reportedChild(s, undefined));
				await stopChildren(p, state, state.children);
				return ['stop', ['shutdown', ['failed_to_start_child', s.id, result[1]]]];
			}
			if (result[1] !== undefined || s.restart !== 'temporary') {
				state.children.push({ spec: s, pid: result[1] });
			}
		}
		return ['ok', state];
	},

	async handleCall(request, _from, state, ctx) {
		const p = processOf(ctx);
		const [op, arg] = (Array.isArray(request) ? request : [request]) as [string, unknown];
		const find = (id: unknown) => state.children.find((c) => c.spec.id === id);
		switch (op) {
			case 'which_children':
				return ['reply', state.children.map(childInfo), state];
			case 'count_children':
				return ['reply', countChildren(state.children), state];
			case 'get_childspec': {
				const c = find(arg);
				return ['reply', c ? ['ok', c.spec] : ['error', 'not_found'], state];
			}
			case 'start_child':
				return ['reply', await addChild(p, state, arg), state];
			case 'terminate_child': {
				const c = find(arg);
				if (!c) return ['reply', ['error', 'not_found'], state];
				await stopChildren(p, state, [c]);
				if (c.spec.restart === 'temporary') remove(state, c);
				return ['reply', 'ok', state];
			}
			case 'restart_child': {
				const c = find(arg);
				if (!c) return ['reply', ['error', 'not_found'], state];
				if (c.pid === 'restarting') return ['reply', ['error', 'restarting'], state];
				if (c.pid) return ['reply', ['error', 'running'], state];
				const result = await startChild(p, c.spec);
				if (result[0] === 'ok') c.pid = result[1];
				return ['reply', result, state];
			}
			case 'delete_child': {
				const c = find(arg);
				if (!c) return ['reply', ['error', 'not_found'], state];
				if (c.pid === 'restarting') return ['reply', ['error', 'restarting'], state];
				if (c.pid) return ['reply', ['error', 'running'], state];
				remove(state, c);
				return ['reply', 'ok', state];
			}
		}
		return ['reply', ['error', ['unknown_request', request]], state];
	},

	async handleInfo(msg, state, ctx) {
		const p = processOf(ctx);
		if (msg instanceof TryAgain) {
			const c = state.children.find((x) => x.spec.id === msg.id && x.pid === 'restarting');
			if (!c) return ['noreply', state];
			return (await restart(p, state, c, 'restarting'))
				? ['noreply', state]
				: ['stop', 'shutdown', state];
		}
		const exit = msg as ExitMessage;
		if (exit?.kind !== 'EXIT') return ['noreply', state];
		const c = state.children.find((x) => x.pid === exit.from);
		if (!c) return ['noreply', state];
		c.pid = undefined;
		if (reportsTermination(c.spec, exit.reason)) {
			const child = reportedChild(c.spec, exit.from);
			reportSupervisor(p, state.module, 'child_terminated', exit.reason, child);
		}
		const { restart: kind } = c.spec;
		if (kind === 'temporary' || (kind === 'transient' && isCleanExit(exit.reason))) {
			if (kind === 'temporary') remove(state, c);
			return ['noreply', state];
		}
		return (await restart(p, state, c, exit.reason, exit.from))
			? ['noreply', state]
			: ['stop', 'shutdown', state];
	},

	async terminate(_reason, state, ctx) {
		await stopChildren(processOf(ctx), state, state.children);
	},

	/** As OTP's supervisor:format_status/2: flags, children and restarts, no closures. */
	formatStatus: ({ state }) => supervisorStatus(state),

	/**
	 * supervisor:code_change/3: the new module's init with the same args gives the flags and
	 * the specs from now on. Children keep running; each existing id takes its new spec (used
	 * at its next restart), a new id is added as a stopped child (started by restartChild, not
	 * now), and a child the new spec omits stays as it was. 'ignore' keeps everything.
	 */
	[swapModule](mod, current) {
		const state = current as SupervisorState;
		let spec: ReturnType<typeof readSpec>;
		try {
			spec = readSpec(mod as SupervisorModule, state.args);
		} catch (thrown) {
			return ['error', thrownReason(thrown)];
		}
		if (spec === 'ignore') return ['ok', state];
		if (Array.isArray(spec)) return spec;
		const old = new Map(state.children.map((c) => [c.spec.id, c]));
		const children: Child[] = spec.specs.map((s) => ({ spec: s, pid: old.get(s.id)?.pid }));
		const kept = state.children.filter((c) => !spec.specs.some((s) => s.id === c.spec.id));
		const module = (mod as SupervisorModule).name;
		return ['ok', { ...state, module, flags: spec.flags, children: [...children, ...kept] }];
	}
};

/** A module's init answer, checked: its flags and specs, 'ignore', or why it is wrong. */
function readSpec(mod: SupervisorModule, args: unknown): ReturnType<typeof checkInit> {
	return checkInit(mod.init(args));
}

/**
 * A supervisor init's answer as start and code change check it: the flags and full child
 * specs, 'ignore', or `['error', why]`. Not part of the contract: the sandbox's hot reload
 * checks a new module with it before changing anything.
 */
export function checkInit(
	spec: unknown
): { flags: Required<SupFlags>; specs: FullChildSpec[] } | 'ignore' | ['error', unknown] {
	if (spec === 'ignore') return 'ignore';
	if (!isTuple(spec, 'ok', 3) || !Array.isArray(spec[2])) return ['error', ['bad_return', spec]];
	const flags = checkFlags(spec[1]);
	if (!('strategy' in flags)) return ['error', ['supervisor_data', flags[1]]];
	const specs: FullChildSpec[] = [];
	for (const raw of spec[2] as unknown[]) {
		const checked = checkChildSpec(raw);
		if (Array.isArray(checked)) return ['error', ['start_spec', checked[1]]];
		if (specs.some((s) => s.id === checked.id)) {
			return ['error', ['start_spec', ['duplicate_child_name', checked.id]]];
		}
		specs.push(checked);
	}
	return { flags, specs };
}

/** Counts a restart and restarts by strategy; false when the intensity is exceeded. */
async function restart(
	sup: Process,
	state: SupervisorState,
	child: Child,
	reason: ExitReason,
	oldPid?: Pid
): Promise<boolean> {
	const { intensity, period, strategy } = state.flags;
	const { id } = child.spec;
	if (!withinIntensity(state.restarts, sup.node.now(), id, intensity, period)) {
		const children = state.restarts.map((r) => r.child);
		const offender = reportedChild(child.spec, oldPid);
		reportSupervisor(sup, state.module, 'shutdown', 'reached_max_restart_intensity', offender, {
			intensity,
			period,
			children,
			lastReason: reason
		});
		return false;
	}
	const at = state.children.indexOf(child);
	const group =
		strategy === 'one_for_one'
			? [child]
			: strategy === 'one_for_all'
				? [...state.children]
				: state.children.slice(at);
	const reasons = new Map<Child, { oldPid?: Pid; reason: ExitReason }>([
		[child, { oldPid, reason }]
	]);
	for (const c of [...group].reverse()) {
		if (c === child || !(c.pid instanceof Pid)) continue;
		const pid = c.pid;
		reasons.set(c, { oldPid: pid, reason: await stopChild(sup, state, c, pid) });
		c.pid = undefined;
		if (c.spec.restart === 'temporary') remove(state, c);
	}
	for (const c of group) {
		if (!state.children.includes(c)) continue;
		const result = await startChild(sup, c.spec);
		if (result[0] === 'error') {
			reportSupervisor(
				sup,
				state.module,
				'start_error',
				result[1],
				reportedChild(c.spec, undefined)
			);
			c.pid = 'restarting';
			sup.node.sendFrom(sup, sup.self, new TryAgain(c.spec.id));
			return true;
		}
		c.pid = result[1];
		const why = reasons.get(c);
		sup.node.trace({
			type: 'restart',
			supervisor: sup.self,
			childId: c.spec.id,
			oldPid: why?.oldPid,
			newPid: result[1],
			reason: why?.reason ?? 'shutdown',
			at: sup.node.now(),
			intensity,
			period,
			counted: c === child
		});
	}
	return true;
}

/** What starting a child gave: ignore becomes ['ok', undefined], as in OTP. */
type Started = ['ok', Pid | undefined] | ['ok', Pid, unknown] | ['error', unknown];

/** Starts one child; a start that throws or answers something else is an error. */
async function startChild(sup: Process, spec: FullChildSpec): Promise<Started> {
	let result: StartChildResult;
	try {
		result = await spec.start(sup);
	} catch (thrown) {
		return ['error', thrownReason(thrown)];
	}
	if (result === 'ignore') return ['ok', undefined];
	if (isTuple(result, 'ok', 2) || isTuple(result, 'ok', 3) || isTuple(result, 'error', 2)) {
		return result;
	}
	return ['error', ['bad_return', result]];
}

/** `start_child`: OTP's checks and answers. */
async function addChild(sup: Process, state: SupervisorState, raw: unknown): Promise<Started> {
	const spec = checkChildSpec(raw);
	if (Array.isArray(spec)) return spec;
	const existing = state.children.find((c) => c.spec.id === spec.id);
	if (existing) {
		return existing.pid instanceof Pid
			? ['error', ['already_started', existing.pid]]
			: ['error', ['already_present', spec.id]];
	}
	const result = await startChild(sup, spec);
	if (result[0] === 'ok' && (result[1] !== undefined || spec.restart !== 'temporary')) {
		state.children.push({ spec, pid: result[1] });
	}
	return result;
}

/** Stops running children, last started first. */
async function stopChildren(
	sup: Process,
	state: SupervisorState,
	children: Child[]
): Promise<void> {
	for (const c of [...children].reverse()) {
		if (!(c.pid instanceof Pid)) continue;
		await stopChild(sup, state, c, c.pid);
		c.pid = undefined;
	}
}

/** Stops one child; a reason other than the one it was sent is reported, as OTP's shutdown_error. */
async function stopChild(
	sup: Process,
	state: SupervisorState,
	c: Child,
	pid: Pid
): Promise<ExitReason> {
	const reason = await shutdownChild(sup, pid, c.spec.shutdown);
	if (isShutdownError(c.spec, reason)) {
		reportSupervisor(sup, state.module, 'shutdown_error', reason, reportedChild(c.spec, pid));
	}
	return reason;
}

function remove(state: SupervisorState, child: Child): void {
	state.children = state.children.filter((c) => c !== child);
}

function childInfo(c: Child): ChildInfo {
	return { id: c.spec.id, pid: c.pid, type: c.spec.type, modules: c.spec.modules };
}

function countChildren(children: Child[]): ChildCounts {
	let active = 0;
	let supervisors = 0;
	for (const c of children) {
		if (c.pid instanceof Pid) active++;
		if (c.spec.type === 'supervisor') supervisors++;
	}
	return { specs: children.length, active, supervisors, workers: children.length - supervisors };
}

function checkFlags(flags: unknown): Required<SupFlags> | ['error', unknown] {
	const f = (flags ?? {}) as SupFlags;
	if (!strategies.includes(f.strategy)) return ['error', ['invalid_strategy', f.strategy]];
	const intensity = f.intensity ?? 1;
	if (!Number.isInteger(intensity) || intensity < 0)
		return ['error', ['invalid_intensity', intensity]];
	const period = f.period ?? 5;
	if (typeof period !== 'number' || !(period > 0)) return ['error', ['invalid_period', period]];
	return { strategy: f.strategy, intensity, period };
}

function start(
	caller: Caller,
	mod: SupervisorModule,
	args: unknown,
	opts: { name?: Name } | undefined,
	link: boolean
): Promise<StartResult> {
	return startProcess(
		caller,
		{ link, name: opts?.name, behaviour: 'supervisor', module: mod.name },
		(ctx, ack) => runServer(ctx, { mod: server }, { mod, args }, ack)
	);
}

export const Supervisor = {
	start(caller: Caller, mod: SupervisorModule, args?: unknown, opts?: { name?: Name }) {
		return start(caller, mod, args, opts, false);
	},
	startLink(
		caller: Caller & { self: Pid },
		mod: SupervisorModule,
		args?: unknown,
		opts?: { name?: Name }
	) {
		return start(caller, mod, args, opts, true);
	},
	/** A child spec that starts `mod` as a child supervisor: type 'supervisor', shutdown 'infinity'. */
	childSpec(mod: SupervisorModule, args?: unknown, overrides?: Partial<ChildSpec>): ChildSpec {
		return {
			id: mod.name as string,
			start: (sup) => Supervisor.startLink(sup, mod, args),
			restart: 'permanent',
			shutdown: 'infinity',
			type: 'supervisor',
			modules: mod.name ? [mod.name] : [],
			...overrides
		};
	},
	startChild(
		caller: Caller,
		sup: Dest,
		spec: ChildSpec
	): Promise<['ok', Pid | undefined] | ['ok', Pid, unknown] | ['error', unknown]> {
		return caller.call(sup, ['start_child', spec], 'infinity');
	},
	terminateChild(caller: Caller, sup: Dest, id: string): Promise<'ok' | ['error', 'not_found']> {
		return caller.call(sup, ['terminate_child', id], 'infinity');
	},
	restartChild(caller: Caller, sup: Dest, id: string): Promise<['ok', Pid] | ['error', unknown]> {
		return caller.call(sup, ['restart_child', id], 'infinity');
	},
	deleteChild(
		caller: Caller,
		sup: Dest,
		id: string
	): Promise<'ok' | ['error', 'running' | 'restarting' | 'not_found']> {
		return caller.call(sup, ['delete_child', id], 'infinity');
	},
	whichChildren(caller: Caller, sup: Dest): Promise<ChildInfo[]> {
		return caller.call(sup, 'which_children', 'infinity');
	},
	countChildren(caller: Caller, sup: Dest): Promise<ChildCounts> {
		return caller.call(sup, 'count_children', 'infinity');
	},
	getChildspec(
		caller: Caller,
		sup: Dest,
		id: string
	): Promise<['ok', ChildSpec] | ['error', 'not_found']> {
		return caller.call(sup, ['get_childspec', id], 'infinity');
	}
};
