/**
 * What both supervisors share: child specs and their checks, OTP's notion of a clean exit, and
 * the shutdown procedure (`'shutdown'`, then `'kill'` after the child's `shutdown` ms).
 *
 * ```ts
 * const spec: ChildSpec = {
 *   id: 'cache',
 *   start: (sup) => GenServer.startLink(sup, Cache, {}),
 *   restart: 'transient', // restarted only after an abnormal exit
 *   shutdown: 2000        // 'shutdown', then 'kill' if it is not gone in 2 s
 * };
 * ```
 */
import { isDown } from './internal/call';
import type { Pid } from './pid';
import type { Process } from './process';
import {
	TIMEOUT,
	type DownMessage,
	type ExitMessage,
	type ExitReason,
	type ProcessContext
} from './types';

/** How a supervisor restarts and how often it may. */
export interface SupFlags {
	/**
	 * - `one_for_one`: only the child that exited is restarted.
	 * - `one_for_all`: all children are stopped and restarted.
	 * - `rest_for_one`: the child and the children started after it are restarted.
	 */
	strategy: 'one_for_one' | 'one_for_all' | 'rest_for_one';
	/** Restarts allowed within `period` before the supervisor gives up. Default 1. */
	intensity?: number;
	/** Seconds. Default 5. */
	period?: number;
}

export type StartChildResult = ['ok', Pid] | ['ok', Pid, unknown] | 'ignore' | ['error', unknown];

export interface ChildSpec {
	/** Unique among the supervisor's children. */
	id: string;
	/** Starts the child linked to the supervisor (`sup` is the supervisor's context). */
	start: (caller: ProcessContext) => Promise<StartChildResult>;
	/**
	 * - `permanent` (default): always restarted.
	 * - `transient`: restarted only after an abnormal exit (not normal, shutdown, ['shutdown', _]).
	 * - `temporary`: never restarted, and forgotten once it exits.
	 */
	restart?: 'permanent' | 'transient' | 'temporary';
	/** ms to wait after 'shutdown' before 'kill'; 'brutal_kill' kills at once; 'infinity' waits. Default 5000 (worker) / 'infinity' (supervisor). */
	shutdown?: number | 'brutal_kill' | 'infinity';
	/** Default 'worker'. */
	type?: 'worker' | 'supervisor';
	modules?: string[];
}

/** A child spec with its defaults filled in. */
export type FullChildSpec = Required<ChildSpec>;

const restarts = ['permanent', 'transient', 'temporary'];
const types = ['worker', 'supervisor'];

/** Checks a spec and fills its defaults; a string array detail describes what is wrong. */
export function checkChildSpec(spec: unknown): FullChildSpec | ['error', unknown] {
	if (typeof spec !== 'object' || spec === null) return ['error', ['invalid_child_spec', spec]];
	const s = spec as ChildSpec;
	if (typeof s.id !== 'string' || s.id === '') return ['error', ['invalid_child_id', s.id]];
	if (typeof s.start !== 'function') return ['error', ['invalid_mfa', s.start]];
	const restart = s.restart ?? 'permanent';
	if (!restarts.includes(restart)) return ['error', ['invalid_restart_type', restart]];
	const type = s.type ?? 'worker';
	if (!types.includes(type)) return ['error', ['invalid_child_type', type]];
	const shutdown = s.shutdown ?? (type === 'supervisor' ? 'infinity' : 5000);
	const validShutdown =
		shutdown === 'brutal_kill' ||
		shutdown === 'infinity' ||
		(typeof shutdown === 'number' && Number.isInteger(shutdown) && shutdown >= 0);
	if (!validShutdown) return ['error', ['invalid_shutdown', shutdown]];
	const modules = s.modules ?? [];
	if (!Array.isArray(modules) || modules.some((m) => typeof m !== 'string')) {
		return ['error', ['invalid_modules', modules]];
	}
	return { id: s.id, start: s.start, restart, type, shutdown, modules };
}

/**
 * Stops a child as OTP's supervisor does: monitor it, unlink it (a child that had already
 * died leaves its EXIT, which is taken instead), send 'shutdown' and wait `shutdown` ms for
 * the DOWN, then 'kill'. Resolves with the reason the child exited with.
 */
