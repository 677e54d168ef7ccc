/**
 * Isolated processes for one test: each setup starts a server or supervisor under a name no
 * other test uses, and remembers it (per node), so that `cleanupProcesses(node)`, which the test
 * runner calls after every test, stops all of it and nothing leaks into the next test. Elixir's
 * Supertester starts them under ExUnit's test supervisor; here the node itself is the parent.
 *
 * ```ts
 * const { pid, name } = await setupIsolatedGenServer(node, Counter, { args: 0 }); // 'Counter_1'
 * const app = await setupIsolatedSupervisor(node, App, { name: 'App' });
 * await cleanupProcesses(node); // App's children stopped in order, then Counter_1
 * ```
 */
import {
	GenServer,
	Supervisor,
	type GenServerModule,
	type Name,
	type Node,
	type Pid,
	type StartResult,
	type SupervisorModule
} from '$lib/runtime';
import { describeReason, isPid, nodeTimeout, supervisorInfo } from '$lib/runtime/host';
import { waitForProcessDeath } from './sync';
import { helper } from './telemetry';
import { tryAdvance } from './time';

/** How a setup starts its process. */
export interface SetupOptions {
	/** The callback module's `init` argument. */
	args?: unknown;
	/** Registers the process under this exact name; without it, a unique `<module>_<n>`. */
	name?: Name;
}

/** A process a setup started, and the name it is registered under. */
export interface IsolatedProcess {
	pid: Pid;
	name: Name;
}

/**
 * Starts `module` with `GenServer.start` from the node (no link), registered as `opts.name` or
 * under a fresh `${module.name ?? 'GenServer'}_${n}`, and tracks it for `cleanupProcesses`.
 * Rejects with an Error saying why when it does not start (its init stopped or returned
 * `'ignore'`, or the name is taken: the message names the holder).
 */
export function setupIsolatedGenServer(
	node: Node,
	module: GenServerModule,
	opts: SetupOptions = {}
): Promise<IsolatedProcess> {
	return helper('setupIsolatedGenServer', () =>
		setup(node, module.name ?? 'GenServer', opts.name, (name) =>
			GenServer.start(node, module, opts.args, { name })
		)
	);
}

/** As `setupIsolatedGenServer`, for a supervisor (`Supervisor.start`); its children start with it. */
export function setupIsolatedSupervisor(
	node: Node,
	module: SupervisorModule,
	opts: SetupOptions = {}
): Promise<IsolatedProcess> {
	return helper('setupIsolatedSupervisor', () =>
		setup(node, module.name ?? 'Supervisor', opts.name, (name) =>
			Supervisor.start(node, module, opts.args, { name })
		)
	);
}

async function setup(
	node: Node,
	base: string,
	wanted: Name | undefined,
	start: (name: Name) => Promise<StartResult>
): Promise<IsolatedProcess> {
	const name = wanted ?? uniqueName(node, base);
	const result = await start(name);
	if (result === 'ignore') throw new Error(`${base} did not start: its init returned 'ignore'`);
	if (result[0] === 'error') throw new Error(startError(base, name, result[1]));
	trackProcess(node, result[1]);
	return { pid: result[1], name };
}

function startError(base: string, name: Name, reason: unknown): string {
	if (Array.isArray(reason) && reason[0] === 'already_started') {
		return `${base} did not start: the name '${name}' is already registered to ${String(reason[1])}`;
	}
	return `${base} did not start: ${describeReason(reason)}`;
}

const counters = new WeakMap<Node, number>();

/** `${base}_${n}` with the node's next n, skipping names that are taken. */
function uniqueName(node: Node, base: string): Name {
	for (;;) {
		const n = (counters.get(node) ?? 0) + 1;
		counters.set(node, n);
		const name = `${base}_${n}`;
		if (!node.whereis(name)) return name;
	}
}

/** Per node, what the helpers started, in start order. */
const tracked = new WeakMap<Node, Set<Pid>>();

/**
 * Adds `pid` to what `cleanupProcesses(node)` stops: for helpers (chaos, performance) that
 * start processes of their own.
 */
export function trackProcess(node: Node, pid: Pid): void {
	let pids = tracked.get(node);
	if (!pids) tracked.set(node, (pids = new Set()));
	pids.add(pid);
}

