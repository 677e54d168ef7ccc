/**
 * The sandbox worker's side of a sandbox: one node running a learner's program, controlled by
 * the SandboxManager on the system node through {@link SandboxHostApi} (see protocol.ts).
 * Plain TypeScript with no DOM and no Node API: the worker entry exposes it over comlink, and
 * Node tests drive it in-thread over a MessageChannel.
 *
 * ```ts
 * const host = createSandboxHost();
 * await host.boot({ id: 'a', nodeName: 'sandbox_a@superlearner', nodeNumber: 1,
 *                   maxProcesses: 10_000, heartbeatMs: HEARTBEAT_MS, events: port });
 * await host.load({ code, vsns: { 'main.ts': 'v1' } }); // { ok: true, root: '<1.3.0>', … }
 * ```
 *
 * What it reports on its own, on the events port: a heartbeat every `heartbeatMs` (a worker
 * stuck in a `while (true)` stops sending them, and the watchdog ends it); console lines with
 * the pid that printed them (batched, a flood cut short: see ConsoleBatcher); trace batches (at most one per ~16 ms, not acknowledged);
 * process snapshots (after trace activity, at most one per 100 ms, in pieces: see snapshots.ts); and `root_down` when the
 * root supervisor exits on its own (not after `stop`). The root is watched through the trace,
 * not with a monitoring process, so the sandbox's process list holds only the learner's.
 * Hot reload is in hot_swap.ts.
 */
import type { Executed, OperationRegistry } from '$lib/arsenal/registry';
import { ProcessIndex } from '$lib/stream/process_index';
import { RestartLog } from '$lib/stream/restart_log';
import type { MessageTracer } from '$lib/stream/tracer/tracer';
import { EventBatcher, reasonToJson } from '$lib/stream/event_batcher';
import {
	createNode,
	Supervisor,
	type Node,
	type Pid,
	type Report,
	type SupervisorModule,
	type TraceEvent
} from '$lib/runtime';
import type { SupervisorReportOut } from '$lib/arsenal/reports';
import { toReportOut } from '$lib/stream/reports';
import { describeReason } from '$lib/runtime/host';
import {
	addCopies,
	identitiesOf,
	isModule,
	modulesOf,
	nameClash,
	swapModules,
	type AnyModule,
	type Identities
} from './hot_swap';
import { ConsoleBatcher, evaluateProgram, sandboxConsole, type SandboxConsole } from './loader';
import { TestSession } from './tests';
import { playScenario, type ExperimentHandler } from './experiment';
import type { ExperimentResult } from '$lib/arsenal/experiment_schemas';
import type { TestResult } from '$lib/supertester/runner/results';
import { MemoryMeter } from './memory_meter';
import { ProcessMemory } from './process_memory';
import type { ProgramExports } from '$lib/sandbox/compiler/program';
import { Snapshots } from './snapshots';
import { NodeDistribution } from './distribution';
import type { LinkSettings, PeerStats } from '$lib/distribution';
import {
	DEFAULT_MEMORY_BUDGET_MB,
	type ExperimentRequest,
	type LoadRequest,
	type LoadResult,
	type PeerWire,
	type SandboxBoot,
	type SandboxEvent,
	type SandboxFailure,
	type SandboxFaultKind,
	type SandboxHostApi,
	type SwapRequest,
	type SwapResult,
	type TestLoadRequest,
	type TestLoadResult
} from '$lib/sandbox/protocol';

export interface SandboxHost extends SandboxHostApi {
	/** What this sandbox's memory budget counts; the worker meters its buffers with it. */
	readonly meter: MemoryMeter;
	/**
	 * Reports an error that escaped every process (`what` says how: an uncaught error, an
	 * unhandled rejection): the system then ends the sandbox and says why.
	 */
	reportUncaught(error: unknown, what: string): void;
	/** Stops timers, closes the port and shuts the node down (in-thread hosts; a worker just ends). */
	dispose(): void;
}

