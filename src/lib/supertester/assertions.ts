/**
 * Supertester's assertions on processes, GenServers and supervisors. Each one resolves when it
 * holds and rejects with an `AssertionFailure` that says what was expected, then what was found
 * (values printed as the console prints them); each emits `supertester.assertion.passed` or
 * `failed`. None sleeps: what needs a supervisor to have restarted waits for its trace event.
 *
 * ```ts
 * await assertChildCount(node, sup, 3);
 * const report = await assertRestartStrategy(node, sup, 'rest_for_one', { kill: 'b' });
 * report.restarted; // ['b', 'c']: b and the children started after it
 * ```
 */
import {
	CallExit,
	type Dest,
	type Node,
	type Pid,
	type ProcessInfo,
	type SupFlags
} from '$lib/runtime';
import { describeReason, isPid, supervisorInfo, type SupervisorInfo } from '$lib/runtime/host';
import { deepEqual } from './equal';
import { AssertionFailure } from './failure';
import { show } from './inspect';
import { trackProcess } from './isolation';
import { resolveAlive } from './resolve';
import { waitForGenServerSync, waitForProcessRestart, waitTimeout } from './sync';
import { assertion } from './telemetry';

type Strategy = SupFlags['strategy'];

/** `dest` (a pid, or a registered name) is a live process. */
export function assertProcessAlive(node: Node, dest: Dest): Promise<void> {
	return assertion('assertProcessAlive', () => {
		if (!resolveAlive(node, dest)) {
			fail('assertProcessAlive', `expected ${show(dest)} to be alive, found it dead`);
		}
	});
}

/** `dest` (a pid, or a registered name) is not a live process. */
export function assertProcessDead(node: Node, dest: Dest): Promise<void> {
	return assertion('assertProcessDead', () => {
		const pid = resolveAlive(node, dest);
		if (pid) {
			fail(
				'assertProcessDead',
				`expected ${show(dest)} to be dead, found ${label(node, pid)} alive`
			);
		}
	});
}

/**
 * Child `childId` of the supervisor `supOrName` has been restarted: it now runs as a live pid
 * other than `oldPid`. It does not wait: use `waitForProcessRestart` first when the restart
 * may still be under way.
 */
export function assertProcessRestarted(
	node: Node,
	supOrName: Dest,
	childId: string,
	oldPid: Pid
): Promise<void> {
	const name = 'assertProcessRestarted';
	return assertion(name, async () => {
		const info = await supervisorOf(node, supOrName, name);
		const child = info.children.find((c) => c.id === childId);
		const pid = child?.pid;
		if (isPid(pid) && pid !== oldPid && node.isAlive(pid)) return;
		const found = !child
			? 'no such child'
			: pid === oldPid
				? 'the same pid'
				: childState(node, pid);
		fail(
			name,
			`expected child ${show(childId)} of ${show(supOrName)} to run as a new pid (not ${show(oldPid)}), found ${found}`,
			'a new pid',
			pid
		);
	});
}

/**
 * The state of the GenServer `dest` (read with `:sys.get_state`, after every message queued
 * before) is `expected`, deeply: arrays, plain objects, Maps, Sets and Dates by content, pids
 * and refs by identity. With a function, that function must return true for the state.
 */
export function assertGenServerState<S = unknown>(
	node: Node,
	dest: Dest,
	expected: S | ((state: S) => boolean)
): Promise<void> {
	const name = 'assertGenServerState';
	return assertion(name, async () => {
		const state = await stateOf<S>(node, dest, name);
		if (typeof expected === 'function') {
			const predicate = expected as (state: S) => boolean;
			if (predicate(state) === true) return;
			const what = predicate.name ? `satisfy ${predicate.name}` : 'satisfy the predicate';
			fail(
				name,
				`expected the state of ${show(dest)} to ${what}, found ${show(state)}`,
				what,
				state
			);
		}
		if (!deepEqual(expected, state)) {
			fail(
				name,
				`expected the state of ${show(dest)} to be ${show(expected)}, found ${show(state)}`,
				expected,
				state
			);
		}
	});
}

/** The GenServer `dest` answers `:sys.get_state` within `timeout` ms of the node's clock. */
export function assertGenServerResponsive(
	node: Node,
	dest: Dest,
	timeout = waitTimeout(node)
): Promise<void> {
	const name = 'assertGenServerResponsive';
	return assertion(name, async () => {
		try {
			await waitForGenServerSync(node, dest, timeout);
		} catch (error) {
			const found =
				error instanceof CallExit ? `it exited: ${describeReason(error.reason)}` : 'no answer';
			fail(name, `expected ${show(dest)} to answer within ${timeout} ms, found ${found}`);
		}
	});
}

