/**
 * A process: its waits (receive, sleep, its turns), its signals' bookkeeping (links, monitors,
 * trap_exit) and the `ProcessContext` its body gets; its queue is `internal/mailbox.ts`. Every signal goes through the node (`node.ts`), which owns
 * the one delivery path; this file only manages one process's own side.
 *
 * ```ts
 * node.spawn(async (ctx) => {
 *   const msg = await ctx.receive({ match: (m) => m === 'go', timeout: 1000 });
 *   if (msg === TIMEOUT) ctx.exit('no_go');
 * });
 * ```
 */
import type { Timer } from './clock';
import { BadargError } from './errors';
import type { ArmedFaults } from './faults';
import { call, cast } from './internal/call';
import { anyMessage, Mailbox, matches, none } from './internal/mailbox';
import type { TraceEntry } from './internal/process_trace';
import { setRunning } from './internal/running';
import type { NodeImpl } from './node';
import type { Pid, Ref } from './pid';
import {
	TIMEOUT,
	type Behaviour,
	type Dest,
	type ExitReason,
	type Name,
	type ProcessBody,
	type ProcessContext,
	type ReceiveOptions,
	type SpawnOptions
} from './types';

/** Lifecycle states. A process waiting for its first turn is RUNNABLE with no body run yet. */
export const RUNNABLE = 1;
export const RUNNING = 2;
export const WAITING = 3;
export const DEAD = 4;

const noMessage = (_m: unknown) => false;
/**
 * What an exited process's waits return: a promise that never settles, so nothing after runs.
 * A fresh one each time: a shared one would keep every frame that ever awaited it alive.
 */
const never = () => new Promise<never>(() => {});

/**
 * The fields only some processes need: names, trap_exit, monitors, behaviours. Kept out of
 * the object every process pays for: a process that only runs and exits stays small enough
 * for the garbage collector to reclaim it cheaply.
 */
class Extras {
	name: Name | undefined = undefined;
	trapping = false;
	monitors: Ref | undefined = undefined;
	monitoredBy: Ref | undefined = undefined;
	label: string | undefined = undefined;
	behaviour: Behaviour | undefined = undefined;
	module: string | undefined = undefined;
	userState: unknown = undefined;
	faults: ArmedFaults | undefined = undefined;
	exitHooks: Array<(reason: ExitReason) => void> | undefined = undefined;
	tracers: readonly TraceEntry[] | undefined = undefined;
}

/**
 * A body as the runtime runs it: given the process itself, which the runtime's own bodies use
 * beyond the public context. Every `ProcessBody` is one.
 */
export type InternalBody = (p: Process) => unknown;

/** A body that returns this manages its own exit through the node (the behaviours' engine). */
export const DETACHED: unique symbol = Symbol('detached');

/** Thrown by `ctx.exit(reason)`; the process body's runner turns it back into the reason. */
export class ProcessExit {
	constructor(readonly reason: ExitReason) {}
}

export class Process implements ProcessContext {
	state = RUNNABLE;
	/** Made at the first message that has to wait in it. */
	#mailbox: Mailbox | undefined;
	/** The pending wait: its resolver, what it accepts, its timer. */
	#resolve: ((value: unknown) => void) | undefined;
	#match: (m: unknown) => boolean = anyMessage;
	#timer: Timer | undefined;
	/** The value the next turn resumes the process with; before its first turn, its body. */
	#resumeValue: unknown;

	links: Set<Process> | undefined;
	reductions = 0;
	/**
	 * The union of the trace flags set on this process (internal/process_trace.ts): 0 when it is
	 * not traced, which is all the hot paths read.
	 */
	traceFlags = 0;
	readonly startedAt: number;
	/** What only some processes have, kept out of the object every process pays for. */
	#extras: Extras | undefined;

	constructor(
		readonly node: NodeImpl,
		readonly self: Pid,
		body: InternalBody,
		readonly parent: Pid | undefined
	) {
		this.#resumeValue = body;
		// Whole milliseconds: a small integer is stored in the object, a fraction in a box of its own.
		this.startedAt = Math.floor(node.stamp());
	}

