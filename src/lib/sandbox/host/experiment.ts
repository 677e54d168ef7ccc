/**
 * Plays an experiment's scenario against the program a sandbox runs, in the sandbox worker: the
 * steps act on the node directly (through this node's own Arsenal operations, as a REST call
 * would), so nothing crosses a worker between two steps and, on a virtual clock, time passes
 * only where the scenario says — in wait steps, and in a step that waits on the clock itself (a
 * call's timeout). With a virtual clock and a seed, every replay answers the same.
 *
 * Each step's result lists the restarts and exits it caused. A step aimed at a process that is
 * gone fails with `noproc`; an assertion that does not hold fails with `assertion_failed` and
 * Supertester's message; either way the next steps still play.
 *
 * Pids in the result are written as the sandbox's own node shows them, `<0.I.0>` (as Erlang
 * prints a local pid): the sandbox's number changes with each start, its pids' `I` do not.
 */
import { Supervisor, type Node, type Pid, type TraceEvent } from '$lib/runtime';
import { describeReason, pidOf } from '$lib/runtime/host';
import type { Executed } from '$lib/arsenal/registry';
import {
	describeStep,
	type ExperimentResult,
	type Step,
	type StepResult,
	type Target
} from '$lib/arsenal/experiment_schemas';
import { serialize, type Json } from '$lib/arsenal/serialize';
import {
	assertAllChildrenAlive,
	assertChildCount,
	assertGenServerResponsive,
	assertGenServerState,
	assertProcessAlive,
	assertProcessDead,
	assertProcessRestarted,
	assertSupervisorStrategy,
	isAssertionFailure
} from '$lib/supertester';
import type { ExperimentRequest, SwapResult } from '$lib/sandbox/protocol';

/** What a module's `handleExperiment(step, state)` gets as `state`. */
export interface ExperimentState {
	node: Node;
	/** The root supervisor. */
	root: Pid;
	seed: number;
	clock: 'virtual' | 'real';
	/** The results of the steps played so far. */
	results: StepResult[];
	/** Kept from one custom step to the next: the handler's own. */
	data: Record<string, unknown>;
}

export type ExperimentHandler = (
	step: Extract<Step, { kind: 'custom' }>,
	state: ExperimentState
) => unknown;

/** The sandbox as a scenario acts on it. */
export interface Stage {
	node: Node;
	/** The N of the node's pids. */
	number: number;
	root: Pid;
	/** One of this node's Arsenal operations; rejects with the ArsenalError it answers. */
	execute(operation: string, params: unknown): Promise<Executed>;
	/** Hot-loads a program built with one file changed (the host's swap). */
	swap(req: { code: string; file: string; vsn: string }): Promise<SwapResult>;
	/** The first `handleExperiment` export of the program's files, if one has it. */
	handler: ExperimentHandler | undefined;
}

/** How far a step that waits on the clock itself may move a virtual clock, ms. */
const DRIVE_LIMIT_MS = 30_000;
/** A virtual clock is moved this much at a time while a step waits on it. */
const DRIVE_TICK_MS = 5;
/** A wait on a virtual clock moves it this much at a time. */
const WAIT_SLICE_MS = 100;
/** How long a kill waits for the process to be gone (on the node's clock). */
const KILL_WAIT_MS = 1000;

class StepFailure extends Error {
	constructor(
		readonly code: string,
		message: string
	) {
		super(message);
	}
}