/** The supervisor (or DynamicSupervisor) `sup` has `n` active children: running, with a pid. */
export function assertChildCount(node: Node, sup: Dest, n: number): Promise<void> {
	const name = 'assertChildCount';
	return assertion(name, async () => {
		const active = (await supervisorOf(node, sup, name)).children.filter((c) => isPid(c.pid));
		if (active.length !== n) {
			fail(
				name,
				`expected ${n} active children of ${show(sup)}, found ${active.length}`,
				n,
				active.length
			);
		}
	});
}

/** Every child of `sup` is running as a live pid (none restarting, stopped or dead). */
export function assertAllChildrenAlive(node: Node, sup: Dest): Promise<void> {
	const name = 'assertAllChildrenAlive';
	return assertion(name, async () => {
		const { children } = await supervisorOf(node, sup, name);
		const down = children.filter((c) => !isPid(c.pid) || !node.isAlive(c.pid));
		if (down.length === 0) return;
		const listed = down.map((c) => `${show(c.id ?? c.pid)} (${childState(node, c.pid)})`);
		fail(
			name,
			`expected every child of ${show(sup)} to be alive, found ${down.length} not: ${listed.join(', ')}`
		);
	});
}

/** `sup` is a supervisor with this restart strategy (a DynamicSupervisor is one_for_one). */
export function assertSupervisorStrategy(node: Node, sup: Dest, strategy: Strategy): Promise<void> {
	const name = 'assertSupervisorStrategy';
	return assertion(name, async () => {
		const found = (await supervisorOf(node, sup, name)).strategy;
		if (found !== strategy) {
			fail(name, `expected ${show(sup)} to be ${strategy}, found ${found}`, strategy, found);
		}
	});
}

/** A supervisor's expected shape: every field left out is not checked. */
export interface SupervisorShape {
	strategy?: Strategy;
	/** Exactly these children, in start order. */
	children?: ChildShape[];
}

/** The expected tree under a supervisor, for `assertSupervisionTreeStructure`. */
export interface TreeShape extends SupervisorShape {
	/** The supervisor's registered name or its module's name. */
	supervisor?: string;
}

/** One expected child: a worker, or (with `children` or `strategy`) a supervisor. */
export interface ChildShape extends SupervisorShape {
	/** Its child spec id; leave it out for a DynamicSupervisor's children, which have none. */
	id?: string;
	type?: 'worker' | 'supervisor';
}

/** A supervisor as found, in the shape of a `TreeShape`. */
interface FoundTree {
	supervisor?: string;
	strategy: Strategy;
	children: FoundChild[];
}

interface FoundChild {
	id?: string;
	type: 'worker' | 'supervisor';
	pid: Pid | 'restarting' | undefined;
	strategy?: Strategy;
	children?: FoundChild[];
}

/**
 * The supervision tree under `sup` has the shape `expected`: the supervisor's name, strategies,
 * and at each level exactly the children listed, in start order, with their ids and types; a
 * child with `children` (or `strategy`) must be a running supervisor whose own tree matches.
 *
 * ```ts
 * await assertSupervisionTreeStructure(node, 'App', {
 *   supervisor: 'App',
 *   strategy: 'one_for_one',
 *   children: [{ id: 'Counter' }, { id: 'Workers', children: [{ id: 'w1' }, { id: 'w2' }] }]
 * });
 * ```
 */
export function assertSupervisionTreeStructure(
	node: Node,
	sup: Dest,
	expected: TreeShape
): Promise<void> {
	const name = 'assertSupervisionTreeStructure';
	return assertion(name, async () => {
		const info = await supervisorOf(node, sup, name);
		const found = await foundTree(node, info);
		const names = [node.processInfo(info.pid)?.name, info.module];
		if (expected.supervisor !== undefined && !names.includes(expected.supervisor)) {
			const shown = found.supervisor === undefined ? 'one without a name' : show(found.supervisor);
			fail(
				name,
				`expected the supervisor ${show(expected.supervisor)}, found ${shown}`,
				expected,
				found
			);
		}
		const mismatch = compareSupervisor(node, expected, found, show(sup));
		if (mismatch) fail(name, mismatch, expected, found);
	});
}

async function foundTree(node: Node, info: SupervisorInfo): Promise<FoundTree> {
	const children = await Promise.all(
		info.children.map(async ({ id, type, pid }): Promise<FoundChild> => {
			const child: FoundChild = { id, type, pid };
			if (isPid(pid) && isSupervisor(node.processInfo(pid))) {
				const inner = await foundTree(node, await supervisorInfo(node, pid));
				child.strategy = inner.strategy;
				child.children = inner.children;
			}
			return child;
		})
	);
	const supervisor = node.processInfo(info.pid)?.name ?? info.module;
	return { supervisor, strategy: info.strategy, children };
}

