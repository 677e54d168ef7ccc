/**
 * Performance on a node: what an operation costs (time, reductions, the runtime's memory
 * estimate), bounds on it, and a concurrent load against a server with an invariant checked
 * after it. Assert on reductions and counts, which a seeded node repeats exactly; wall-clock
 * durations vary from run to run and machine to machine.
 *
 * ```ts
 * await assertPerformance(node, () => node.call(pid, 'get'), { maxReductions: 10 });
 * const report = await runConcurrent(node, pid, {
 *   workers: 10,
 *   operations: [{ cast: 'inc' }],
 *   repeat: 100,
 *   invariant: async (n, s) => (await n.call(s, 'get')) === 1000
 * });
 * ```
 */
import {
	CallExit,
	TIMEOUT,
	type Dest,
	type DownMessage,
	type Node,
	type Pid,
	type ProcessContext,
	type Ref
} from '$lib/runtime';
import { AssertionFailure } from './failure';
import { assertion, helper } from './telemetry';
import { tryAdvance } from './time';

/** What `measureOperation` found. */
export interface Measurement<T> {
	/** What the operation resolved to. */
	result: T;
	/** Wall-clock ms (performance.now) from the call until the node settled after it. */
	durationMs: number;
	/**
	 * Reductions made meanwhile by the node's processes that are alive at the end (a process
	 * that ran and exited in between, such as the one a call from the node runs in, is not
	 * counted).
	 */
	reductions: number;
	/**
	 * Change of the sum of the processes' `ProcessInfo.memory`: the runtime's estimate of their
	 * records, queues and states, not the JavaScript heap. Negative when processes went away.
	 */
	memoryBytes: number;
}

/**
 * Runs `fn` and measures it, up to the node settling after it (so casts it sent are handled
 * within the measure). The node settles first, so earlier work is not counted.
 */
export function measureOperation<T>(node: Node, fn: () => T | Promise<T>): Promise<Measurement<T>> {
	return helper('measureOperation', async () => {
		await node.settle();
		const before = snapshot(node);
		const started = performance.now();
		const result = await fn();
		await node.settle();
		const durationMs = performance.now() - started;
		return { result, durationMs, ...costSince(before, snapshot(node)) };
	});
}

type Snapshot = Map<Pid, { reductions: number; memory: number }>;

function snapshot(node: Node): Snapshot {
	const taken: Snapshot = new Map();
	for (const pid of node.processes()) {
		const info = node.processInfo(pid);
		if (info) taken.set(pid, { reductions: info.reductions, memory: info.memory });
	}
	return taken;
}

function costSince(
	before: Snapshot,
	after: Snapshot
): Pick<Measurement<unknown>, 'reductions' | 'memoryBytes'> {
	let reductions = 0;
	for (const [pid, now] of after) reductions += now.reductions - (before.get(pid)?.reductions ?? 0);
	return { reductions, memoryBytes: totalMemory(after) - totalMemory(before) };
}

function totalMemory(s: Snapshot): number {
	let sum = 0;
	for (const { memory } of s.values()) sum += memory;
	return sum;
}

/** Upper bounds on what an operation may cost; absent ones are not checked. */
export interface PerformanceBounds {
	maxDurationMs?: number;
	maxReductions?: number;
	maxMemoryBytes?: number;
}

/** Each bound, what it bounds and how its figures read. */
const BOUNDS = [
	{ bound: 'maxDurationMs', measured: 'durationMs', unit: 'ms' },
	{ bound: 'maxReductions', measured: 'reductions', unit: 'reductions' },
	{ bound: 'maxMemoryBytes', measured: 'memoryBytes', unit: 'bytes of memory' }
] as const;

/**
 * Measures `fn` (as `measureOperation` does) and resolves to the measurement, or throws an
 * `AssertionFailure` naming every bound it exceeded, with the bound and what was found.
 */