/** A program as it runs: each file's module objects (updated in place by reloads), its versions. */
interface Running {
	root: Pid;
	/** Each file's exports, as the last evaluation made them. */
	files: Record<string, Record<string, unknown>>;
	modules: Map<string, Identities>;
	vsns: Record<string, string>;
}

export function createSandboxHost(opts: { clock?: 'real' | 'virtual' } = {}): SandboxHost {
	return new Host(opts.clock ?? 'real');
}

class Host implements SandboxHost {
	#node: Node | undefined;
	#number = 0;
	#port: MessagePort | undefined;
	#console: SandboxConsole | undefined;
	#consoleBatcher: ConsoleBatcher | undefined;
	#running: Running | undefined;
	/**
	 * Loaded on the first forwarded operation, with the message tracer of this node (its trace
	 * ids `<number>-<n>`): a fresh worker starts without Arsenal and zod.
	 */
	#arsenal: Promise<{ registry: OperationRegistry; tracer: MessageTracer }> | undefined;
	/** The tracer, once loaded: disposing ends its sessions. */
	#tracer: MessageTracer | undefined;
	#restartLog: RestartLog | undefined;
	#index: ProcessIndex | undefined;
	#batcher: EventBatcher | undefined;
	#heartbeat: ReturnType<typeof setInterval> | undefined;
	#snapshots: Snapshots | undefined;
	#unsubscribe: (() => void) | undefined;
	#processMemory: ProcessMemory | undefined;
	#faulted = false;
	#clockFollower: ReturnType<typeof setInterval> | undefined;
	#tests: TestSession | undefined;
	#boot: SandboxBoot | undefined;
	/** The root's shutdown report, between its giving up and its exit. */
	#rootGaveUp: SupervisorReportOut | undefined;
	/** A cluster node's distribution (booted with `distribution`). */
	#dist: NodeDistribution | undefined;
	readonly meter = new MemoryMeter(DEFAULT_MEMORY_BUDGET_MB * 2 ** 20, (why) =>
		this.#fault('memory', why)
	);

	constructor(readonly clock: 'real' | 'virtual') {}