export async function playScenario(
	stage: Stage,
	req: ExperimentRequest
): Promise<ExperimentResult> {
	const { node } = stage;
	const local = localPids(stage.number);
	const player = new Player(stage, req);
	const start = node.now();
	const results: StepResult[] = [];
	const state: ExperimentState = {
		node,
		root: stage.root,
		seed: req.seed,
		clock: req.clock,
		results,
		data: {}
	};
	// The children a `restarted` check compares with: their pids before the first step.
	const before = await player.drive(player.pidsBefore(req.steps));
	for (const [index, step] of req.steps.entries()) {
		const events: TraceEvent[] = [];
		// The processes a step's own operation starts and ends (a kill's watcher) are not news.
		const spawned = new Set<Pid>();
		const off = node.onTrace((e) => {
			if (e.type === 'spawn') spawned.add(e.pid);
			else if (e.type === 'restart') events.push(e);
			else if (e.type === 'exit' && !(e.reason === 'normal' && spawned.has(e.pid))) events.push(e);
		});
		const at = node.now() - start;
		let outcome: { result?: Json; error?: { code: string; message: string } };
		try {
			const result = await player.play(step, index, state, before);
			outcome = result === undefined ? {} : { result: local(serialize(result)) };
		} catch (error) {
			outcome = { error: stepError(error) };
		}
		await node.settle();
		off();
		results.push({
			index,
			kind: step.kind,
			label: describeStep(step),
			status: outcome.error ? 'failed' : 'ok',
			at,
			...outcome,
			restarts: events.flatMap((e) =>
				e.type === 'restart'
					? [
							{
								supervisor: local(String(e.supervisor)) as string,
								childId: e.childId,
								...(e.oldPid && { oldPid: local(String(e.oldPid)) as string }),
								...(e.newPid && { newPid: local(String(e.newPid)) as string }),
								reason: describeReason(e.reason)
							}
						]
					: []
			),
			exits: events.flatMap((e) =>
				e.type === 'exit'
					? [{ pid: local(String(e.pid)) as string, reason: describeReason(e.reason) }]
					: []
			)
		});
	}
	const asserted = results.filter((r) => r.kind === 'assert');
	const failedAssertions = asserted.filter((r) => r.status === 'failed').length;
	return {
		ok: results.every((r) => r.status === 'ok'),
		clock: req.clock,
		seed: req.seed,
		durationMs: node.now() - start,
		restarts: results.reduce((n, r) => n + r.restarts.length, 0),
		assertions: { passed: asserted.length - failedAssertions, failed: failedAssertions },
		steps: results
	};
}

class Player {
	readonly #stage: Stage;
	readonly #req: ExperimentRequest;

	constructor(stage: Stage, req: ExperimentRequest) {
		this.#stage = stage;
		this.#req = req;
	}