	get name(): Name | undefined {
		return this.#extras?.name;
	}
	set name(name: Name | undefined) {
		if (name !== undefined || this.#extras) this.#more().name = name;
	}
	get trapping(): boolean {
		return this.#extras?.trapping === true;
	}
	set trapping(on: boolean) {
		if (on || this.#extras) this.#more().trapping = on;
	}
	/** Head of the list of monitors this process holds (see internal/monitors.ts). */
	get monitors(): Ref | undefined {
		return this.#extras?.monitors;
	}
	set monitors(ref: Ref | undefined) {
		if (ref || this.#extras) this.#more().monitors = ref;
	}
	/** Head of the list of monitors held on this process. */
	get monitoredBy(): Ref | undefined {
		return this.#extras?.monitoredBy;
	}
	set monitoredBy(ref: Ref | undefined) {
		if (ref || this.#extras) this.#more().monitoredBy = ref;
	}
	get label(): string | undefined {
		return this.#extras?.label;
	}
	set label(label: string | undefined) {
		this.#more().label = label;
	}
	get behaviour(): Behaviour | undefined {
		return this.#extras?.behaviour;
	}
	set behaviour(behaviour: Behaviour | undefined) {
		this.#more().behaviour = behaviour;
	}
	get module(): string | undefined {
		return this.#extras?.module;
	}
	set module(module: string | undefined) {
		this.#more().module = module;
	}
	/** A behaviour's current state, for `processInfo().memory`. */
	get userState(): unknown {
		return this.#extras?.userState;
	}
	set userState(state: unknown) {
		this.#more().userState = state;
	}
	/** Faults injected for teaching (see faults.ts). */
	get faults(): ArmedFaults | undefined {
		return this.#extras?.faults;
	}
	set faults(faults: ArmedFaults | undefined) {
		this.#more().faults = faults;
	}
	/** Run when the process exits, before links and monitors fire (registry cleanup). */
	get exitHooks(): Array<(reason: ExitReason) => void> | undefined {
		return this.#extras?.exitHooks;
	}
	set exitHooks(hooks: Array<(reason: ExitReason) => void> | undefined) {
		this.#more().exitHooks = hooks;
	}

	/** The trace sinks of this process with their flags; undefined when it is not traced. */
	get tracers(): readonly TraceEntry[] | undefined {
		return this.#extras?.tracers;
	}
	set tracers(tracers: readonly TraceEntry[] | undefined) {
		if (tracers || this.#extras) this.#more().tracers = tracers;
	}

	#more(): Extras {
		return (this.#extras ??= new Extras());
	}

	get isRunnable(): boolean {
		return this.state === RUNNABLE;
	}

	get alive(): boolean {
		return this.state !== DEAD;
	}

	get queueLength(): number {
		return this.#mailbox ? this.#mailbox.length : 0;
	}

	/** Messages still queued, oldest first (a copy): all of them, or the `max` oldest. */
	queuedMessages(max?: number): unknown[] {
		return this.#mailbox ? this.#mailbox.queued(max) : [];
	}

	// ── Scheduling (called by the scheduler and the node) ─────────────────────────────────

	/** The scheduler gives this process its turn: start the body or resolve its wait. */
	resume(): void {
		this.state = RUNNING;
		if (this.reductions++ === 0) {
			const body = this.#resumeValue as InternalBody;
			this.#resumeValue = undefined;
			runBody(this, body);
			return;
		}
		const resolve = this.#resolve;
		const value = this.#resumeValue;
		this.#resolve = undefined;
		this.#resumeValue = undefined;
		this.#match = anyMessage;
		resolve?.(value);
	}

	/** A message for this process, from the node's delivery path. */
	enqueue(message: unknown): void {
		if (this.state === WAITING && matches(this.#match, message)) {
			this.#wake(message);
			return;
		}
		(this.#mailbox ??= new Mailbox()).push(message);
	}

	/** Removes queued messages for which `drop` is true (demonitor's flush), in place. */
	removeMessages(drop: (m: unknown) => boolean): void {
		this.#mailbox?.remove(drop);
	}

	/** Wakes a waiting process with `value` (a matched message, or TIMEOUT). */
	#wake(value: unknown): void {
		if (this.#timer !== undefined) {
			this.node.clock.clearTimeout(this.#timer);
			this.#timer = undefined;
		}
		this.node.cancelZeroWait(this);
		this.state = RUNNABLE;
		this.#resumeValue = value;
		this.node.scheduler.wake(this);
	}

	/** Times a wait out (its timer fired, or the node settled under a 0 timeout). */
	timeOut(): void {
		if (this.state !== WAITING) return;
		this.#timer = undefined;
		this.#wake(TIMEOUT);
	}

	/** Marks the process dead; the node does the rest. Returns its state before. */
	markDead(): number {
		const before = this.state;
		this.state = DEAD;
		if (this.#timer !== undefined) this.node.clock.clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#resolve = undefined;
		this.#resumeValue = undefined;
		this.#mailbox = undefined;
		if (this.#extras) this.#extras.userState = undefined;
		return before;
	}

	// ── Receive ───────────────────────────────────────────────────────────────────────────

	receive<T = unknown>(opts?: ReceiveOptions): Promise<T | typeof TIMEOUT> {
		return this.receiveFrom<T>(0, opts?.match, opts?.timeout ?? 'infinity');
	}

	/**
	 * Receive that skips the first `skip` queued messages: a call's reply cannot be older than
	 * its request, so a call scans only what arrived after it (OTP's ref-trick optimisation).
	 */
	receiveFrom<T>(
		skip: number,
		match: ((m: unknown) => boolean) | undefined,
		timeout: number | 'infinity'
	): Promise<T | typeof TIMEOUT> {
		if (this.state === DEAD) return never();
		const accept = match ?? anyMessage;
		const found = this.#mailbox ? this.#mailbox.take(accept, skip) : none;
		if (found !== none) {
			this.reductions++;
			if (this.node.scheduler.mayContinue()) return Promise.resolve(found as T);
			return this.#yieldWith(found) as Promise<T>;
		}
		return this.#wait(accept, timeout) as Promise<T | typeof TIMEOUT>;
	}

	/** Takes the first queued message `accept` matches, without waiting; `undefined` if none. */
	takeNow<T>(accept: (m: unknown) => boolean): T | undefined {
		const found = this.#mailbox ? this.#mailbox.take(accept, 0) : none;
		return found === none ? undefined : (found as T);
	}

	sleep(ms: number): Promise<void> {
		if (this.state === DEAD) return never();
		return this.#wait(noMessage, ms).then(() => undefined);
	}

	/** Suspends until a message matching `accept` arrives or `timeout` passes. */
	#wait(accept: (m: unknown) => boolean, timeout: number | 'infinity'): Promise<unknown> {
		this.#match = accept;
		this.state = WAITING;
		if (timeout === 0) this.node.addZeroWait(this);
		else if (timeout !== 'infinity') {
			this.#timer = this.node.clock.setTimeout(() => this.timeOut(), timeout);
		}
		const p = new Promise((resolve) => (this.#resolve = resolve));
		this.node.scheduler.stoppedRunning();
		return p;
	}

	/** Over the slice budget: queue for the next turn and continue with `value` then. */
	#yieldWith(value: unknown): Promise<unknown> {
		this.state = RUNNABLE;
		this.#resumeValue = value;
		const p = new Promise((resolve) => (this.#resolve = resolve));
		this.node.scheduler.enqueue(this);
		this.node.scheduler.stoppedRunning();
		return p;
	}

	// ── ProcessContext: everything else goes through the node ────────────────────────────

	send(to: Dest, message: unknown): void {
		this.node.sendFrom(this, to, message);
	}

	call<R = unknown>(server: Dest, request: unknown, timeout?: number | 'infinity'): Promise<R> {
		return call(this, server, request, timeout) as Promise<R>;
	}

	cast(server: Dest, message: unknown): void {
		cast(this.node, this.self, server, message);
	}

	spawn(body: ProcessBody, opts?: SpawnOptions): Pid {
		return this.node.spawnFrom(this, body, opts);
	}

	spawnLink(body: ProcessBody, opts?: SpawnOptions): Pid {
		return this.node.spawnFrom(this, body, { ...opts, link: true });
	}

	spawnMonitor(body: ProcessBody, opts?: SpawnOptions): [Pid, Ref] {
		const pid = this.node.spawnFrom(this, body, opts);
		return [pid, this.monitor(pid)];
	}

	link(pid: Pid): void {
		this.node.link(this, pid);
	}

	unlink(pid: Pid): void {
		this.node.unlink(this, pid);
	}

	monitor(target: Dest): Ref {
		return this.node.monitor(this, target);
	}

	demonitor(ref: Ref, opts?: { flush?: boolean }): void {
		this.node.demonitor(this, ref, opts?.flush ?? false);
	}

	trapExit(on: boolean): boolean {
		const before = this.trapping;
		this.trapping = on;
		return before;
	}

	exit(reason: ExitReason): never {
		throw new ProcessExit(reason);
	}

	exitSignal(pid: Pid, reason: ExitReason): void {
		this.node.exitSignal(this.self, pid, reason, false);
	}

	register(name: Name): void {
		this.node.register(this, name);
	}

	unregister(name: Name): void {
		this.node.unregister(name);
	}

	toString(): string {
		return String(this.self);
	}
}

/**
 * Runs a body to its end: returning is exit 'normal', throwing is exit with the value thrown.
 * No async frame of its own: only the body's promise and two small handlers stay behind while
 * a process waits, which is most of what an idle process costs.
 */
function runBody(p: Process, body: InternalBody): void {
	let result: unknown;
	const before = setRunning(p.self);
	try {
		result = body(p);
	} catch (thrown) {
		p.node.exitProcess(p, reasonOf(thrown));
		return;
	} finally {
		setRunning(before);
	}
	if (result === DETACHED) return;
	if (result instanceof Promise) {
		result.then(
			() => p.node.exitProcess(p, 'normal'),
			(thrown: unknown) => p.node.exitProcess(p, reasonOf(thrown))
		);
	} else {
		p.node.exitProcess(p, 'normal');
	}
}

/**
 * The process behind a context the runtime handed out (a behaviour callback's `ctx`, a context
 * passed back to a runtime function); a badarg for anything else.
 */
export function processOf(ctx: ProcessContext): Process {
	if (ctx instanceof Process) return ctx;
	throw new BadargError('not a process context');
}

function reasonOf(thrown: unknown): ExitReason {
	return thrown instanceof ProcessExit ? thrown.reason : thrown;
}
