/**
 * The runtime's public types: the shapes of RUNTIME_API.md. Tuples stand for Erlang tuples, so
 * OTP documentation reads across one-to-one: `{reply, R, S}` is `['reply', r, s]`.
 */
import type { Pid, Ref } from './pid';
import type { Report } from './reports';

export type { Pid, Ref };

/** A registered name. `Registry.via(...)` gives names of this type too. */
export type Name = string;
/** `{Name, Node}`: a name registered on a node, maybe another one (see lib/distribution). */
export interface RemoteName {
	name: Name;
	/** The node's name: `'b@sim'`. */
	node: string;
}

/** Where a message or a call can go: a pid (of any node), a registered name, or `{name, node}`. */
export type Dest = Pid | Name | RemoteName;

/**
 * Why a process exited. `'normal'` and `'shutdown'` (also `['shutdown', detail]`) are clean exits;
 * `'kill'` is the untrappable signal, seen as `'killed'` by links and monitors; a value a process
 * body throws is the reason as thrown.
 */
export type ExitReason =
	| 'normal'
	| 'shutdown'
	| ['shutdown', unknown]
	| 'kill'
	| 'killed'
	| 'noproc'
	| 'timeout'
	| unknown;

/** What `receive()` resolves to when its timeout passes with no matching message. */
export const TIMEOUT: unique symbol = Symbol('timeout');

/** A trapped exit signal, as a message: `{'EXIT', From, Reason}`. */
export interface ExitMessage {
	kind: 'EXIT';
	from: Pid;
	reason: ExitReason;
}

/**
 * A monitor's message: `{'DOWN', Ref, process, Pid, Reason}`; `pid` is the name when monitored by
 * name, `{name, node}` when monitored so.
 */
export interface DownMessage {
	kind: 'DOWN';
	ref: Ref;
	pid: Pid | Name | RemoteName;
	reason: ExitReason;
}

/** Both nodes and processes can call and cast to servers. */
export interface Caller {
	/** A synchronous request; rejects with `CallExit` (noproc, the server's exit reason, timeout). */
	call<R = unknown>(server: Dest, request: unknown, timeout?: number | 'infinity'): Promise<R>;
	/** An asynchronous request: fire and forget, even to a dead server. */
	cast(server: Dest, message: unknown): void;
}

/** A process: returning (or resolving) is exit `'normal'`; throwing is exit with the thrown value. */
export type ProcessBody = (ctx: ProcessContext) => unknown;

export interface SpawnOptions {
	/** Register the new process under this name (throws `AlreadyRegisteredError` if taken). */
	name?: Name;
	/** Link the new process to the spawner (`spawn_link`). */
	link?: boolean;
	/** Monitor the new process from the spawner (`spawn_monitor`). */
	monitor?: boolean;
	/** Start with trap_exit on. */
	trapExit?: boolean;
	/** Shown in the UI, like proc_lib labels. */
	label?: string;
}

export interface ReceiveOptions {
	/** Selective receive: take the first queued message for which this is true. */
	match?: (message: unknown) => boolean;
	/** Milliseconds to wait, or `'infinity'` (the default). `0` waits until the node settles. */
	timeout?: number | 'infinity';
}

/** What a process body gets: its own pid and the operations a process can do. */
export interface ProcessContext extends Caller {
	readonly self: Pid;
	readonly node: Node;
	/** Selective receive: unmatched messages stay queued, in order. */
	receive<T = unknown>(opts?: ReceiveOptions): Promise<T | typeof TIMEOUT>;
	send(to: Dest, message: unknown): void;
	spawn(body: ProcessBody, opts?: SpawnOptions): Pid;
	spawnLink(body: ProcessBody, opts?: SpawnOptions): Pid;
	spawnMonitor(body: ProcessBody, opts?: SpawnOptions): [Pid, Ref];
	/** A dead pid: trapping → an EXIT message with 'noproc'; not trapping → throws NoprocError. */
	link(pid: Pid): void;
	unlink(pid: Pid): void;
	monitor(target: Dest): Ref;
	demonitor(ref: Ref, opts?: { flush?: boolean }): void;
	/** Returns the previous value. */
	trapExit(on: boolean): boolean;
	/** This process exits with `reason`. */
	exit(reason: ExitReason): never;
	/** `erlang:exit/2`: send an exit signal to another process. */
	exitSignal(pid: Pid, reason: ExitReason): void;
	register(name: Name): void;
	unregister(name: Name): void;
	sleep(ms: number): Promise<void>;
}