export function assertPerformance<T>(
	node: Node,
	fn: () => T | Promise<T>,
	bounds: PerformanceBounds
): Promise<Measurement<T>> {
	return assertion('assertPerformance', async () => {
		const m = await measureOperation(node, fn);
		const exceeded = BOUNDS.filter(
			({ bound, measured }) => m[measured] > (bounds[bound] ?? Infinity)
		);
		if (exceeded.length === 0) return m;
		const message = exceeded
			.map(
				({ bound, measured, unit }) =>
					`expected at most ${bounds[bound]} ${unit}, found ${round(m[measured])}`
			)
			.join('; ');
		const found = {
			durationMs: m.durationMs,
			reductions: m.reductions,
			memoryBytes: m.memoryBytes
		};
		throw new AssertionFailure('assertPerformance', message, bounds, found);
	});
}

function round(n: number): number {
	return Math.round(n * 100) / 100;
}

/** One operation of a `runConcurrent` worker against the server. */
export type ConcurrentOperation =
	/** `call(server, request)`, with the run's `callTimeout`. */
	| { call: unknown }
	/** `cast(server, message)`. */
	| { cast: unknown }
	/** Anything, from the worker's process. */
	| { custom: (caller: ProcessContext) => unknown };

/** A `runConcurrent` load. */
export interface ConcurrentOptions {
	/** How many worker processes run the operations at once. */
	workers: number;
	/** What each worker does, in order. */
	operations: ConcurrentOperation[];
	/** How many times each worker runs the operations; default 1. */
	repeat?: number;
	/** Node-clock ms a call may take; default 5000. */
	callTimeout?: number;
	/** Node-clock ms after which workers still running are killed; default 60 000. */
	timeoutMs?: number;
	/** Checked once the load is done and the node settled; false fails the run. */
	invariant?: (node: Node, server: Dest) => Promise<boolean | void> | boolean | void;
}

/** An operation that failed: where, and why. */
export interface OperationError {
	/** The worker's index, from 0. */
	worker: number;
	/** Which run of the operations (of `repeat`), from 0. */
	iteration: number;
	/** The operation's index in `operations`. */
	index: number;
	kind: 'call' | 'cast' | 'custom';
	/**
	 * A failed call's `CallExit` reason (`'timeout'`, `'noproc'`, the server's exit reason),
	 * what the operation threw, or `'timeout'` when `timeoutMs` cut the worker short.
	 */
	reason: unknown;
}

/** What `runConcurrent` did. */
export interface ConcurrentReport {
	workers: number;
	/** Operations started, over every worker. */
	operations: number;
	errors: OperationError[];
	/** Wall-clock ms of the load, until the node settled after it. */
	durationMs: number;
}

/**
 * Runs `operations` against `server` from `workers` processes at once, each `repeat` times,
 * recording every failed operation (and going on with the next), then lets the node settle and
 * checks `invariant`: an `AssertionFailure` when it returns false. On a virtual clock, time is
 * advanced only while every worker waits on a timer (a call's timeout). The workers, and the
 * process watching them, are gone when it resolves.
 */
export function runConcurrent(
	node: Node,
	server: Dest,
	opts: ConcurrentOptions
): Promise<ConcurrentReport> {
	return helper('runConcurrent', async () => {
		const { workers, callTimeout = 5000, timeoutMs = 60_000 } = opts;
		const started = performance.now();
		const run: Run = { server, opts, callTimeout, operations: 0, errors: [] };
		const positions = Array.from({ length: workers }, (_, worker) => ({
			worker,
			iteration: 0,
			index: 0
		}));
		const cutShort = (worker: number, reason: unknown) => fail(run, positions[worker], reason);
		const done = watchWorkers(node, workers, timeoutMs, cutShort, (ctx, worker) =>
			work(ctx, run, positions[worker])
		);
		await untilDone(node, done, callTimeout);
		await node.settle();
		const { operations, errors } = run;
		const report = { workers, operations, errors, durationMs: performance.now() - started };
		if (opts.invariant) await checkInvariant(node, server, opts.invariant, report);
		return report;
	});
}

/** One `runConcurrent` load in progress: what its workers share. */
interface Run {
	server: Dest;
	opts: ConcurrentOptions;
	callTimeout: number;
	/** Operations started so far. */
	operations: number;
	errors: OperationError[];
}

/** Where a worker is: it moves `iteration` and `index` as it goes. */
type Position = Omit<OperationError, 'reason' | 'kind'>;

