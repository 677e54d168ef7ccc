/**
 * A node: one runtime instance, like one BEAM node. It owns the process table, the registered
 * names, the clock, the scheduler and the one delivery path (`deliver`), which is also where
 * every `send` is traced, so the trace is complete by construction.
 *
 * ```ts
 * const node = createNode({ clock: 'virtual' });
 * const pid = node.spawn(async (ctx) => { ctx.send('logger', await ctx.receive()); });
 * node.send(pid, 'hello');
 * await node.settle();
 * ```
 */
import { RealClock, VirtualClock, type Clock } from './clock';
import {
	AlreadyRegisteredError,
	BadargError,
	NoprocError,
	RuntimeError,
	SystemLimitError
} from './errors';
import { call, cast } from './internal/call';
import { addMonitor, monitorsOn, removeMonitor } from './internal/monitors';
import { processInfo } from './internal/process_info';
import { traceDelivery, traceExit, traceLink, traceSpawn } from './internal/process_trace';
import { ProcessTable } from './internal/process_table';
import { Settler } from './internal/settler';
import type { RegistryTable } from './internal/registry_table';
import { parseVia } from './internal/via';
import { Pid, Ref } from './pid';
import type { DistributionHooks } from './remote';
import { DEAD, Process, ProcessExit, RUNNABLE, RUNNING, type InternalBody } from './process';
import { crashReport, isCleanExit, type ExitCause } from './reports';
import { Scheduler } from './scheduler';
import { Tracer } from './trace';
import type {
	Dest,
	DownMessage,
	ExitMessage,
	ExitReason,
	Name,
	Node,
	NodeOptions,
	ProcessInfo,
	RemoteName,
	SpawnOptions,
	TraceEvent
} from './types';

/** Internal spawn options: who the parent is when it is not the spawner (Node-started servers). */
export interface InternalSpawnOptions extends SpawnOptions {
	parent?: Pid;
	/** One of the node's own helpers (see `run`): it may pass `maxProcesses` by HELPER_HEADROOM. */
	helper?: boolean;
}

/**
 * How far past `maxProcesses` the node's helpers may go: a node that its program filled up
 * still answers calls from outside (the observer's reads, a supervisor's stop), as a BEAM node
 * at its process limit still answers a remote shell.
 */
const HELPER_HEADROOM = 100;

/** Creates a node: one runtime instance. */
export function createNode(opts: NodeOptions = {}): Node {
	return new NodeImpl(opts);
}

export class NodeImpl implements Node {
	readonly name: string;
	readonly number: number;
	readonly clock: Clock;
	readonly scheduler: Scheduler;
	/** `<N.0.0>`: the sender of signals from outside any process, the parent of what the node starts. */
	readonly root: Pid;
	readonly registries = new Map<Name, RegistryTable>();
	readonly #tracer = new Tracer();
	/**
	 * How many processes carry trace flags (trace_flags.ts): while none does, a delivery, spawn
	 * or link pays this one read for per-process tracing.
	 */
	traced = 0;
	/** Where traffic for other nodes goes, once lib/distribution attaches (remote.ts). */
	distribution: DistributionHooks | undefined;
	readonly #table = new ProcessTable();
	readonly #names = new Map<Name, Process>();
	readonly #maxProcesses: number;
	#nextId = 1;
	#nextRef = 1;
	#down = false;
	/** Set while `shutdown` kills every process: a node going away reports no crashes. */
	#stopping = false;
	readonly #settler: Settler;
	/** Exit signals not yet handled: handled in a loop, so long link chains do not recurse. */
	#signals: Array<{ from: Pid; to: Process; reason: ExitReason; viaLink: boolean }> = [];
	#handlingSignals = false;