	async play(
		step: Step,
		index: number,
		state: ExperimentState,
		before: Map<string, Pid | undefined>
	): Promise<unknown> {
		const { node } = this.#stage;
		switch (step.kind) {
			case 'kill':
				return this.#operation('kill_process', {
					pid: await this.#text(step.target),
					reason: step.reason,
					waitMs: KILL_WAIT_MS
				});
			case 'fault': {
				const { fault, reason, count, ms } = step;
				return this.#operation('inject_fault', {
					pid: await this.#text(step.target),
					kind: fault,
					...(reason !== undefined && (fault === 'crash' || fault === 'throw') && { reason }),
					...(count !== undefined && (fault === 'delay' || fault === 'drop') && { count }),
					...(ms !== undefined && fault === 'delay' && { ms })
				});
			}
			case 'send':
			case 'cast':
			case 'call':
				return this.#operation('send_message', {
					pid: await this.#text(step.target),
					type: step.kind,
					message: step.message,
					...(step.timeoutMs !== undefined && { timeoutMs: step.timeoutMs })
				});
			case 'wait':
				if (this.#req.clock === 'virtual') await advanceYielding(node, step.ms);
				else await new Promise((resolve) => setTimeout(resolve, step.ms));
				return undefined;
			case 'reload':
				return this.#reload(step.file, index);
			case 'assert':
				await this.drive(this.#assert(step, before));
				return undefined;
			case 'custom': {
				const handler = this.#stage.handler;
				if (!handler) {
					throw new StepFailure(
						'no_handler',
						`No file exports handleExperiment(step, state) to play the custom step '${step.name}'.`
					);
				}
				return await this.drive(Promise.resolve().then(() => handler(step, state)));
			}
		}
	}

	/**
	 * Settles `promise` on the node's clock: a virtual clock is moved on, a tick at a time, while
	 * it waits on a timer (a call's timeout); a real one just runs.
	 */
	async drive<T>(promise: Promise<T>): Promise<T> {
		const { node } = this.#stage;
		if (this.#req.clock === 'real') return promise;
		let done = false;
		const watched = promise.finally(() => (done = true));
		watched.catch(() => {});
		await node.settle();
		for (let moved = 0; ; moved += DRIVE_TICK_MS) {
			await nextTask();
			if (done || moved >= DRIVE_LIMIT_MS) break;
			await node.advance(DRIVE_TICK_MS);
		}
		return watched;
	}

	/** Each `restarted` target's pid before the first step (undefined when it had none). */
	async pidsBefore(steps: Step[]): Promise<Map<string, Pid | undefined>> {
		const pids = new Map<string, Pid | undefined>();
		for (const step of steps) {
			if (step.kind !== 'assert' || step.check !== 'restarted' || !('path' in step.target))
				continue;
			const key = step.target.path.join('/');
			if (!pids.has(key)) pids.set(key, await this.#pidOrUndefined(step.target));
		}
		return pids;
	}

	async #pidOrUndefined(target: Target): Promise<Pid | undefined> {
		try {
			return await this.#pid(target);
		} catch {
			return undefined;
		}
	}

	async #operation(name: string, params: Record<string, unknown>): Promise<Json> {
		return (await this.drive(this.#stage.execute(name, params))).data;
	}

	async #reload(file: string, index: number): Promise<unknown> {
		const built = this.#req.reloads[index];
		if (!built) throw new StepFailure('not_built', `The reload of ${file} was not built.`);
		const swapped = await this.drive(this.#stage.swap({ code: built.code, file, vsn: built.vsn }));
		if (!swapped.ok) throw new StepFailure(swapped.error.code, swapped.error.message);
		return { modules: swapped.modules, processes: swapped.processes };
	}

	#assert(step: Extract<Step, { kind: 'assert' }>, before: Map<string, Pid | undefined>) {
		const { node } = this.#stage;
		const dest = () => this.#dest(step.target);
		switch (step.check) {
			case 'alive':
				return dest().then((d) => assertProcessAlive(node, d));
			case 'dead':
				return this.#dead(step.target);
			case 'restarted':
				return this.#restarted(step.target, before);
			case 'childCount':
				if (typeof step.value !== 'number') {
					throw new StepFailure('invalid_step', 'A childCount check needs a number as its value.');
				}
				return dest().then((d) => assertChildCount(node, d, step.value as number));
			case 'allChildrenAlive':
				return dest().then((d) => assertAllChildrenAlive(node, d));
			case 'state':
				return dest().then((d) => assertGenServerState(node, d, step.value ?? null));
			case 'strategy': {
				const strategy = step.value;
				if (
					strategy !== 'one_for_one' &&
					strategy !== 'one_for_all' &&
					strategy !== 'rest_for_one'
				) {
					throw new StepFailure(
						'invalid_step',
						'A strategy check needs one_for_one, one_for_all or rest_for_one as its value.'
					);
				}
				return dest().then((d) => assertSupervisorStrategy(node, d, strategy));
			}
			case 'responsive':
				return dest().then((d) => assertGenServerResponsive(node, d));
		}
	}

	async #restarted(target: Target, before: Map<string, Pid | undefined>): Promise<void> {
		if (!('path' in target) || target.path.length === 0) {
			throw new StepFailure(
				'invalid_step',
				"A restarted check needs a child's path: a pid or a name does not say which child to compare."
			);
		}
		const old = before.get(target.path.join('/'));
		if (!old) {
			throw new StepFailure('noproc', `${target.path.join('/')} had no pid before the first step.`);
		}
		const parent = await this.#pid({ path: target.path.slice(0, -1) });
		await assertProcessRestarted(this.#stage.node, parent, target.path.at(-1)!, old);
	}

	/** The target as an operation's `pid` parameter: a pid's text or a registered name. */
	async #text(target: Target): Promise<string> {
		if ('name' in target) return target.name;
		return String(await this.#pid(target));
	}

	/** The target as a Supertester assertion takes it. */
	async #dest(target: Target): Promise<Pid | string> {
		return 'name' in target ? target.name : this.#pid(target);
	}

	/** A target that names no live process (a gone pid, an empty path) is dead. */
	async #dead(target: Target): Promise<void> {
		let dest: Pid | string;
		try {
			dest = await this.#dest(target);
		} catch (error) {
			if (error instanceof StepFailure && error.code === 'noproc') return;
			throw error;
		}
		await assertProcessDead(this.#stage.node, dest);
	}

	/** The live pid a target names; `noproc` when there is none. */
	async #pid(target: Target): Promise<Pid> {
		const { node } = this.#stage;
		if ('name' in target) {
			const pid = node.whereis(target.name);
			if (!pid) throw new StepFailure('noproc', `No process is registered as ${target.name}.`);
			return pid;
		}
		if ('pid' in target) {
			const pid = this.#parse(target.pid);
			if (!node.isAlive(pid)) {
				throw new StepFailure('noproc', `No process ${target.pid}: it has exited.`);
			}
			return pid;
		}
		let pid = this.#stage.root;
		for (const [depth, id] of target.path.entries()) {
			const at = target.path.slice(0, depth).join('/') || 'the root';
			if (!node.isAlive(pid)) throw new StepFailure('noproc', `${at} is not running.`);
			const behaviour = node.processInfo(pid)?.behaviour;
			if (behaviour !== 'supervisor' && behaviour !== 'dynamic_supervisor') {
				throw new StepFailure('noproc', `${at} is a worker: it has no child '${id}'.`);
			}
			const children = await this.drive(Supervisor.whichChildren(node, pid));
			const child = children.find((c) => c.id === id);
			if (!child) {
				throw new StepFailure(
					'noproc',
					`${at} has no child '${id}' (its children: ${children.map((c) => c.id).join(', ') || 'none'}).`
				);
			}
			if (typeof child.pid !== 'object') {
				throw new StepFailure(
					'noproc',
					`Child '${id}' of ${at} is not running (${child.pid ?? 'stopped'}).`
				);
			}
			pid = child.pid;
		}
		return pid;
	}

	/** A pid's text as this node's pid; its node number may be the sandbox's or 0 (local form). */
	#parse(text: string): Pid {
		const match = /^<(\d+)\.(\d+)\.\d+>$/.exec(text);
		const { node } = this.#stage;
		const pid = match && pidOf(node, Number(match[2]));
		const number = match ? Number(match[1]) : -1;
		if (!pid || (number !== 0 && String(pid) !== text)) {
			throw new StepFailure('noproc', `No process ${text} on this sandbox's node.`);
		}
		return pid;
	}
}