export async function shutdownChild(
	sup: Process,
	pid: Pid,
	shutdown: FullChildSpec['shutdown']
): Promise<ExitReason> {
	const node = sup.node;
	const mon = node.monitor(sup, pid);
	node.unlink(sup, pid);
	let early: ExitReason | undefined;
	sup.removeMessages((m) => {
		const exit = m as ExitMessage;
		if (exit?.kind !== 'EXIT' || exit.from !== pid) return false;
		early = exit.reason;
		return true;
	});
	const isOurDown = (m: unknown) => isDown(m) && m.ref === mon;
	if (early === undefined) {
		node.exitSignal(sup.self, pid, shutdown === 'brutal_kill' ? 'kill' : 'shutdown', false);
	}
	const timeout = typeof shutdown === 'number' && early === undefined ? shutdown : 'infinity';
	// A child that does not trap exits is gone already: no need to wait a turn for its DOWN.
	const down =
		sup.takeNow<DownMessage>(isOurDown) ??
		(await sup.receive<DownMessage>({ match: isOurDown, timeout }));
	if (down !== TIMEOUT) return early ?? down.reason;
	node.exitSignal(sup.self, pid, 'kill', false);
	const killed = await sup.receive<DownMessage>({ match: isOurDown });
	return early ?? (killed as DownMessage).reason;
}

/** A restart a supervisor counts against its intensity: when, and of which child. */
export interface CountedRestart {
	/** Node-clock ms. */
	at: number;
	/** The child's id (a DynamicSupervisor's children: their spec's id). */
	child: string;
}

/**
 * Adds a restart of `child` at `now` to a window of restarts and drops those older than `period`
 * seconds; true while the window holds no more than `intensity` restarts.
 */
export function withinIntensity(
	window: CountedRestart[],
	now: number,
	child: string,
	intensity: number,
	period: number
): boolean {
	window.push({ at: now, child });
	while (window.length && now - window[0].at >= period * 1000) window.shift();
	return window.length <= intensity;
}

/**
 * Stops many children at once, as Elixir's DynamicSupervisor does: 'shutdown' to all (or
 * 'kill' for brutal_kill), then each is killed when its own `shutdown` ms have passed.
 * Resolves with the reason each child exited with.
 */
export async function shutdownAll(
	sup: Process,
	children: Array<{ pid: Pid; shutdown: FullChildSpec['shutdown'] }>
): Promise<Map<Pid, ExitReason>> {
	const reasons = new Map<Pid, ExitReason>();
	const node = sup.node;
	const start = node.now();
	const pending = new Map<unknown, { pid: Pid; deadline: number }>();
	for (const { pid, shutdown } of children) {
		const mon = node.monitor(sup, pid);
		node.unlink(sup, pid);
		sup.removeMessages((m) => {
			const exit = m as ExitMessage;
			if (exit?.kind !== 'EXIT' || exit.from !== pid) return false;
			reasons.set(pid, exit.reason);
			return true;
		});
		node.exitSignal(sup.self, pid, shutdown === 'brutal_kill' ? 'kill' : 'shutdown', false);
		const deadline = typeof shutdown === 'number' ? start + shutdown : Infinity;
		pending.set(mon, { pid, deadline });
	}
	while (pending.size) {
		let next = Infinity;
		for (const { deadline } of pending.values()) next = Math.min(next, deadline);
		const timeout = next === Infinity ? 'infinity' : Math.max(0, next - node.now());
		const down = await sup.receive<DownMessage>({
			match: (m) => isDown(m) && pending.has(m.ref),
			timeout
		});
		if (down !== TIMEOUT) {
			const { pid } = pending.get(down.ref)!;
			// A child that had died already: its EXIT's reason, as OTP's unlink_flush.
			if (!reasons.has(pid)) reasons.set(pid, down.reason);
			pending.delete(down.ref);
			continue;
		}
		for (const child of pending.values()) {
			if (child.deadline <= node.now()) {
				node.exitSignal(sup.self, child.pid, 'kill', false);
				child.deadline = Infinity;
			}
		}
	}
	return reasons;
}