/** Where `found` differs from `expected`, in words; undefined when it does not. */
function compareSupervisor(
	node: Node,
	expected: SupervisorShape,
	found: FoundTree | FoundChild,
	where: string
): string | undefined {
	if (expected.strategy !== undefined && expected.strategy !== found.strategy) {
		return `expected ${where} to be ${expected.strategy}, found ${found.strategy ?? 'no supervisor'}`;
	}
	if (!expected.children) return undefined;
	const children = found.children ?? [];
	const ids = children.map((c) => c.id);
	const wanted = expected.children.map((c, i) => c.id ?? ids[i]);
	if (wanted.length !== ids.length || wanted.some((id, i) => id !== ids[i])) {
		return `expected the children of ${where} to be ${show(wanted)}, found ${show(ids)}`;
	}
	for (const [i, shape] of expected.children.entries()) {
		const mismatch = compareChild(
			node,
			shape,
			children[i],
			`${where} > ${show(children[i].id ?? i)}`
		);
		if (mismatch) return mismatch;
	}
	return undefined;
}

function compareChild(
	node: Node,
	expected: ChildShape,
	found: FoundChild,
	where: string
): string | undefined {
	const type = expected.type ?? (expected.children || expected.strategy ? 'supervisor' : undefined);
	if (type !== undefined && type !== found.type) {
		return `expected ${where} to be a ${type}, found a ${found.type}`;
	}
	if (type === 'supervisor' && !found.children) {
		return `expected ${where} to be a running supervisor, found ${childState(node, found.pid)}`;
	}
	return compareSupervisor(node, expected, found, where);
}

/**
 * Runs `fn`, settles the node, and resolves with `fn`'s value if every process spawned while it
 * ran has exited. Otherwise it fails listing those still alive, e.g.
 * `expected no process left by the function, found 1: <0.12.0> (Counter)`, and tracks them, so
 * that `cleanupProcesses` stops them after the test.
 */
export function assertNoProcessLeaks<T>(node: Node, fn: () => T | Promise<T>): Promise<T> {
	const name = 'assertNoProcessLeaks';
	return assertion(name, async () => {
		const before = new Set(node.processes());
		const value = await fn();
		await node.settle();
		const left = node.processes().filter((pid) => !before.has(pid));
		if (left.length === 0) return value;
		for (const pid of left) trackProcess(node, pid);
		const listed = left.map((pid) => label(node, pid)).join(', ');
		return fail(
			name,
			`expected no process left by the function, found ${left.length}: ${listed}`,
			[],
			left
		);
	});
}

/** How `assertMailboxStable` samples. */
export interface MailboxOptions {
	/** How many times the queue length is read, the node settled before each; default 3. */
	samples?: number;
	/** How much longer than the first sample a later one may be; default 0. */
	tolerance?: number;
	/** Virtual clock only: ms to advance before each later sample, so timed senders get to send. */
	advance?: number;
}

/**
 * `pid`'s message queue does not grow: its length is read `samples` times, the node settled
 * (and, with `advance`, time moved on) before each read, and no read may exceed the first by
 * more than `tolerance`. The process must stay alive throughout. It fails with every length read.
 */
export function assertMailboxStable(
	node: Node,
	pid: Pid,
	opts: MailboxOptions = {}
): Promise<void> {
	const name = 'assertMailboxStable';
	const { samples = 3, tolerance = 0, advance } = opts;
	return assertion(name, async () => {
		const lengths: number[] = [];
		for (let i = 0; i < samples; i++) {
			if (i > 0 && advance !== undefined) await node.advance(advance);
			else await node.settle();
			const length = node.processInfo(pid)?.messageQueueLen;
			if (length === undefined) fail(name, `expected ${show(pid)} to be alive, found it dead`);
			lengths.push(length);
		}
		if (lengths.some((n) => n > lengths[0] + tolerance)) {
			fail(
				name,
				`expected the mailbox of ${show(pid)} not to grow${tolerance ? ` by more than ${tolerance}` : ''}, found lengths ${lengths.join(', ')}`,
				lengths[0],
				lengths
			);
		}
	});
}

/** What `assertRestartStrategy` saw: the child it killed, and which children got new pids. */
export interface RestartReport {
	killed: string;
	/** The children running under a new pid afterwards (the killed one too), in start order. */
	restarted: string[];
	/** The children still running under their old pid. */
	kept: string[];
}