function stepError(error: unknown): { code: string; message: string } {
	if (error instanceof StepFailure) return { code: error.code, message: error.message };
	if (isAssertionFailure(error)) return { code: 'assertion_failed', message: error.message };
	const code = (error as { code?: unknown } | null)?.code;
	return {
		code: typeof code === 'string' ? code : 'step_failed',
		message: error instanceof Error ? error.message : describeReason(error)
	};
}

/** Rewrites the pids of node `number` in JSON to their local form, `<0.I.0>`. */
function localPids(number: number): (value: Json) => Json {
	const own = new RegExp(`<${number}\\.(\\d+)\\.(\\d+)>`, 'g');
	const walk = (value: Json): Json => {
		if (typeof value === 'string') return value.replace(own, '<0.$1.$2>');
		if (Array.isArray(value)) return value.map(walk);
		if (value && typeof value === 'object') {
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
		}
		return value;
	};
	return walk;
}

/**
 * Moves a virtual clock on by `ms`, a slice at a time, letting the worker's own tasks run in
 * between: a long wait over busy timers must not keep the heartbeat from the watchdog.
 */
async function advanceYielding(node: Node, ms: number): Promise<void> {
	for (let left = ms; left > 0; left -= WAIT_SLICE_MS) {
		await node.advance(Math.min(left, WAIT_SLICE_MS));
		await nextTask();
	}
}

/** Lets every pending microtask and message run (no timer clamping, unlike setTimeout). */
function nextTask(): Promise<void> {
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => {
			channel.port1.close();
			resolve();
		};
		channel.port2.postMessage(null);
	});
}
