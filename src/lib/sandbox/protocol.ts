/**
 * What crosses between the system node (SandboxManager, in the runtime worker) and a sandbox
 * worker. The sandbox worker exposes {@link SandboxHostApi} over comlink; everything it reports
 * on its own (heartbeats, console output, trace batches, process snapshots, its root going
 * down) comes as {@link SandboxEvent}s on the port handed to it in `boot`.
 *
 * Pids cross as `'<N.I.0>'` strings and reasons as JSON (the Arsenal serializer's form): the
 * two sides do not share a runtime, so nothing else could mean the same on both.
 *
 * The bundle a sandbox runs is CommonJS, built from a generated entry (see
 * `program.ts`) whose exports are `{ files: { [path]: namespace }, entry: path }`. It is
 * evaluated with a `require` that answers `'superlearner'` with the sandbox's runtime.
 */
import type { ExperimentResult, Step } from '$lib/arsenal/experiment_schemas';
import type { Executed } from '$lib/arsenal/registry';
import type { SupervisorReportOut } from '$lib/arsenal/reports';
import type { Json } from '$lib/arsenal/serialize';
import type { EventBatch } from '$lib/stream/events';
import type { TestResult } from '$lib/supertester/runner/results';
import type { LinkSettings, PeerStats } from '$lib/distribution';

/** The longest console line a sandbox sends, in characters; the rest of a longer one is cut. */
export const CONSOLE_MAX_TEXT = 10_000;
/** The most lines one console post carries; lines past it in the same interval are dropped. */
export const CONSOLE_MAX_LINES = 200;

/** How often a sandbox worker says it is alive, and how long the watchdog waits (DESIGN.md). */
export const HEARTBEAT_MS = 250;
export const WATCHDOG_MS = 2_000;

export interface SandboxBoot {
	id: string;
	/** `sandbox_<id>@superlearner`. */
	nodeName: string;
	/** The N its pids carry; distinct per sandbox, never 0 (the system node's). */
	nodeNumber: number;
	/** Spawning past it fails in the sandbox with SystemLimitError. */
	maxProcesses: number;
	heartbeatMs: number;
	/** Bytes the sandbox may hold (ArrayBuffers and process memory) before it is ended. */
	memoryBudget: number;
	/** Where the worker posts its {@link SandboxEvent}s. */
	events: MessagePort;
	/**
	 * The node's clock, when not the worker's default: an experiment's virtual clock, which
	 * moves only as its scenario says and follows the wall clock once the scenario has played.
	 */
	clock?: 'real' | 'virtual';
	/** The node's scheduling seed (an experiment's). */
	seed?: number;
	/**
	 * Loads this node's Arsenal operations before boot answers, rather than on the first
	 * operation: a scenario uses them at once, and loading them (a long task on a busy machine)
	 * is then over before the watchdog starts.
	 */
	preloadOperations?: boolean;
	/**
	 * Makes the node a node of the simulated cluster: it speaks Erlang distribution with the
	 * other cluster nodes over ports the system node brokers (see host/distribution.ts).
	 */
	distribution?: { seed: number };
}

export type ConsoleLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

export interface ConsoleLine {
	/** Epoch ms. */
	at: number;
	level: ConsoleLevel;
	/** The process that printed it, when one was running (`'<N.I.0>'`). */
	pid?: string;
	/** The arguments formatted as console.log would, joined with spaces. */
	text: string;
}

/** One process as a snapshot carries it: ProcessInfo with pids as strings. */
export interface ProcessInfoWire {
	pid: string;
	name?: string;
	label?: string;
	status: 'runnable' | 'waiting' | 'running' | 'exiting';
	messageQueueLen: number;
	links: string[];
	monitors: string[];
	monitoredBy: string[];
	trapExit: boolean;
	parent?: string;
	behaviour?: 'gen_server' | 'supervisor' | 'dynamic_supervisor' | 'task' | 'agent' | 'registry';
	module?: string;
	reductions: number;
	memory: number;
	startedAt: number;
}

export type SandboxEvent =
	| { type: 'heartbeat'; at: number }
	/**
	 * Console lines, batched (at most one event per ~16 ms, at most 200 lines): `dropped` counts
	 * the lines printed past that, which a flood (a console.log in a tight loop) loses.
	 */
	| { type: 'console'; lines: ConsoleLine[]; dropped: number }
	/** The sandbox node's trace, batched as the observer's (at most one per ~16 ms). */
	| { type: 'batch'; batch: EventBatch }
	/**
	 * Every live process, sent after the node changed (throttled: ≤ 10 snapshots a second, fewer
	 * for a big node). A big snapshot comes in pieces: each piece but the last says `more`, and
	 * the snapshot is the rows of all its pieces (see snapshots.ts).
	 */
	| { type: 'processes'; rows: ProcessInfoWire[]; restarts: number; more?: boolean }
	/**
	 * The root supervisor exited (it gave up, or was killed); the node itself lives on.
	 * `gaveUp` is its shutdown report when it gave up: which child's exits made it.
	 */
	| { type: 'root_down'; pid: string; reason: Json; gaveUp?: SupervisorReportOut }
	/** The sandbox must end: {@link SandboxFaultKind} says why, `message` says it for people. */
	| { type: 'fault'; kind: SandboxFaultKind; message: string }
	/**
	 * A cluster node asks the system for a connection to `peer`: a node's name (`'b@sim'`), or
	 * its number when all it has is a pid of it.
	 */
	| { type: 'dist_request'; peer: string | number }
	/** A cluster node's connection to `node` came up or went down (the distribution's event). */
	| { type: 'dist'; event: 'nodeup' | 'nodedown'; node: string; reason?: string; at: number };

