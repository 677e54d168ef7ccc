/**
 * Hot code reload of one file's modules in a running sandbox, as a release upgrade does it
 * with `sys:change_code` on each process running a changed module:
 *
 * 1. Pair the file's old and new module objects by export name (a module is an object with an
 *    `init` function: a GenServerModule or a SupervisorModule).
 * 2. Find the processes running each old module (`processInfo(pid).module === mod.name`, so a
 *    module needs a `name` to be found) and suspend them all, each within
 *    {@link SUSPEND_MS}. One still busy then (say, inside a call to another target that is
 *    already suspended) fails the change: every target is resumed, nothing has changed.
 * 3. Dry run: the new `codeChange(oldVsn, state, extra)` on each GenServer's state, and the
 *    new `init(args)` of each Supervisor. A throw or a bad answer resumes everything and
 *    fails, naming module, pid and reason: nothing has changed. (So codeChange runs twice per
 *    process and should be pure.)
 * 4. `changeCode` each process to the new module (its state through codeChange).
 * 5. Copy the new callbacks, in place, into every object that has been this module (its
 *    {@link Identities}): child specs and other files hold them, so a restart after the reload
 *    starts the new code, as a reloaded Erlang module is global. A module has several such
 *    objects because each reload evaluates the whole program again: reloading `main.ts` gives
 *    its supervisor specs that hold that evaluation's fresh copy of `counter.ts`'s modules, so
 *    the host adds those copies to `counter.ts`'s identities ({@link addCopies}). New exports
 *    join the file's modules.
 * 6. Resume all, whatever happened.
 *
 * Processes are found by module name, so names must be unique in a sandbox
 * ({@link nameClash}). A module without a name has no processes found: its objects are
 * updated in place, so processes running it take the new callbacks without codeChange.
 */
import {
	GenServer,
	type GenServerModule,
	type Node,
	type Pid,
	type SupervisorModule,
	CallExit
} from '$lib/runtime';
import {
	changeCode,
	suspend,
	describeReason,
	checkInit,
	type SupervisorState
} from '$lib/runtime/host';
import type { SandboxFailure } from '$lib/sandbox/protocol';

/** A GenServerModule or a SupervisorModule: what processes run. */
export type AnyModule = (GenServerModule | SupervisorModule) & Record<string, unknown>;

export function isModule(value: unknown): value is AnyModule {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { init?: unknown }).init === 'function'
	);
}

/** A file's module exports by export name. */
export function modulesOf(namespace: Record<string, unknown> | undefined): Map<string, AnyModule> {
	const found = new Map<string, AnyModule>();
	for (const [name, value] of Object.entries(namespace ?? {})) {
		if (isModule(value)) found.set(name, value);
	}
	return found;
}

/**
 * Every object that has been one file's module, by export name: the one loaded first and the
 * copies later evaluations of the program made. All of them hold the same code.
 */
export type Identities = Map<string, AnyModule[]>;

export function identitiesOf(modules: Map<string, AnyModule>): Identities {
	return new Map([...modules].map(([name, mod]) => [name, [mod]]));
}

/**
 * Adds a fresh evaluation's copies of an unchanged file's modules to its identities: they hold
 * the same code, and whatever that evaluation started or specified may run them.
 */
export function addCopies(identities: Identities, copies: Map<string, AnyModule>): void {
	for (const [name, mod] of copies) {
		const ids = identities.get(name);
		if (!ids) identities.set(name, [mod]);
		else if (!ids.includes(mod)) ids.push(mod);
	}
}

/**
 * Why `file`'s new modules cannot be reloaded by name: a name used twice in the file, or also
 * by another file's module (whose processes would be changed too). Undefined when none is.
 */
export function nameClash(
	files: Map<string, Identities>,
	file: string,
	next: Map<string, AnyModule>
): SandboxFailure | undefined {
	const owners = new Map<string, string>();
	for (const [other, identities] of files) {
		if (other === file) continue;
		for (const [exported, [mod]] of identities) {
			if (mod?.name) owners.set(mod.name, `${other} (export ${exported})`);
		}
	}
	for (const [exported, mod] of next) {
		if (!mod.name) continue;
		const here = `${file} (export ${exported})`;
		const owner = owners.get(mod.name);
		if (owner) {
			return {
				code: 'code_change_failed',
				message:
					`module name ${mod.name} is used by both ${owner} and ${here}: module names must be ` +
					'unique in a sandbox, as hot reload finds the processes running a module by its name. ' +
					'Nothing was changed.',
				details: { module: mod.name, files: [owner, here] }
			};
		}
		owners.set(mod.name, here);
	}
	return undefined;
}

export type SwapOutcome =
	{ ok: true; modules: string[]; processes: Pid[] } | { ok: false; error: SandboxFailure };

interface Target {
	pid: Pid;
	old: AnyModule;
	next: AnyModule;
}

/**
 * Changes the running code of `current` (the file's modules, every identity updated in place)
 * to `next`'s; `next`'s objects join the identities, and new exports are added. Resolves with
 * what changed, or why nothing did.
 */