/** A snapshot of a process, like `erlang:process_info/1`. */
export interface ProcessInfo {
	pid: Pid;
	name?: Name;
	label?: string;
	status: 'runnable' | 'waiting' | 'running' | 'exiting';
	messageQueueLen: number;
	links: Pid[];
	monitors: Ref[];
	monitoredBy: Pid[];
	trapExit: boolean;
	/** The spawning process ($ancestors' head). */
	parent?: Pid;
	behaviour?: Behaviour;
	/** The callback module's name, where there is one. */
	module?: string;
	/** One per handled message or resumed await. */
	reductions: number;
	/** Bytes: an estimate of queue + state size. */
	memory: number;
	/** Node clock ms. */
	startedAt: number;
}

export type Behaviour =
	'gen_server' | 'supervisor' | 'dynamic_supervisor' | 'task' | 'agent' | 'registry';

/** What `onTrace` listeners get: every event comes from the node's one delivery path. */
export type TraceEvent =
	| { type: 'spawn'; pid: Pid; parent?: Pid; at: number }
	| { type: 'exit'; pid: Pid; reason: ExitReason; at: number }
	| { type: 'send'; from?: Pid; to: Pid; message: unknown; at: number }
	| { type: 'receive'; pid: Pid; message: unknown; at: number }
	| { type: 'link' | 'unlink'; a: Pid; b: Pid; at: number }
	| { type: 'register' | 'unregister'; pid: Pid; name: Name; at: number }
	| {
			type: 'restart';
			supervisor: Pid;
			childId: string;
			oldPid?: Pid;
			newPid?: Pid;
			reason: ExitReason;
			at: number;
			/** The supervisor's flags when it restarted: how many restarts `period` seconds allow. */
			intensity: number;
			period: number;
			/**
			 * Whether this restart counts against the intensity, as OTP counts: one per child that
			 * exited; false for the siblings a one_for_all or rest_for_one restart takes along.
			 */
			counted: boolean;
	  }
	/** A crash or supervisor report (see reports.ts): what Erlang's logger would print. */
	| { type: 'report'; report: Report; at: number };

export interface NodeOptions {
	/** Default 'nonode@nohost'. */
	name?: string;
	/** The N in '<N.I.0>'; default 0. Nodes of one app get distinct numbers. */
	number?: number;
	/** 'virtual': time moves only through advance(). Default 'real'. */
	clock?: 'real' | 'virtual';
	/** Scheduling order is a pure function of the seed and the inputs. */
	seed?: number;
	/** Spawning beyond it throws SystemLimitError. Default 262144. */
	maxProcesses?: number;
}

/** One runtime instance, like one BEAM node. */
export interface Node extends Caller {
	readonly name: string;
	spawn(body: ProcessBody, opts?: SpawnOptions): Pid;
	/** To a dead pid: dropped; to an unregistered name: throws BadargError. */
	send(to: Dest, message: unknown): void;
	/** An exit signal sent from outside any process (from the node's root <N.0.0>). */
	exit(pid: Pid, reason: ExitReason): void;
	whereis(name: Name): Pid | undefined;
	isAlive(pid: Pid): boolean;
	/** Live processes, in spawn order. */
	processes(): Pid[];
	processInfo(pid: Pid): ProcessInfo | undefined;
	/** Resolves once no process is runnable and no message is in flight; timers do not hold it back. */
	settle(): Promise<void>;
	/** Virtual clock only: fire, in time order, every timer due within ms, settling after each. */
	advance(ms: number): Promise<void>;
	/** Milliseconds on this node's clock. */
	now(): number;
	onTrace(listener: (e: TraceEvent) => void): () => void;
	/** Kills every process; the node is unusable after. */
	shutdown(): Promise<void>;
}