/** A worker's body: the operations, `repeat` times, each failure recorded and passed over. */
async function work(ctx: ProcessContext, run: Run, at: Position): Promise<void> {
	const { operations, repeat = 1 } = run.opts;
	for (at.iteration = 0; at.iteration < repeat; at.iteration++) {
		for (at.index = 0; at.index < operations.length; at.index++) {
			run.operations++;
			try {
				await perform(ctx, run.server, operations[at.index], run.callTimeout);
			} catch (error) {
				fail(run, at, reasonOf(error));
			}
		}
	}
}

function fail(run: Run, at: Position, reason: unknown): void {
	run.errors.push({ ...at, kind: kindOf(run.opts.operations[at.index]), reason });
}

function perform(
	ctx: ProcessContext,
	server: Dest,
	op: ConcurrentOperation,
	callTimeout: number
): unknown {
	if ('call' in op) return ctx.call(server, op.call, callTimeout);
	if ('cast' in op) return ctx.cast(server, op.cast);
	return op.custom(ctx);
}

function kindOf(op: ConcurrentOperation): OperationError['kind'] {
	return 'call' in op ? 'call' : 'cast' in op ? 'cast' : 'custom';
}

function reasonOf(error: unknown): unknown {
	return error instanceof CallExit ? error.reason : error;
}

/**
 * Spawns `count` workers, monitored by a process of their own that resolves once every one
 * is down. A worker that exits abnormally, or is still running `timeoutMs` after the start
 * (it is killed then), is reported to `cutShort` with its reason (`'timeout'` for the latter).
 */
function watchWorkers(
	node: Node,
	count: number,
	timeoutMs: number,
	cutShort: (worker: number, reason: unknown) => void,
	body: (ctx: ProcessContext, worker: number) => Promise<void>
): Promise<void> {
	return new Promise((resolve) => {
		node.spawn(
			async (ctx) => {
				const running = new Map<Ref, { worker: number; pid: Pid }>();
				for (let worker = 0; worker < count; worker++) {
					const label = `runConcurrent worker ${worker}`;
					const [pid, ref] = ctx.spawnMonitor((w) => body(w, worker), { label });
					running.set(ref, { worker, pid });
				}
				const deadline = node.now() + timeoutMs;
				let timedOut = false;
				while (running.size > 0) {
					const timeout = timedOut ? 'infinity' : Math.max(0, deadline - node.now());
					const down = await ctx.receive<DownMessage>({
						match: (m) => isDownOf(running, m),
						timeout
					});
					if (down === TIMEOUT) {
						timedOut = true;
						for (const { worker, pid } of running.values()) {
							cutShort(worker, 'timeout');
							ctx.exitSignal(pid, 'kill');
						}
						continue;
					}
					const { worker } = running.get(down.ref)!;
					running.delete(down.ref);
					if (!timedOut && down.reason !== 'normal') cutShort(worker, down.reason);
				}
				resolve();
			},
			{ label: 'runConcurrent' }
		);
	});
}

function isDownOf(running: Map<Ref, unknown>, m: unknown): m is DownMessage {
	const down = m as Partial<DownMessage> | null;
	return down?.kind === 'DOWN' && down.ref !== undefined && running.has(down.ref);
}

/**
 * Waits for `done`. On a virtual clock, whenever the node settles first (every process waits
 * on a timer), moves the clock by `step` ms so that those timers fire.
 */
async function untilDone(node: Node, done: Promise<void>, step: number): Promise<void> {
	let finished = false;
	void done.then(() => (finished = true));
	for (;;) {
		await Promise.race([done, node.settle()]);
		if (finished || !(await tryAdvance(node, step))) return done;
	}
}

function checkInvariant(
	node: Node,
	server: Dest,
	invariant: NonNullable<ConcurrentOptions['invariant']>,
	report: ConcurrentReport
): Promise<void> {
	return assertion('runConcurrent', async () => {
		if ((await invariant(node, server)) !== false) return;
		throw new AssertionFailure(
			'runConcurrent',
			`expected the invariant to hold after ${report.operations} operations from ${report.workers} workers, found it false (${report.errors.length} operations failed)`,
			true,
			false
		);
	});
}