export async function swapModules(
	node: Node,
	current: Identities,
	next: Map<string, AnyModule>,
	oldVsn: string | undefined,
	extra: unknown
): Promise<SwapOutcome> {
	const pairs = [...next].flatMap(([exported, mod]) => {
		const ids = current.get(exported);
		return ids?.[0] ? [{ exported, ids, old: ids[0], next: mod }] : [];
	});
	const targets = findTargets(node, pairs);
	const suspension = await suspendAll(node, targets);
	if (!suspension.ok) return suspension;
	const suspended = suspension.targets;
	try {
		const refused = await dryRun(node, suspended, oldVsn, extra);
		if (refused) return { ok: false, error: refused };
		for (const t of suspended) {
			try {
				await changeCode(node, t.pid, t.next, oldVsn, extra);
			} catch (error) {
				// The dry run passed, so only impure code gets here: say what was left half-done.
				const note = 'The processes changed before it run the new code, the others the old.';
				return { ok: false, error: failure(t, error, note) };
			}
		}
		for (const { ids, next: mod } of pairs) for (const id of ids) replaceContents(id, mod);
		addCopies(current, next);
		return {
			ok: true,
			modules: pairs.map(({ old, exported }) => old.name ?? `(unnamed export ${exported})`),
			processes: suspended.map((t) => t.pid)
		};
	} finally {
		await Promise.all(suspended.map((t) => GenServer.resume(node, t.pid).catch(() => undefined)));
	}
}

function findTargets(node: Node, pairs: Array<{ old: AnyModule; next: AnyModule }>): Target[] {
	const byName = new Map<string, { old: AnyModule; next: AnyModule }>();
	for (const { old, next } of pairs) if (old.name) byName.set(old.name, { old, next });
	const targets: Target[] = [];
	for (const pid of node.processes()) {
		const info = node.processInfo(pid);
		const pair = info?.module === undefined ? undefined : byName.get(info.module);
		if (pair && (info?.behaviour === 'gen_server' || info?.behaviour === 'supervisor')) {
			targets.push({ pid, ...pair });
		}
	}
	return targets;
}

/** How long each target has to get to its suspend request, ms. */
export const SUSPEND_MS = 2_000;

/**
 * Suspends every target; one that exits meanwhile is left out. When one does not get to it in
 * time, resumes them all (a late suspend is undone by the resume queued after it) and fails.
 */
async function suspendAll(
	node: Node,
	targets: Target[]
): Promise<{ ok: true; targets: Target[] } | { ok: false; error: SandboxFailure }> {
	const outcomes = await Promise.all(
		targets.map((t) =>
			suspend(node, t.pid, SUSPEND_MS).then(
				() => 'suspended' as const,
				(error: unknown) =>
					error instanceof CallExit && error.reason === 'timeout'
						? ('busy' as const)
						: ('gone' as const)
			)
		)
	);
	const busy = targets.filter((_, i) => outcomes[i] === 'busy');
	const suspended = targets.filter((_, i) => outcomes[i] === 'suspended');
	if (busy.length === 0) return { ok: true, targets: suspended };
	// A busy one may never get to its resume: do not wait for it.
	for (const t of busy) void GenServer.resume(node, t.pid).catch(() => undefined);
	await Promise.all(suspended.map((t) => GenServer.resume(node, t.pid).catch(() => undefined)));
	const names = busy.map((t) => `${t.old.name ?? '(unnamed)'} in ${String(t.pid)}`);
	return {
		ok: false,
		error: {
			code: 'code_change_failed',
			message:
				`code change failed: ${names.join(', ')} did not suspend within ${SUSPEND_MS} ms ` +
				'(busy in a callback, perhaps calling another process being changed). ' +
				'Nothing was changed: the old code is still running.',
			details: { busy: busy.map((t) => String(t.pid)), timeoutMs: SUSPEND_MS }
		}
	};
}

/** The new code's answer for each target's state, without keeping it; the first refusal. */
async function dryRun(
	node: Node,
	targets: Target[],
	oldVsn: string | undefined,
	extra: unknown
): Promise<SandboxFailure | undefined> {
	for (const t of targets) {
		const state = await GenServer.getState(node, t.pid);
		const supervisor = node.processInfo(t.pid)?.behaviour === 'supervisor';
		let answer: unknown;
		try {
			const mod = t.next as GenServerModule;
			if (supervisor) answer = (t.next as SupervisorModule).init((state as SupervisorState).args);
			else if (mod.codeChange) answer = mod.codeChange(oldVsn, state, extra);
			else continue;
		} catch (error) {
			return failure(t, error);
		}
		if (supervisor) {
			// The checks the supervisor's own code change makes, so it cannot fail halfway.
			const checked = checkInit(answer);
			if (Array.isArray(checked)) return failure(t, `init answered ${describeReason(checked)}`);
		} else if (!(Array.isArray(answer) && answer.length === 2 && answer[0] === 'ok')) {
			return failure(t, `codeChange answered ${describeReason(answer)}`);
		}
	}
	return undefined;
}

/** `target` now has `source`'s own properties and no others. */
function replaceContents(target: AnyModule, source: AnyModule): void {
	if (target === source) return;
	for (const key of Object.keys(target)) if (!(key in source)) delete target[key];
	Object.assign(target, source);
}

function failure(
	t: Target,
	error: unknown,
	note = 'Nothing was changed: the old code is still running.'
): SandboxFailure {
	const reason = error instanceof Error ? error.message : describeReason(error);
	const module = t.old.name ?? '(unnamed)';
	return {
		code: 'code_change_failed',
		message: `code change of ${module} in ${String(t.pid)} failed: ${reason}. ${note}`,
		details: { module, pid: String(t.pid), reason }
	};
}
