/**
 * Waiting without sleeping: a cast that has been handled, a restart, a death, a lifecycle. Every
 * wait listens to the node's trace (`node.onTrace`) and never polls; a timeout runs on the
 * node's clock (by default {@link waitTimeout}: 5000 ms, as `GenServer.call`'s, unless
 * {@link setWaitTimeout} set another), so on a virtual clock it fires inside
 * `node.advance(ms)`, and a wait that times out rejects with an `AssertionFailure` saying what
 * it waited for. A wait starts listening when it is called: call it before the event can happen
 * (the crash, the kill), or at least before the next await.
 *
 * ```ts
 * await castAndSync(node, pid, 'inc');                  // the cast has been handled
 * const next = waitForProcessRestart(node, sup, 'Counter');
 * node.exit(counter, 'kill');
 * const pid = await next;                              // the new Counter
 * ```
 */
import { resolveAlive } from './resolve';
import {
	GenServer,
	type Dest,
	type ExitReason,
	type Node,
	type Pid,
	type TraceEvent
} from '$lib/runtime';
import { describeReason, nodeTimeout } from '$lib/runtime/host';
import { AssertionFailure } from './failure';
import { show } from './inspect';
import { helper } from './telemetry';

/** A wait's default timeout, in ms on the node's clock: `GenServer.call`'s. */
export const DEFAULT_TIMEOUT = 5000;

/** Nodes whose waits take another default: a node of a sandbox's test run takes the system's. */
const nodeTimeouts = new WeakMap<Node, number>();

/** The timeout of a wait or an assertion on `node` that gives none, in ms on the node's clock. */
export function waitTimeout(node: Node): number {
	return nodeTimeouts.get(node) ?? DEFAULT_TIMEOUT;
}

/**
 * Sets the timeout of the waits and assertions on `node` that give none (a sandbox's test run
 * gives its nodes the system's supertester.defaultTimeout); `undefined` restores DEFAULT_TIMEOUT.
 * Kept with the node, not the thread: tests that share a thread keep their own defaults.
 */
export function setWaitTimeout(node: Node, ms: number | undefined): void {
	if (ms === undefined) nodeTimeouts.delete(node);
	else nodeTimeouts.set(node, ms);
}

/** How long a wait may take, in ms on the node's clock (default {@link waitTimeout}). */
export interface WaitOptions {
	timeout?: number;
}

/**
 * Casts `message` to `dest`, then reads its state with `GenServer.getState` (`:sys.get_state`, a
 * system message handled in order after the cast), so the cast has been handled when this
 * resolves, with the state after it. Works for any GenServer, with no sync handler of its own
 * (Elixir's `cast_and_sync/3` calls one; `:sys.get_state` needs none). A dead server rejects
 * with the call's `CallExit` (`'noproc'`); a server that does not answer within `timeout` ms
 * rejects with an `AssertionFailure` (its pending read then ends when the server answers or exits).
 * A suspended server (`GenServer.suspend`) still answers the read, as OTP's does, before it has
 * handled the cast: resume it first.
 */
export function castAndSync<S = unknown>(
	node: Node,
	dest: Dest,
	message: unknown,
	timeout = waitTimeout(node)
): Promise<S> {
	return helper('castAndSync', () => {
		GenServer.cast(node, dest, message);
		return syncWithin<S>(node, dest, timeout, 'castAndSync');
	});
}

/**
 * Elixir's `wait_for_genserver_sync/2`: resolves with `dest`'s state once it has handled every
 * message queued before this call (`:sys.get_state`). Rejects as `castAndSync` does.
 */
export function waitForGenServerSync<S = unknown>(
	node: Node,
	dest: Dest,
	timeout = waitTimeout(node)
): Promise<S> {
	return helper('waitForGenServerSync', () =>
		syncWithin<S>(node, dest, timeout, 'waitForGenServerSync')
	);
}

/** `GenServer.getState`, bounded by `timeout` ms of the node's clock. */
function syncWithin<S>(node: Node, dest: Dest, timeout: number, name: string): Promise<S> {
	return new Promise<S>((resolve, reject) => {
		const cancel = nodeTimeout(node, timeout, () =>
			reject(
				new AssertionFailure(
					name,
					`expected ${show(dest)} to answer within ${timeout} ms, found no answer`
				)
			)
		);
		GenServer.getState<S>(node, dest).then(
			(state) => {
				cancel();
				resolve(state);
			},
			(error: Error) => {
				// a CallExit: the server is not there, or exited meanwhile
				cancel();
				reject(error);
			}
		);
	});
}

/**
 * Resolves with the new pid of child `childId` at its supervisor's NEXT restart of it: the
 * `restart` trace event that the supervisor emits once the new child's start has returned
 * (a restart that gave no pid, an `'ignore'`, is not one). Restarts before the call are not
 * counted; one after the call but before the first await is. A name is resolved once, when
 * called. Rejects at once when there is no such supervisor, when the supervisor exits before
 * restarting the child (its restart intensity was reached), and after `timeout`.
 */