/**
 * Stops the tracked processes of `node` (or just `pids`) and forgets them. Each one is sent a
 * `'shutdown'` exit signal from the node, as its parent, newest first, one at a time: a
 * supervisor stops its children in reverse start order, each within its spec's `shutdown`, and
 * a server that traps exits runs `terminate`. One that is still alive once OTP would have
 * killed it (5000 ms for a server; for a supervisor, its children's shutdowns added up and
 * 5000 ms for itself; on the node's clock) is killed, and so is whatever it spawned that is still alive. On a virtual
 * clock time does not pass by itself: what is still alive once the node has settled is killed.
 * A tracked process under a tracked supervisor is left to that supervisor.
 */
export function cleanupProcesses(node: Node, pids?: Pid[]): Promise<void> {
	return helper('cleanupProcesses', async () => {
		const mine = tracked.get(node);
		const targets = pids ?? [...(mine ?? [])];
		for (const pid of targets) mine?.delete(pid);
		const alive = targets.filter((pid) => node.isAlive(pid));
		if (alive.length === 0) return;
		// On a virtual clock, advance(0) fires only what is already due.
		const virtual = await tryAdvance(node, 0);
		const roots = alive.filter((pid) => !hasAncestorIn(node, pid, alive));
		for (const root of roots.reverse()) await stop(node, root, virtual);
		for (const pid of alive) if (node.isAlive(pid)) node.exit(pid, 'kill');
		await node.settle();
	});
}

/** Stops one process as its parent would, then kills it and its spawn tree if it lingers. */
async function stop(node: Node, root: Pid, virtual: boolean): Promise<void> {
	const tree = spawnTree(node, root);
	if (virtual) {
		node.exit(root, 'shutdown');
		await node.settle();
	} else {
		const death = waitForProcessDeath(node, root, await shutdownBound(node, root));
		node.exit(root, 'shutdown');
		await death.catch(() => undefined);
	}
	for (const pid of tree) if (node.isAlive(pid)) node.exit(pid, 'kill');
	await node.settle();
}

/** OTP's default `shutdown` of a worker, in ms. */
const WORKER_SHUTDOWN = 5000;

/**
 * How long OTP would give `pid` to stop: a worker's default shutdown; for a supervisor, its
 * children's shutdowns added up (it stops them one by one; a child supervisor's `'infinity'`
 * is its own bound) and a worker's for itself. A supervisor that does not say within a
 * worker's shutdown counts as a worker.
 */
async function shutdownBound(node: Node, pid: Pid): Promise<number> {
	const behaviour = node.processInfo(pid)?.behaviour;
	if (behaviour !== 'supervisor' && behaviour !== 'dynamic_supervisor') return WORKER_SHUTDOWN;
	const info = await within(node, WORKER_SHUTDOWN, supervisorInfo(node, pid));
	if (!info) return WORKER_SHUTDOWN;
	let total = WORKER_SHUTDOWN;
	for (const { pid: child, shutdown, type } of info.children) {
		if (typeof shutdown === 'number') total += shutdown;
		else if (shutdown === 'infinity') {
			total +=
				type === 'supervisor' && isPid(child) ? await shutdownBound(node, child) : WORKER_SHUTDOWN;
		}
	}
	return total;
}

/** `promise`'s value, or undefined if it fails or takes longer than `ms` of the node's clock. */
function within<T>(node: Node, ms: number, promise: Promise<T>): Promise<T | undefined> {
	return new Promise((resolve) => {
		const cancel = nodeTimeout(node, ms, () => resolve(undefined));
		promise.then(
			(value) => {
				cancel();
				resolve(value);
			},
			() => {
				cancel();
				resolve(undefined);
			}
		);
	});
}

/** `root` and every live process it spawned, and they spawned, and so on. */
function spawnTree(node: Node, root: Pid): Pid[] {
	const tree = new Set([root]);
	for (const pid of node.processes()) {
		const parent = node.processInfo(pid)?.parent;
		if (parent && tree.has(parent)) tree.add(pid);
	}
	return [...tree];
}

/** Whether one of `pid`'s ancestors (by spawn) is in `pids`. */
function hasAncestorIn(node: Node, pid: Pid, pids: Pid[]): boolean {
	for (let p = node.processInfo(pid)?.parent; p; p = node.processInfo(p)?.parent) {
		if (pids.includes(p)) return true;
	}
	return false;
}