	constructor(opts: NodeOptions) {
		this.name = opts.name ?? 'nonode@nohost';
		this.number = opts.number ?? 0;
		this.clock = opts.clock === 'virtual' ? new VirtualClock() : new RealClock();
		this.#maxProcesses = opts.maxProcesses ?? 262144;
		this.scheduler = new Scheduler(() => this.#settler.onIdle(), opts.seed);
		this.#settler = new Settler(this.scheduler);
		this.root = new Pid(this.number, 0);
	}

	// ── Processes ─────────────────────────────────────────────────────────────────────────

	spawn(body: InternalBody, opts?: InternalSpawnOptions): Pid {
		return this.spawnFrom(undefined, body, opts);
	}

	/** Spawns a process whose spawner is `spawner` (undefined: the node's root). */
	spawnFrom(spawner: Process | undefined, body: InternalBody, opts?: InternalSpawnOptions): Pid {
		if (this.#down) throw new RuntimeError('node_down', `node ${this.name} is shut down`);
		if (spawner) this.#checkAlive(spawner);
		const limit = this.#maxProcesses + (opts?.helper ? HELPER_HEADROOM : 0);
		if (this.#table.size >= limit) {
			throw new SystemLimitError(`cannot spawn: ${this.#maxProcesses} processes on ${this.name}`);
		}
		const name = opts?.name;
		if (name !== undefined) this.#checkNameFree(name);
		const pid = new Pid(this.number, this.#nextId++);
		const parent = opts?.parent ?? spawner?.self ?? this.root;
		const p = new Process(this, pid, body, parent);
		pid._proc = p;
		this.#table.add(p);
		if (opts) {
			if (opts.trapExit) p.trapping = true;
			if (opts.label !== undefined) p.label = opts.label;
		}
		if (this.#tracer.active) this.#tracer.emit({ type: 'spawn', pid, parent, at: this.now() });
		if (this.traced !== 0) {
			// Before the link below, so that a child given its parent's flags traces it too.
			const parentProc = opts?.parent !== undefined ? opts.parent._proc : spawner;
			if (parentProc) traceSpawn(this, parentProc, p);
		}
		if (name !== undefined) this.register(p, name);
		if (opts?.link && spawner) this.#addLink(spawner, p);
		// spawn_opt's monitor: the DOWN arrives; spawnMonitor is the way to get the ref.
		if (opts?.monitor && spawner) this.monitor(spawner, pid);
		this.scheduler.enqueue(p);
		return pid;
	}

	/** The process a destination names on this node, if it is alive. */
	resolve(dest: Dest): Process | undefined {
		if (typeof dest !== 'string') {
			if (dest instanceof Pid) return dest.node === this.number ? dest._proc : undefined;
			if (dest.node !== this.name) return undefined;
			dest = dest.name;
		}
		const named = this.#names.get(dest);
		if (named) return named;
		const via = parseVia(dest);
		return via ? this.registries.get(via.registry)?.entries.get(via.key)?.proc : undefined;
	}

	whereis(name: Name): Pid | undefined {
		return this.resolve(name)?.self;
	}

	isAlive(pid: Pid): boolean {
		return this.resolve(pid) !== undefined;
	}

	processes(): Pid[] {
		return Array.from(this.#table.values(), (p) => p.self);
	}

	/** The live process with this number, for pids that arrive as strings. */
	processById(id: number): Process | undefined {
		return this.#table.get(id);
	}

	get processCount(): number {
		return this.#table.size;
	}

	processInfo(pid: Pid): ProcessInfo | undefined {
		const p = this.resolve(pid);
		return p && processInfo(p);
	}

	// ── Messages: the one delivery path ───────────────────────────────────────────────────

	/**
	 * Delivers a message to a live process. Nothing else touches a mailbox, so the trace is
	 * complete: 'send', then 'receive' as the message arrives in the queue (as Erlang's
	 * `receive` trace flag reports arrival, not the moment a receive takes the message).
	 */
	deliver(from: Pid | undefined, to: Process, message: unknown): void {
		if (this.#tracer.active) {
			const at = this.now();
			this.#tracer.emit({ type: 'send', from, to: to.self, message, at });
			this.#tracer.emit({ type: 'receive', pid: to.self, message, at });
		}
		// While a trace runs elsewhere, a message between untraced processes costs two reads more.
		if (this.traced !== 0 && (to.traceFlags !== 0 || (from?._proc?.traceFlags ?? 0) !== 0)) {
			traceDelivery(from, to, message);
		}
		if (to.faults && this.#faulted(to, message)) return;
		to.enqueue(message);
	}

	/** Applies an injected drop or delay; true when the message is not delivered now. */
	#faulted(to: Process, message: unknown): boolean {
		const f = to.faults!;
		if (f.drop > 0) {
			f.drop--;
			return true;
		}
		if (f.delay > 0) {
			f.delay--;
			this.clock.setTimeout(() => to.alive && to.enqueue(message), f.delayMs);
			return true;
		}
		return false;
	}

	send(to: Dest, message: unknown): void {
		this.sendFrom(undefined, to, message);
	}

	/** `erlang:send/2`: to a dead pid the message is dropped; to an unknown name it is badarg. */
	sendFrom(from: Process | undefined, to: Dest, message: unknown): void {
		if (from) this.#checkAlive(from);
		const target = this.resolve(to);
		if (target) this.deliver(from?.self ?? this.root, target, message);
		else if (typeof to === 'string') throw new BadargError(`no process is registered as '${to}'`);
		else if (this.isRemote(to)) this.distribution?.send(from?.self ?? this.root, to, message);
		// {name, node} of this node with nothing registered: dropped, as Erlang drops it.
	}

	/** Whether `dest` is on another node: a pid of another number, or `{name, node}` there. */
	isRemote(dest: Dest): dest is Pid | RemoteName {
		if (typeof dest === 'string') return false;
		return dest instanceof Pid ? dest.node !== this.number : dest.node !== this.name;
	}

	call<R = unknown>(server: Dest, request: unknown, timeout?: number | 'infinity'): Promise<R> {
		return this.run((ctx) => call(ctx, server, request, timeout) as Promise<R>, 'node call');
	}

	cast(server: Dest, message: unknown): void {
		cast(this, this.root, server, message);
	}

	/**
	 * Runs `fn` inside a short-lived process and resolves with its result: how the node, which
	 * is no process, waits for replies (calls, start acknowledgements).
	 */
	run<T>(fn: (ctx: Process) => Promise<T>, label: string): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			const pid = this.spawn(
				async (ctx) => {
					try {
						resolve(await fn(ctx));
					} catch (e) {
						reject(e instanceof ProcessExit ? e.reason : e);
					}
				},
				{ label, helper: true }
			);
			// Killed before it finished (the node shutting down): the caller must not hang.
			const proc = this.#table.get(pid.id);
			if (proc)
				proc.exitHooks = [(reason) => reason !== 'normal' && reject(new NoprocError(label))];
		});
	}

	// ── Names ─────────────────────────────────────────────────────────────────────────────

	register(p: Process, name: Name): void {
		this.#checkAlive(p);
		if (p.name !== undefined && p.name !== name) {
			throw new BadargError(`${String(p.self)} is already registered as '${p.name}'`);
		}
		this.#checkNameFree(name);
		if (parseVia(name)) throw new BadargError(`'${name}' is a via name: use Registry.register`);
		this.#names.set(name, p);
		p.name = name;
		if (this.#tracer.active) {
			this.#tracer.emit({ type: 'register', pid: p.self, name, at: this.now() });
		}
	}

	unregister(name: Name): void {
		const p = this.#names.get(name);
		if (!p) throw new BadargError(`no process is registered as '${name}'`);
		this.#names.delete(name);
		p.name = undefined;
		if (this.#tracer.active) {
			this.#tracer.emit({ type: 'unregister', pid: p.self, name, at: this.now() });
		}
	}

	#checkNameFree(name: Name): void {
		const holder = this.resolve(name);
		if (holder) throw new AlreadyRegisteredError(name, holder.self);
	}

	// ── Links and monitors ────────────────────────────────────────────────────────────────

	link(p: Process, pid: Pid): void {
		this.#checkAlive(p);
		if (pid.node !== this.number && this.distribution) {
			this.distribution.link(p.self, pid);
			return;
		}
		const q = this.resolve(pid);
		if (q === p) return;
		if (!q) {
			if (!p.trapping) throw new NoprocError(String(pid));
			this.deliver(pid, p, exitMessage(pid, 'noproc'));
			return;
		}
		if (p.links?.has(q)) return;
		this.#addLink(p, q);
	}

	#addLink(a: Process, b: Process): void {
		(a.links ??= new Set()).add(b);
		(b.links ??= new Set()).add(a);
		if (this.#tracer.active)
			this.#tracer.emit({ type: 'link', a: a.self, b: b.self, at: this.now() });
		if (this.traced !== 0) traceLink('link', a, b);
	}

	unlink(p: Process, pid: Pid): void {
		this.#checkAlive(p);
		if (pid.node !== this.number) {
			this.distribution?.unlink(p.self, pid);
			return;
		}
		const q = this.resolve(pid);
		if (!q || !p.links?.delete(q)) return;
		q.links?.delete(p);
		if (this.#tracer.active)
			this.#tracer.emit({ type: 'unlink', a: p.self, b: q.self, at: this.now() });
		if (this.traced !== 0) traceLink('unlink', p, q);
	}

	monitor(p: Process, target: Dest): Ref {
		this.#checkAlive(p);
		const ref = this.makeRef();
		const t = this.resolve(target);
		if (!t) {
			if (!this.isRemote(target)) this.deliver(undefined, p, downMessage(ref, target, 'noproc'));
			else if (this.distribution) this.distribution.monitor(p.self, target, ref);
			else this.deliver(undefined, p, downMessage(ref, target, 'noconnection'));
			return ref;
		}
		if (typeof target === 'string') ref._name = target;
		addMonitor(ref, p, t);
		return ref;
	}

	demonitor(p: Process, ref: Ref, flush: boolean): void {
		if (ref._watcher === p) removeMonitor(ref);
		else if (ref.node === this.number) this.distribution?.demonitor(p.self, ref);
		if (flush) p.removeMessages((m) => (m as DownMessage | undefined)?.ref === ref);
	}

	makeRef(): Ref {
		return new Ref(this.number, this.#nextRef++);
	}

	// ── Exit signals ──────────────────────────────────────────────────────────────────────

	exit(pid: Pid, reason: ExitReason): void {
		this.exitSignal(this.root, pid, reason, false);
	}

	/** Sends an exit signal: `viaLink` for a linked process's death, else `erlang:exit/2`. */
	exitSignal(from: Pid, to: Pid, reason: ExitReason, viaLink: boolean): void {
		const sender = from._proc;
		if (sender) this.#checkAlive(sender);
		if (to.node !== this.number) {
			this.distribution?.exit(from, to, reason);
			return;
		}
		const target = this.resolve(to);
		if (!target) return;
		this.#signals.push({ from, to: target, reason, viaLink });
		this.#handleSignals();
	}

	#handleSignals(): void {
		if (this.#handlingSignals || this.#signals.length === 0) return;
		this.#handlingSignals = true;
		try {
			for (let s = this.#signals.shift(); s; s = this.#signals.shift()) {
				this.#receiveSignal(s.from, s.to, s.reason, s.viaLink);
			}
		} finally {
			this.#handlingSignals = false;
		}
	}

	/** OTP's rules: 'kill' (not via a link) is untrappable; trapping turns signals into messages. */
	#receiveSignal(from: Pid, to: Process, reason: ExitReason, viaLink: boolean): void {
		if (!to.alive) return;
		if (reason === 'kill' && !viaLink) this.exitProcess(to, 'killed', { signalFrom: from });
		else if (to.trapping) this.deliver(from, to, exitMessage(from, reason));
		else if (reason !== 'normal') this.exitProcess(to, reason, { signalFrom: from });
		else if (!viaLink && from === to.self) this.exitProcess(to, 'normal');
	}

	/**
	 * A process ends: its crash report if the reason is not clean (`cause` says more: the signal's
	 * sender, a server's last message and state), then free its name, fire its monitors, signal
	 * its links. A normal exit costs one comparison more than it did without reports.
	 */
	exitProcess(p: Process, reason: ExitReason, cause?: ExitCause): void {
		if (!p.alive) return;
		if (reason !== 'normal' && this.#tracer.active && !this.#stopping && !isCleanExit(reason)) {
			this.#tracer.emit({ type: 'report', report: crashReport(p, reason, cause), at: this.now() });
		}
		const before = p.markDead();
		this.cancelZeroWait(p);
		this.#table.remove(p.self.id);
		p.self._proc = undefined;
		if (p.name !== undefined) this.unregister(p.name);
		const hooks = p.exitHooks;
		if (hooks) {
			p.exitHooks = undefined;
			for (const hook of hooks) hook(reason);
		}
		if (this.#tracer.active)
			this.#tracer.emit({ type: 'exit', pid: p.self, reason, at: this.now() });
		if (p.traceFlags !== 0) traceExit(this, p, reason);
		while (p.monitors) removeMonitor(p.monitors);
		if (p.monitoredBy)
			for (const ref of monitorsOn(p)) {
				const watcher = ref._watcher!;
				removeMonitor(ref);
				this.deliver(p.self, watcher, downMessage(ref, ref._name ?? p.self, reason));
			}
		if (p.links) {
			const linked = p.links;
			p.links = undefined;
			for (const q of linked) {
				q.links?.delete(p);
				this.#signals.push({ from: p.self, to: q, reason, viaLink: true });
			}
		}
		if (before === RUNNING) this.scheduler.stoppedRunning();
		else if (before === RUNNABLE) this.scheduler.droppedRunnable();
		this.#handleSignals();
	}

	/** Operations of a process that has exited unwind its code: it must not act any more. */
	#checkAlive(p: Process): void {
		// Unwinds the dead process's code; its exit was handled already, so no reason is read.
		if (p.state === DEAD) throw new ProcessExit('killed');
	}

	// ── Time and settling ─────────────────────────────────────────────────────────────────

	now(): number {
		return this.clock.now();
	}

	/**
	 * The clock read once per synchronous burst: what a spawn records as its start time.
	 * Reading the host clock costs as much as the rest of a spawn; processes spawned in one
	 * go share a start time that is exact to well under a millisecond.
	 */
	stamp(): number {
		if (this.#stamp === undefined) {
			this.#stamp = this.clock.now();
			queueMicrotask(this.#forgetStamp);
		}
		return this.#stamp;
	}

	#stamp: number | undefined;
	readonly #forgetStamp = () => (this.#stamp = undefined);

	addZeroWait(p: Process): void {
		this.#settler.addZeroWait(p);
	}

	cancelZeroWait(p: Process): void {
		this.#settler.cancelZeroWait(p);
	}

	settle(): Promise<void> {
		return this.#settler.settle();
	}

	async advance(ms: number): Promise<void> {
		const clock = this.clock;
		if (!(clock instanceof VirtualClock)) {
			throw new RuntimeError('badarg', 'advance() needs a node with a virtual clock');
		}
		await this.settle();
		const until = clock.now() + ms;
		while (clock.fireNext(until)) await this.settle();
		clock.moveTo(until);
		await this.settle();
	}

	// ── Tracing and shutdown ──────────────────────────────────────────────────────────────

	onTrace(listener: (e: TraceEvent) => void): () => void {
		return this.#tracer.add(listener);
	}

	/** Whether anyone listens to the trace: behaviours build their events only then. */
	get tracing(): boolean {
		return this.#tracer.active;
	}

	/** Emits a trace event from a behaviour (supervisor restarts and reports). */
	trace(event: TraceEvent): void {
		if (this.#tracer.active) this.#tracer.emit(event);
	}

	shutdown(): Promise<void> {
		this.#stopping = true;
		for (const p of [...this.#table.values()].reverse()) this.exitProcess(p, 'killed');
		this.#down = true;
		this.scheduler.close();
		this.clock.dispose();
		this.#settler.release();
		return Promise.resolve();
	}
}

function exitMessage(from: Pid, reason: ExitReason): ExitMessage {
	return { kind: 'EXIT', from, reason };
}

function downMessage(ref: Ref, pid: DownMessage['pid'], reason: ExitReason): DownMessage {
	return { kind: 'DOWN', ref, pid, reason };
}