/**
 * Proves a supervisor's restart strategy: kills child `opts.kill` (default: the first), waits
 * for its restart, and compares every running child's pid before and after. one_for_one must
 * restart only the killed child; one_for_all all of them; rest_for_one the killed child and
 * those started after it. Resolves with what it saw, and fails saying what restarted instead.
 * The kill counts towards the supervisor's restart intensity, as any crash does.
 */
export function assertRestartStrategy(
	node: Node,
	sup: Dest,
	strategy: Strategy,
	opts: { kill?: string; timeout?: number } = {}
): Promise<RestartReport> {
	const name = 'assertRestartStrategy';
	return assertion(name, async () => {
		const before = (await supervisorOf(node, sup, name)).children.filter(
			(c): c is typeof c & { id: string; pid: Pid } => c.id !== undefined && isPid(c.pid)
		);
		const at = opts.kill === undefined ? 0 : before.findIndex((c) => c.id === opts.kill);
		const victim = before[at];
		if (!victim) {
			const wanted =
				opts.kill === undefined ? 'a running child' : `a running child ${show(opts.kill)}`;
			fail(
				name,
				`expected ${wanted} of ${show(sup)} to kill, found ${show(before.map((c) => c.id))}`
			);
		}
		if (victim.restart === 'temporary') {
			fail(
				name,
				`expected a child of ${show(sup)} that is restarted when killed, found ${show(victim.id)} temporary: its supervisor would only remove it`
			);
		}
		const restart = waitForProcessRestart(node, sup, victim.id, { timeout: opts.timeout });
		node.exit(victim.pid, 'kill');
		await restart;
		const after = new Map((await supervisorOf(node, sup, name)).children.map((c) => [c.id, c.pid]));
		const newPid = (c: { id: string; pid: Pid }) => {
			const now = after.get(c.id);
			return isPid(now) && now !== c.pid;
		};
		const restarted = before.filter(newPid).map((c) => c.id);
		const report = {
			killed: victim.id,
			restarted,
			kept: before.filter((c) => after.get(c.id) === c.pid).map((c) => c.id)
		};
		// Siblings the strategy stops, but temporary ones are removed rather than restarted, as OTP does.
		const stopped =
			strategy === 'one_for_one'
				? [victim]
				: strategy === 'one_for_all'
					? before
					: before.slice(at);
		const expected = stopped
			.filter((c) => c === victim || c.restart !== 'temporary')
			.map((c) => c.id);
		if (!deepEqual(expected, restarted)) {
			fail(
				name,
				`expected ${strategy} to restart ${show(expected)} when ${show(victim.id)} was killed, found ${show(restarted)} restarted`,
				expected,
				restarted
			);
		}
		return report;
	});
}

/** The state of GenServer `dest`, or an AssertionFailure of `name` when it is not alive. */
async function stateOf<S>(node: Node, dest: Dest, name: string): Promise<S> {
	try {
		return await waitForGenServerSync<S>(node, dest);
	} catch (error) {
		if (!(error instanceof CallExit)) throw error;
		return fail(
			name,
			`expected ${show(dest)} to be a live GenServer, found it exited: ${describeReason(error.reason)}`
		);
	}
}

/** Throws the AssertionFailure of assertion `name`. */
function fail(name: string, message: string, expected?: unknown, actual?: unknown): never {
	throw new AssertionFailure(name, message, expected, actual);
}

/** `<0.12.0> (Counter)`: a pid, with its registered name, module or label if it has one. */
function label(node: Node, pid: Pid): string {
	const info = node.processInfo(pid);
	const known = info?.name ?? info?.module ?? info?.label;
	return known === undefined ? String(pid) : `${String(pid)} (${known})`;
}

/** How a child runs, in words: its pid (and `dead` if it is), `restarting` or `not running`. */
function childState(node: Node, pid: Pid | 'restarting' | undefined): string {
	if (isPid(pid)) return node.isAlive(pid) ? String(pid) : `${String(pid)} dead`;
	return pid ?? 'not running';
}

function isSupervisor(info: ProcessInfo | undefined): boolean {
	return info?.behaviour === 'supervisor' || info?.behaviour === 'dynamic_supervisor';
}

/** `sup`'s flags and children, or an AssertionFailure of `name` when it is no live supervisor. */
async function supervisorOf(node: Node, sup: Dest, name: string): Promise<SupervisorInfo> {
	const pid = resolveAlive(node, sup);
	const info = pid && node.processInfo(pid);
	if (pid && isSupervisor(info)) return supervisorInfo(node, pid);
	const found = !pid
		? 'no live process'
		: `${label(node, pid)}, a ${info?.behaviour ?? 'plain process'}`;
	return fail(name, `expected ${show(sup)} to be a live supervisor, found ${found}`);
}