	boot(opts: SandboxBoot): Promise<{ nodeName: string; startedAt: number }> {
		if (this.#node) throw new Error(`sandbox ${opts.id} is already booted`);
		const node = createNode({
			name: opts.nodeName,
			number: opts.nodeNumber,
			maxProcesses: opts.maxProcesses,
			clock: opts.clock ?? this.clock,
			...(opts.seed !== undefined && { seed: opts.seed })
		});
		this.#node = node;
		this.#boot = opts;
		this.#number = opts.nodeNumber;
		this.#port = opts.events;
		const lines = new ConsoleBatcher((lines, dropped) =>
			this.#post({ type: 'console', lines, dropped })
		);
		this.#consoleBatcher = lines;
		this.#console = sandboxConsole((line) => lines.push(line));
		this.#restartLog = new RestartLog(node);
		this.#index = new ProcessIndex(node);
		this.meter.budget = opts.memoryBudget;
		this.#processMemory = new ProcessMemory(node, this.#index.live);
		this.#snapshots = new Snapshots(node, this.#index.live, (event) => this.#post(event));
		const batcher = new EventBatcher((batch) => this.#post({ type: 'batch', batch }), {
			node: node.name,
			now: () => node.now()
		});
		this.#batcher = batcher;
		this.#unsubscribe = node.onTrace((e) => {
			batcher.push(e);
			this.#observe(e);
		});
		const beat = () => {
			this.#post({ type: 'heartbeat', at: Date.now() });
			this.#checkMemory();
		};
		beat();
		this.#heartbeat = setInterval(beat, opts.heartbeatMs);
		if (opts.distribution) {
			this.#dist = new NodeDistribution(
				node,
				opts.distribution.seed,
				() => this.#running?.files,
				(event) => this.#post(event),
				(event) => batcher.pushObserved(event)
			);
		}
		const booted = { nodeName: node.name, startedAt: Date.now() };
		if (opts.preloadOperations) return this.#loadArsenal().then(() => booted);
		return Promise.resolve(booted);
	}

	/**
	 * Evaluates the bundle and starts its root. Whatever the learner's code throws or answers
	 * on the way (a getter on its module that throws, say) is a `load_failed` answer, never an
	 * error of this worker.
	 */
	load(req: LoadRequest): Promise<LoadResult> {
		return this.#load(req).catch((error: unknown) =>
			failed('load_failed', `Loading the program failed: ${describeReason(error)}`)
		);
	}

	async #load(req: LoadRequest): Promise<LoadResult> {
		const node = this.#booted();
		await this.stop();
		const started = performance.now();
		let program: ProgramExports;
		try {
			program = evaluateProgram(req.code, this.#console!);
		} catch (error) {
			return failed('load_failed', `Loading the program failed: ${describeReason(error)}`);
		}
		const root = program.files[program.entry]?.default;
		if (!isModule(root)) {
			return failed(
				'no_entry',
				`${program.entry} has no default export that is a supervisor module (an object with an init function).`
			);
		}
		const result = await Supervisor.start(node, root as SupervisorModule);
		if (result === 'ignore' || result[0] !== 'ok') {
			const why = result === 'ignore' ? 'its init answered ignore' : describeReason(result[1]);
			return failed('start_failed', `The root supervisor did not start: ${why}`);
		}
		const modules = new Map(
			Object.entries(program.files).map(([f, ns]) => [f, identitiesOf(modulesOf(ns))])
		);
		this.#running = { root: result[1], files: program.files, modules, vsns: { ...req.vsns } };
		return { ok: true, root: String(result[1]), startMs: performance.now() - started };
	}

	/** Hot code reload; like `load`, anything the learner's code throws is an answer. */
	swap(req: SwapRequest): Promise<SwapResult> {
		return this.#swap(req).catch((error: unknown) =>
			failed('load_failed', `Loading the new version failed: ${describeReason(error)}`)
		);
	}

	async #swap(req: SwapRequest): Promise<SwapResult> {
		const node = this.#booted();
		const running = this.#running;
		if (!running) return failed('not_running', 'Nothing is running: run the program first.');
		const started = performance.now();
		let program: ProgramExports;
		try {
			program = evaluateProgram(req.code, this.#console!);
		} catch (error) {
			return failed('load_failed', `Loading the new version failed: ${describeReason(error)}`);
		}
		if (!(req.file in program.files)) {
			return failed('load_failed', `The new program has no file ${req.file}.`);
		}
		const next = modulesOf(program.files[req.file]);
		const clash = nameClash(running.modules, req.file, next);
		if (clash) return { ok: false, error: clash };
		const current: Identities = running.modules.get(req.file) ?? new Map<string, AnyModule[]>();
		running.modules.set(req.file, current);
		const oldVsn = running.vsns[req.file];
		const outcome = await swapModules(node, current, next, oldVsn, req.extra);
		if (!outcome.ok) return outcome;
		running.vsns[req.file] = req.vsn;
		running.files = program.files;
		// The other files' modules as this evaluation made them: the swapped modules may use them.
		for (const [file, namespace] of Object.entries(program.files)) {
			if (file === req.file) continue;
			const identities: Identities = running.modules.get(file) ?? new Map<string, AnyModule[]>();
			running.modules.set(file, identities);
			addCopies(identities, modulesOf(namespace));
		}
		return {
			ok: true,
			modules: outcome.modules,
			processes: outcome.processes.map(String),
			swapMs: performance.now() - started
		};
	}

	/** Shuts the root down in order and waits for it to be gone; no root_down for this one. */
	async stop(): Promise<void> {
		const node = this.#booted();
		const running = this.#running;
		this.#running = undefined;
		if (!running || !node.isAlive(running.root)) return;
		const gone = new Promise<void>((resolve) => {
			const off = node.onTrace((e) => {
				if (e.type === 'exit' && e.pid === running.root) resolve(off());
			});
		});
		node.exit(running.root, 'shutdown');
		await gone;
		await node.settle();
	}

	async execute(operation: string, params?: unknown): Promise<Executed> {
		const node = this.#booted();
		const restartLog = this.#restartLog!;
		const { registry, tracer } = await this.#loadArsenal();
		return await registry.execute(operation, params ?? {}, {
			nodes: [
				{
					number: this.#number,
					node,
					restartsSince: (since) => restartLog.restartsSince(since),
					live: this.#index!.live
				}
			],
			systemPids: new Set(),
			modules: new Map(),
			tracer
		});
	}

	#loadArsenal(): Promise<{ registry: OperationRegistry; tracer: MessageTracer }> {
		this.#arsenal ??= loadArsenal(this.#number).then((loaded) => {
			this.#tracer = loaded.tracer;
			return loaded;
		});
		return this.#arsenal;
	}

	loadTests(req: TestLoadRequest): Promise<TestLoadResult> {
		const boot = this.#boot;
		if (!boot) throw new Error('the sandbox is not booted');
		// Each test gets a node of its own, numbered as this sandbox's.
		const makeNode = (clock: 'real' | 'virtual') =>
			createNode({
				name: boot.nodeName,
				number: boot.nodeNumber,
				maxProcesses: boot.maxProcesses,
				clock
			});
		try {
			this.#tests = TestSession.load(req, this.#console!, makeNode);
			return Promise.resolve({ ok: true, tests: this.#tests.tests });
		} catch (error) {
			return Promise.resolve(
				failed('load_failed', `Loading the tests failed: ${describeWithPlace(error)}`)
			);
		}
	}

	runTest(index: number): Promise<TestResult> {
		if (!this.#tests) throw new Error('no tests are loaded: loadTests first');
		return this.#tests.run(index);
	}

	/**
	 * Plays a scenario; a virtual clock then follows the wall clock, so the program the learner
	 * goes on watching keeps time (its timers fire) once the scenario is done.
	 */
	async experiment(req: ExperimentRequest): Promise<ExperimentResult> {
		const node = this.#booted();
		const running = this.#running;
		if (!running) throw new Error('Nothing is running: the program did not start.');
		// Loaded before the first step (at boot, for an experiment's worker): the steps' time on a
		// virtual clock must not depend on how long loading takes.
		await this.#loadArsenal();
		try {
			return await playScenario(
				{
					node,
					number: this.#number,
					root: running.root,
					execute: (operation, params) => this.execute(operation, params),
					swap: (swap) => this.swap(swap),
					handler: experimentHandler(running.files)
				},
				req
			);
		} finally {
			if (req.clock === 'virtual') this.#followWallClock(node);
		}
	}

	/** Moves a virtual clock on with the wall clock, a frame at a time, from now on. */
	#followWallClock(node: Node): void {
		if (this.#clockFollower) return;
		let last = performance.now();
		let moving = false;
		this.#clockFollower = setInterval(() => {
			if (moving) return;
			const now = performance.now();
			moving = true;
			void node.advance(now - last).finally(() => (moving = false));
			last = now;
		}, FOLLOW_MS);
	}

	distAttach(peer: PeerWire, port: MessagePort): Promise<void> {
		this.#distribution().attach(peer, port);
		return Promise.resolve();
	}

	distRefuse(peer: string | number, reason: string): Promise<void> {
		this.#distribution().refuse(peer, reason);
		return Promise.resolve();
	}

	distDisconnect(peer: string, reason: string): Promise<void> {
		this.#distribution().disconnect(peer, reason);
		return Promise.resolve();
	}

	distSetLink(peer: string, settings: Partial<LinkSettings>): Promise<void> {
		this.#distribution().setLink(peer, settings);
		return Promise.resolve();
	}

	distStats(): Promise<PeerStats[]> {
		return Promise.resolve(this.#distribution().stats());
	}

	#distribution(): NodeDistribution {
		if (!this.#dist) throw new Error('this node is not a cluster node');
		return this.#dist;
	}

	reportUncaught(error: unknown, what: string): void {
		if (this.#tests?.blame(error)) return;
		this.#fault('uncaught', `${what} outside any process: ${describeWithPlace(error)}`);
	}

	dispose(): void {
		clearInterval(this.#heartbeat);
		clearInterval(this.#clockFollower);
		this.#snapshots?.dispose();
		this.#unsubscribe?.();
		this.#batcher?.close();
		this.#consoleBatcher?.close();
		this.#restartLog?.stop();
		this.#index?.stop();
		this.#dist?.sever();
		this.#port?.close();
		if (this.#node) this.#tracer?.nodeStopped(this.#node);
		void this.#node?.shutdown();
	}

	#booted(): Node {
		if (!this.#node) throw new Error('the sandbox is not booted');
		return this.#node;
	}

	#post(event: SandboxEvent): void {
		this.#port?.postMessage(event);
	}

	/**
	 * Tells the system this sandbox must end, once, and stops heartbeating: should the system
	 * not end it at once, its watchdog will.
	 */
	#fault(kind: SandboxFaultKind, message: string): void {
		if (this.#faulted) return;
		this.#faulted = true;
		this.#consoleBatcher?.flush();
		this.#post({ type: 'fault', kind, message });
		clearInterval(this.#heartbeat);
	}

	#checkMemory(): void {
		const sample = this.#processMemory?.sample();
		if (sample) this.meter.check(sample.total, sample.largest);
	}

	/**
	 * Reports the root going down (with its give-up report, when it gave up), and tells the
	 * snapshots the node changed.
	 */
	#observe(e: TraceEvent): void {
		const root = this.#running?.root;
		if (e.type === 'report' && isGiveUp(e.report, root)) {
			const report = toReportOut(e.report, e.at, this.#node!.name);
			if (report.kind === 'supervisor') this.#rootGaveUp = report;
		} else if (e.type === 'exit' && e.pid === root) {
			const gaveUp = this.#rootGaveUp;
			this.#running = this.#rootGaveUp = undefined;
			this.#post({
				type: 'root_down',
				pid: String(e.pid),
				reason: reasonToJson(e.reason),
				...(gaveUp && { gaveUp })
			});
		}
		this.#snapshots!.observe(e);
	}
}

/** How often a virtual clock that follows the wall clock is moved on, ms. */
const FOLLOW_MS = 16;

/** The first `handleExperiment` function a file of the program exports, if any. */
function experimentHandler(
	files: Record<string, Record<string, unknown>>
): ExperimentHandler | undefined {
	for (const namespace of Object.values(files)) {
		const handler = namespace.handleExperiment;
		if (typeof handler === 'function') return handler as ExperimentHandler;
	}
	return undefined;
}

/** A supervisor report of `root` giving up. */
function isGiveUp(report: Report, root: Pid | undefined): boolean {
	return (
		report.kind === 'supervisor' && report.errorContext === 'shutdown' && report.supervisor === root
	);
}

function failed(
	code: SandboxFailure['code'],
	message: string
): { ok: false; error: SandboxFailure } {
	return { ok: false, error: { code, message } };
}

/** An error with the first line of its stack that names a place, when it has one. */
function describeWithPlace(error: unknown): string {
	const text = describeReason(error);
	try {
		const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
		const place = stack.split('\n').find((line) => /^\s+at .*:\d+:\d+\)?$/.test(line));
		return place ? `${text} (${place.trim()})` : text;
	} catch {
		return text;
	}
}

async function loadArsenal(
	nodeNumber: number
): Promise<{ registry: OperationRegistry; tracer: MessageTracer }> {
	const [{ OperationRegistry }, { operations }, { MessageTracer }] = await Promise.all([
		import('$lib/arsenal/registry'),
		import('$lib/arsenal/operations'),
		import('$lib/stream/tracer/tracer')
	]);
	return {
		registry: new OperationRegistry(operations, { rateLimit: false }),
		tracer: new MessageTracer(nodeNumber)
	};
}