/**
 * Why a sandbox is ended by the system rather than by the learner:
 * - `uncaught`: an error escaped every process (a throwing timer callback, an unhandled
 *   rejection): there is no process to crash, so the sandbox fails;
 * - `memory`: it passed its memory budget;
 * - `protocol`: it sent something the system does not accept (malformed, or too much);
 * - `crashed`: its worker failed at the top level.
 */
export type SandboxFaultKind = 'uncaught' | 'memory' | 'protocol' | 'crashed';

/** The default memory budget of a sandbox, in MB (a setting of the sandbox). */
export const DEFAULT_MEMORY_BUDGET_MB = 256;

/** Why a sandbox request failed; `code` is also the Arsenal error code it answers with. */
export interface SandboxFailure {
	code:
		| 'load_failed' /* evaluating the bundle threw */
		| 'no_entry' /* the entry file has no default export that is a module */
		| 'start_failed' /* the root supervisor's start returned an error */
		| 'code_change_failed' /* a codeChange threw or answered badly: nothing was changed */
		| 'not_running'; /* nothing is loaded to change */
	message: string;
	details?: Json;
}

export interface LoadRequest {
	/** The CommonJS bundle. */
	code: string;
	/** Each file's version name (`'v1'`…), passed to codeChange as the old version later. */
	vsns: Record<string, string>;
}

export type LoadResult =
	{ ok: true; root: string; startMs: number } | { ok: false; error: SandboxFailure };

export interface SwapRequest {
	/** The whole program rebuilt with the new source of `file`. */
	code: string;
	/** The file whose modules change; the other files' modules keep running as they are. */
	file: string;
	/** The new version's name; the file's current one is codeChange's `oldVsn`. */
	vsn: string;
	extra?: Json;
}

export type SwapResult =
	| {
			ok: true;
			/** The names of the modules whose code changed. */
			modules: string[];
			/** The processes that ran them, suspended, changed and resumed with their state. */
			processes: string[];
			swapMs: number;
	  }
	| { ok: false; error: SandboxFailure };

/** A test bundle to run (testProgramRequest's build), and how. */
export interface TestLoadRequest {
	code: string;
	/** The bundle's source map: failures are located in the learner's files through it. */
	map: string;
	/** Handed to every test (`ctx.seed`) and used by the chaos helpers. */
	seed: number;
	/** Each test's time limit unless it sets its own. */
	timeoutMs: number;
	/**
	 * Supertester's waiting helpers' and assertions' timeout when a call gives none, node-clock
	 * ms (the system's supertester.defaultTimeout); Supertester's own when absent.
	 */
	waitTimeout?: number;
}

/** A collected test, before it runs. */
export interface TestInfo {
	name: string;
	file: string;
	skip: boolean;
}

export type TestLoadResult = { ok: true; tests: TestInfo[] } | { ok: false; error: SandboxFailure };

/** A scenario to play against the running program (see host/experiment.ts). */
export interface ExperimentRequest {
	steps: Step[];
	/**
	 * The reload steps' programs, by step index: built by the system beforehand (a sandbox
	 * worker has no compiler), each the program with that step's file changed (and the earlier
	 * reload steps' files).
	 */
	reloads: Record<number, { code: string; vsn: string }>;
	clock: 'real' | 'virtual';
	seed: number;
}

/** A cluster node's peer: its name and the N of its pids. */
export interface PeerWire {
	name: string;
	number: number;
}

/** The sandbox worker's API (comlink). */
export interface SandboxHostApi {
	/** Creates the node and starts heartbeats. Called once, first. */
	boot(opts: SandboxBoot): Promise<{ nodeName: string; startedAt: number }>;
	/** Evaluates a bundle and starts its entry's default export as the root supervisor. */
	load(req: LoadRequest): Promise<LoadResult>;
	/** Hot code reload of one file's modules (sys:change_code for each process running them). */
	swap(req: SwapRequest): Promise<SwapResult>;
	/** Stops the root supervisor in order (shutdown), leaving an empty node. */
	stop(): Promise<void>;
	/**
	 * An Arsenal operation against this node alone (its own registry), for requests the system
	 * node forwards: resolves as the registry does, or rejects with the ArsenalError (its `code`
	 * and `details` cross the worker boundary).
	 */
	execute(operation: string, params?: unknown): Promise<Executed>;
	/**
	 * Evaluates a test bundle and collects its tests (a worker that runs tests runs no
	 * program). Whatever its top level throws is a `load_failed` answer.
	 */
	loadTests(req: TestLoadRequest): Promise<TestLoadResult>;
	/** Runs collected test `index` on a fresh node of its own; never rejects for the test's sake. */
	runTest(index: number): Promise<TestResult>;
	/**
	 * Plays a scenario against the running program. Each step's failure is in its result; it
	 * rejects only when nothing runs (a `not_running` SandboxFailure's message).
	 */
	experiment(req: ExperimentRequest): Promise<ExperimentResult>;
	/**
	 * A cluster node's connection to `peer` is up over `port` (one end of a MessageChannel the
	 * system made; the other end went to `peer`). The port is transferred.
	 */
	distAttach(peer: PeerWire, port: MessagePort): Promise<void>;
	/** The system will not connect this node to `peer` (unknown, partitioned): what waits drops. */
	distRefuse(peer: string | number, reason: string): Promise<void>;
	/** The connection to `peer` is lost: noconnection for links and monitors, nodedown. */
	distDisconnect(peer: string, reason: string): Promise<void>;
	/** Latency, loss or blocking of what this node sends to `peer`. */
	distSetLink(peer: string, settings: Partial<LinkSettings>): Promise<void>;
	/** This node's connections. */
	distStats(): Promise<PeerStats[]>;
}