export function waitForProcessRestart(
	node: Node,
	supOrName: Dest,
	childId: string,
	opts: WaitOptions = {}
): Promise<Pid> {
	const name = 'waitForProcessRestart';
	return helper(name, () => {
		const what = `a restart of child ${show(childId)} of ${show(supOrName)}`;
		const sup = resolveAlive(node, supOrName);
		if (!sup) return Promise.reject(notFound(name, what, 'no supervisor'));
		return awaitTrace<Pid>(node, name, what, opts.timeout, (e) => {
			if (e.type === 'restart' && e.supervisor === sup && e.childId === childId && e.newPid) {
				return { value: e.newPid };
			}
			if (e.type === 'exit' && e.pid === sup) {
				return { found: `the supervisor exited: ${describeReason(e.reason)}` };
			}
		});
	});
}

/**
 * Resolves with the new pid of the supervisor registered as `supName` once its parent has
 * restarted it: when the name is registered again, to a pid other than the one it had when
 * this was called. Call it before the supervisor dies, or while it is down; once the name is
 * registered to the new pid, the restart is over and this would wait for the next one.
 */
export function waitForSupervisorRestart(
	node: Node,
	supName: string,
	opts: WaitOptions = {}
): Promise<Pid> {
	const name = 'waitForSupervisorRestart';
	return helper(name, () => {
		const old = node.whereis(supName);
		const what = `${show(supName)} registered to a new pid`;
		return awaitTrace(node, name, what, opts.timeout, (e) =>
			e.type === 'register' && e.name === supName && e.pid !== old ? { value: e.pid } : undefined
		);
	});
}

/**
 * Resolves with `pid`'s exit reason once it exits. As a monitor's `DOWN` does, a process that is
 * already dead gives `'noproc'` at once (its real reason is gone with it). Rejects after
 * `timeout` ms while it lives on.
 */
export function waitForProcessDeath(
	node: Node,
	pid: Pid,
	timeout = waitTimeout(node)
): Promise<ExitReason> {
	const name = 'waitForProcessDeath';
	return helper(name, () => {
		if (!node.isAlive(pid)) return Promise.resolve<ExitReason>('noproc');
		return awaitTrace(node, name, `${show(pid)} to exit`, timeout, (e) =>
			e.type === 'exit' && e.pid === pid ? { value: e.reason } : undefined
		);
	});
}

/** What `monitorLifecycle` records: the process's exit, and its restarts of children. */
export type LifecycleEvent =
	| { type: 'exit'; pid: Pid; reason: ExitReason; at: number }
	| {
			type: 'restart';
			childId: string;
			oldPid?: Pid;
			newPid?: Pid;
			reason: ExitReason;
			at: number;
	  };

/** A recording of one process's lifecycle; see `monitorLifecycle`. */
export interface LifecycleMonitor {
	/** In the order they happened. */
	readonly events: readonly LifecycleEvent[];
	/** Stops recording (it stops by itself once the process has exited). */
	stop(): void;
}

/**
 * Records what happens to `pid` from now on: each restart of one of its children, if it is a
 * supervisor (with the old and new pids, and the reason the old one exited), and its exit. As
 * a monitor, a process that is already dead records one exit with reason `'noproc'`.
 */
export function monitorLifecycle(node: Node, pid: Pid): LifecycleMonitor {
	const events: LifecycleEvent[] = [];
	if (!node.isAlive(pid)) {
		events.push({ type: 'exit', pid, reason: 'noproc', at: node.now() });
		return { events, stop: () => undefined };
	}
	const stop = node.onTrace((e) => {
		if (e.type === 'restart' && e.supervisor === pid) {
			const { childId, oldPid, newPid, reason, at } = e;
			events.push({ type: 'restart', childId, oldPid, newPid, reason, at });
		} else if (e.type === 'exit' && e.pid === pid) {
			events.push({ type: 'exit', pid, reason: e.reason, at: e.at });
			stop();
		}
	});
	return { events, stop };
}

/**
 * What a trace matcher decides about one event: done with a value, failed with what was found
 * instead, or (undefined) go on listening.
 */
type Verdict<T> = { value: T } | { found: string } | undefined;

/**
 * Listens to the trace until `match` gives a verdict; after `timeout` ms of the node's clock it
 * rejects with an `AssertionFailure` saying `expected <what> within <timeout> ms, found none`.
 */
function awaitTrace<T>(
	node: Node,
	name: string,
	what: string,
	timeout = waitTimeout(node),
	match: (e: TraceEvent) => Verdict<T>
): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const fail = (found: string) => reject(notFound(name, `${what} within ${timeout} ms`, found));
		const off = node.onTrace((e) => {
			const verdict = match(e);
			if (!verdict) return;
			off();
			cancel();
			if ('value' in verdict) resolve(verdict.value);
			else fail(verdict.found);
		});
		const cancel = nodeTimeout(node, timeout, () => {
			off();
			fail('none');
		});
	});
}

function notFound(name: string, what: string, found: string): AssertionFailure {
	return new AssertionFailure(name, `expected ${what}, found ${found}`);
}
