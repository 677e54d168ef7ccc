/**
 * Helpers for the runtime's behaviour tests (not part of the runtime, never re-exported).
 *
 * A {@link Journal} watches one node: its `notifier` children record `[id, pid]` on every
 * (re)start, as gleam/otp's supervisor tests do, and every exit of a named process is logged
 * as `[name, reason]` in exit order, from the node's trace.
 *
 * @example
 * const j = new Journal(node);
 * const sup = okPid(await Supervisor.start(node, supervisorOf({ strategy: 'one_for_one' }, [j.notifier('a')])));
 * j.name(sup, 'sup');
 * node.send(j.pid('a'), ['exit', 'died']);
 * await node.settle();
 * expect(j.starts).toEqual([['a', a1], ['a', j.pid('a')]]);
 */
import { expect } from 'vitest';
import { CallExit } from '$lib/runtime';
import { show } from '$lib/supertester/inspect';
import type {
	ChildSpec,
	ExitMessage,
	ExitReason,
	GenServerModule,
	Node,
	Pid,
	ProcessContext,
	Report,
	SpawnOptions,
	SupFlags,
	SupervisorModule,
	TraceEvent
} from '$lib/runtime';

// Pids and refs are interned, opaque objects: two of them are equal only if they are the same
// object. Without this tester, toEqual would compare their (possibly absent) own fields.
function isOpaqueId(x: unknown): boolean {
	if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
	try {
		return /^(<\d+\.\d+\.\d+>|#Ref<\d+\.\d+>)$/.test((x as { toString(): string }).toString());
	} catch {
		return false;
	}
}
expect.addEqualityTesters([
	function idsByIdentity(a: unknown, b: unknown) {
		return isOpaqueId(a) || isOpaqueId(b) ? a === b : undefined;
	}
]);

/** The pid of an `['ok', pid]` (or `['ok', pid, info]`) start result; fails the test otherwise. */
export function okPid(result: unknown): Pid {
	expect(Array.isArray(result) ? (result as unknown[])[0] : result, show(result)).toBe('ok');
	return (result as [string, Pid])[1];
}

/**
 * Asserts that `promise` rejects with a `CallExit` of this reason (and code, if given).
 * It attaches its handler at once, so it can be created before `node.advance()` and awaited after.
 */
export async function expectCallExit(
	promise: Promise<unknown>,
	reason: unknown,
	code?: 'noproc' | 'timeout' | 'exit'
): Promise<void> {
	const error = await promise.then(
		(value) => new Error(`expected a CallExit, but it resolved with ${show(value)}`),
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(CallExit);
	expect(error).toMatchObject(code === undefined ? { reason } : { reason, code });
}

/** Matches any array: the `modules` of a child, which this suite does not pin down. */
export const anyModules: unknown = expect.any(Array);

/**
 * A GenServer that counts the casts it gets, from `init`'s argument (0 without one): every call
 * answers the count, and plain messages are ignored.
 */
export const counter: GenServerModule<number> = {
	name: 'Counter',
	init: (n: number = 0) => ['ok', n],
	handleCall: (_request, _from, n) => ['reply', n, n],
	handleCast: (_message, n) => ['noreply', n + 1],
	handleInfo: (_message, n) => ['noreply', n]
};

/** A server that traps exits, so that its terminate runs on a shutdown; it records the reason. */
export function trapping(terminated: unknown[]): GenServerModule<null> {
	return {
		name: 'Trapping',
		init: (_args, ctx) => {
			ctx.trapExit(true);
			return ['ok', null];
		},
		terminate: (reason) => void terminated.push(reason)
	};
}

/** A supervisor callback module whose init returns the given flags and children. */
export function supervisorOf(
	flags: SupFlags,
	children: ChildSpec[] | (() => ChildSpec[]),
	name = 'test_sup'
): SupervisorModule {
	return {
		name,
		init: () => ['ok', flags, typeof children === 'function' ? children() : children]
	};
}

/** Whether a received message is a trapped exit signal. */
export function isExitMessage(m: unknown): m is ExitMessage {
	return typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === 'EXIT';
}

/** What the nth (1-based) start of a notifier does. */
export type StartPlan = 'ok' | 'ignore' | ['error', unknown] | ['ok_extra', unknown] | 'throw';

export interface NotifierOptions extends Partial<Omit<ChildSpec, 'id' | 'start'>> {
	/** How the nth start (1-based, counted per id) goes; every start spawns the child by default. */
	plan?: (n: number) => StartPlan;
	/**
	 * Unset: the child does not trap exits, so a `'shutdown'` exit signal kills it at once.
	 * A number: it traps exits and, on an exit signal, takes that many ms to exit with its reason.
	 * `'never'`: it traps exits and ignores exit signals, so only `'kill'` stops it.
	 */
	onExitSignal?: number | 'never';
}

/**
 * The body of a notifier child. It obeys messages:
 * `'stop'` → exits `'normal'`; `['exit', reason]` → exits with `reason`.
 */
async function notifierBody(ctx: ProcessContext, onExitSignal: number | 'never' | undefined) {
	for (;;) {
		const m = await ctx.receive();
		if (m === 'stop') return;
		if (Array.isArray(m) && m[0] === 'exit') ctx.exit(m[1] as ExitReason);
		if (isExitMessage(m) && onExitSignal !== 'never') {
			if (typeof onExitSignal === 'number') await ctx.sleep(onExitSignal);
			ctx.exit(m.reason);
		}
	}
}

/** Records starts and exits on one node; see the module comment. */
export class Journal {
	/** `[id, pid]` on every successful (re)start, in order. */
	readonly starts: Array<[string, Pid]> = [];
	/** `[name, reason]` for every exit of a named or tracked process, in order. */
	readonly exits: Array<[string, ExitReason]> = [];
	/** Every trace event seen, in order. */
	readonly trace: TraceEvent[] = [];
	/** How many times each id's start function ran (successful or not). */
	readonly attempts = new Map<string, number>();
	readonly #names = new Map<Pid, string>();
	readonly #node: Node;

	constructor(node: Node) {
		this.#node = node;
		node.onTrace((e) => {
			this.trace.push(e);
			if (e.type !== 'exit') return;
			const name = this.#names.get(e.pid);
			if (name !== undefined) this.exits.push([name, e.reason]);
		});
	}

	/** Gives a process a name for `exits`. */
	name(pid: Pid, name: string): Pid {
		this.#names.set(pid, name);
		return pid;
	}

	/** The pid of the latest start of `id`. */
	pid(id: string): Pid {
		const found = this.starts.findLast(([i]) => i === id);
		if (!found) throw new Error(`no start recorded for ${id}`);
		return found[1];
	}

	/** The pids `id` has had, oldest first. */
	pids(id: string): Pid[] {
		return this.starts.filter(([i]) => i === id).map(([, p]) => p);
	}

	/** Restart trace events, as plain objects without their timestamps and intensity figures. */
	restarts(): Array<
		Omit<
			Extract<TraceEvent, { type: 'restart' }>,
			'at' | 'type' | 'intensity' | 'period' | 'counted'
		>
	> {
		return this.trace.flatMap((e) => {
			if (e.type !== 'restart') return [];
			const { type: _type, at: _at, intensity: _i, period: _p, counted: _c, ...rest } = e;
			return [rest];
		});
	}

	/** Crash and supervisor reports, in the order the node emitted them. */
	reports(): Report[] {
		return this.trace.flatMap((e) => (e.type === 'report' ? [e.report] : []));
	}

	/** Wraps a child spec so that its successful starts are recorded under its id. */
	track(spec: ChildSpec): ChildSpec {
		return {
			...spec,
			start: async (sup) => {
				this.attempts.set(spec.id, (this.attempts.get(spec.id) ?? 0) + 1);
				const result = await spec.start(sup);
				if (Array.isArray(result) && result[0] === 'ok') this.#record(spec.id, result[1]);
				return result;
			}
		};
	}

	/**
	 * A worker child spec whose start spawns a linked process (from the supervisor, as OTP's
	 * start functions do) that records `[id, pid]` and obeys `'stop'` / `['exit', reason]`.
	 */
	notifier(id: string, opts: NotifierOptions = {}): ChildSpec {
		const { plan: _plan, onExitSignal: _onExitSignal, ...spec } = opts;
		return {
			...spec,
			id,
			// a Promise executor turns a throw into a rejection, as an async start would
			start: (sup) => new Promise((resolve) => resolve(this.#startNotifier(sup, id, opts)))
		};
	}

	#startNotifier(
		sup: ProcessContext,
		id: string,
		{ plan, onExitSignal }: NotifierOptions
	): Awaited<ReturnType<ChildSpec['start']>> {
		const n = (this.attempts.get(id) ?? 0) + 1;
		this.attempts.set(id, n);
		const how = plan?.(n) ?? 'ok';
		if (how === 'ignore') return 'ignore';
		if (how === 'throw') throw new Error(`${id} failed to start`);
		if (how !== 'ok' && how[0] === 'error') return how;
		const options: SpawnOptions = { label: id, trapExit: onExitSignal !== undefined };
		const pid = sup.spawnLink((ctx) => notifierBody(ctx, onExitSignal), options);
		this.#record(id, pid);
		return how === 'ok' ? ['ok', pid] : ['ok', pid, how[1]];
	}

	/** Ids whose latest pid is alive, in start order. */
	alive(): string[] {
		const latest = new Map<string, Pid>();
		for (const [id, pid] of this.starts) latest.set(id, pid);
		return [...latest].filter(([, pid]) => this.#node.isAlive(pid)).map(([id]) => id);
	}

	#record(id: string, pid: Pid) {
		this.starts.push([id, pid]);
		this.#names.set(pid, id);
	}
}

/**
 * Runs `body` in a fresh process and resolves with what it returns. The process exits
 * `'normal'` once the body returns. Use it where the API needs a `ProcessContext`.
 * A body that throws rejects `result` (and exits with the thrown value); that rejection is
 * never reported as unhandled, so a test may ignore `result`.
 */
export function inProcess<T>(
	node: Node,
	body: (ctx: ProcessContext) => T | Promise<T>,
	opts?: SpawnOptions
): { pid: Pid; result: Promise<T> } {
	let resolve!: (v: T) => void;
	let reject!: (e: unknown) => void;
	const result = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	const pid = node.spawn(async (ctx) => {
		try {
			resolve(await body(ctx));
		} catch (e) {
			reject(e);
			throw e;
		}
	}, opts);
	result.catch(() => undefined);
	return { pid, result };
}

/**
 * Tracks whether a promise has settled, so a test can assert that something is still pending
 * after `node.settle()`.
 */
export function track<T>(promise: Promise<T>): { promise: Promise<T>; readonly settled: boolean } {
	const state = { promise, settled: false };
	promise.then(
		() => (state.settled = true),
		() => (state.settled = true)
	);
	return state;
}
