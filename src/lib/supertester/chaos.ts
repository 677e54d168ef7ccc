/**
 * Chaos for supervision trees, seeded: crash a process now, later or by chance; kill random
 * children of a supervisor for a while; run chaos scenarios one after another. Every random
 * choice is drawn from a seed, and every result carries the seed it used (one is picked when
 * none is given), so a run that failed is replayed exactly: same seed, a fresh identical tree,
 * a virtual clock.
 *
 * ```ts
 * const report = await chaosKillChildren(node, sup, { rate: 10, durationMs: 1000, seed: 42 });
 * report.killed;             // [{ at: 100, childId: 'b', pid }, …]: the same for seed 42 every run
 * report.supervisorSurvived; // false once the kills outran its restart intensity
 * ```
 */
import { CallExit, Supervisor, type ExitReason, type Node, type Pid } from '$lib/runtime';
import { injectFault, isPid, nodeTimeout, seededRandom } from '$lib/runtime/host';
import { AssertionFailure } from './failure';
import { pickSeed, seedFrom } from './seeds';
import { helper } from './telemetry';
import { passTime } from './time';

/** How `injectCrash` crashes a process. */
export interface CrashOptions {
	/** The exit signal's reason; default `'chaos_injection'`. `'kill'` cannot be trapped. */
	reason?: ExitReason;
	/** Node-clock ms to wait first; on a virtual clock the crash fires inside `node.advance`. */
	after?: number;
	/** The chance (0..1) that the crash happens at all, drawn from `seed` when called. */
	probability?: number;
	/** Seeds the probability's draw: the same seed, the same decision. */
	seed?: number;
}

/** What `injectCrash` did; `seed` is there when a probability was drawn. */
export type CrashResult =
	/** The exit signal was sent at node-clock ms `at`, and the process died. */
	| { crashed: true; at: number; reason: ExitReason; seed?: number }
	/**
	 * `'spared'`: the draw said no. `'noproc'`: the process was dead when the crash was due.
	 * `'survived'`: the signal was sent at `at`, and the process lives on (it traps exits, or
	 * the reason was `'normal'`).
	 */
	| {
			crashed: false;
			why: 'spared' | 'noproc' | 'survived';
			at?: number;
			reason: ExitReason;
			seed?: number;
	  };

/** Supertester's default reason for an injected crash. */
const CHAOS_REASON = 'chaos_injection';

/**
 * Crashes `pid` with an exit signal from outside: now, `after` ms on the node's clock (a node
 * timer; on a virtual clock it fires inside `node.advance`), and only with `probability` if
 * one is given. Resolves once the crash was due and the node settled after it.
 *
 * ```ts
 * const crash = injectCrash(node, pid, { after: 100 });
 * await node.advance(100);
 * await crash; // { crashed: true, at: 100, reason: 'chaos_injection' }
 * ```
 */
export function injectCrash(node: Node, pid: Pid, opts: CrashOptions = {}): Promise<CrashResult> {
	return helper('injectCrash', async () => {
		const { reason = CHAOS_REASON, after } = opts;
		const { spared, ...seeded } = draw(node, opts.probability, opts.seed);
		if (spared) return { crashed: false, why: 'spared', reason, ...seeded };
		const at =
			after === undefined
				? crash(node, pid, reason)
				: await new Promise<number | undefined>((resolve) =>
						nodeTimeout(node, after, () => resolve(crash(node, pid, reason)))
					);
		if (at === undefined) return { crashed: false, why: 'noproc', reason, ...seeded };
		await node.settle();
		return node.isAlive(pid)
			? { crashed: false, why: 'survived', at, reason, ...seeded }
			: { crashed: true, at, reason, ...seeded };
	});
}

/** The probability's draw, seeded (with a picked seed if none is given); none without one. */
function draw(node: Node, probability?: number, seed?: number): { seed?: number; spared: boolean } {
	if (probability === undefined) return { spared: false };
	if (!(probability >= 0 && probability <= 1)) {
		throw new RangeError(`probability must be within 0..1, got ${probability}`);
	}
	const drawnWith = seed ?? pickSeed(node);
	return { seed: drawnWith, spared: seededRandom(drawnWith)() >= probability };
}

/** Sends `pid` an exit signal now, from outside; the node-clock ms it was sent at, if it lived. */
function crash(node: Node, pid: Pid, reason: ExitReason): number | undefined {
	return injectFault(node, pid, { kind: 'crash', reason }) ? node.now() : undefined;
}

/** How `chaosKillChildren` kills. */
export interface ChaosKillOptions {
	/** Kills per second of node clock, evenly spaced: one every `1000 / rate` ms. Default 10. */
	rate?: number;
	/** How long the chaos lasts, in node-clock ms. Default 1000. */
	durationMs?: number;
	/** Seeds the choice of children: the same seed, the same children in the same order. */
	seed?: number;
	/** The reason of every kill; default `'kill'`, which no child can trap. */
	reason?: ExitReason;
}

/** One child killed by `chaosKillChildren`. */
export interface ChaosKill {
	/** Node-clock ms of the kill. */
	at: number;
	childId: string;
	/** The pid the child had when it was killed. */
	pid: Pid;
}

/** What a `chaosKillChildren` run did; replay it with its `seed`. */
export interface ChaosReport {
	seed: number;
	/** Every kill, in order. */
	killed: ChaosKill[];
	/** Children the supervisor restarted meanwhile: a one_for_all restart counts each child. */
	restarted: number;
	/** Whether the supervisor lives once the run settled; the kills stop as soon as it does not. */
	supervisorSurvived: boolean;
}

/**
 * Kills random running children of `sup` for `durationMs` of node clock, one every
 * `1000 / rate` ms, letting the supervisor restart them (the node settles after each kill).
 * Each victim is drawn by a PRNG seeded with `seed` from `Supervisor.whichChildren`, sorted by
 * child id, so the same seed on a fresh identical tree kills the same children in the same
 * order. On a virtual clock the run advances the clock itself; on a real one it takes
 * `durationMs`. Stops early, with `supervisorSurvived: false`, when the supervisor gives up.
 */
export function chaosKillChildren(
	node: Node,
	sup: Pid,
	opts: ChaosKillOptions = {}
): Promise<ChaosReport> {
	return helper('chaosKillChildren', async () => {
		const { rate = 10, durationMs = 1000, seed = pickSeed(node), reason = 'kill' } = opts;
		const random = seededRandom(seed);
		const interval = 1000 / rate;
		const end = node.now() + durationMs;
		const kills = Math.floor((durationMs * rate) / 1000);
		const killed: ChaosKill[] = [];
		const restarts = watchRestarts(node, sup);
		try {
			for (let i = 0; i < kills && node.isAlive(sup); i++) {
				await passTime(node, interval);
				const kill = await killOne(node, sup, random(), reason);
				if (kill) killed.push(kill);
				await node.settle();
			}
			if (node.isAlive(sup) && end > node.now()) await passTime(node, end - node.now());
			await node.settle();
			return { seed, killed, restarted: restarts.count, supervisorSurvived: node.isAlive(sup) };
		} finally {
			restarts.stop();
		}
	});
}

/** Kills the running child of `sup` that `draw` (in [0, 1)) lands on, if there is one. */
async function killOne(
	node: Node,
	sup: Pid,
	draw: number,
	reason: ExitReason
): Promise<ChaosKill | undefined> {
	const children = await runningChildren(node, sup);
	const victim = children[Math.floor(draw * children.length)];
	const at = victim && crash(node, victim.pid, reason);
	return at === undefined ? undefined : { at, ...victim };
}

/** The running children of `sup`, sorted by id; none once the supervisor is gone. */
async function runningChildren(
	node: Node,
	sup: Pid
): Promise<Array<{ childId: string; pid: Pid }>> {
	let children;
	try {
		children = await Supervisor.whichChildren(node, sup);
	} catch (error) {
		if (error instanceof CallExit && !node.isAlive(sup)) return [];
		throw error;
	}
	return children
		.flatMap(({ id, pid }) => (isPid(pid) ? [{ childId: id, pid }] : []))
		.sort((a, b) => (a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : 0));
}

/** Counts the restarts `sup` makes until `stop()`. */
function watchRestarts(node: Node, sup: Pid): { readonly count: number; stop(): void } {
	let count = 0;
	const stop = node.onTrace((e) => {
		if (e.type === 'restart' && e.supervisor === sup) count++;
	});
	return {
		get count() {
			return count;
		},
		stop
	};
}

/**
 * One chaos scenario of `runChaosSuite`: a crash of one child, then random kills, then a
 * check. The scenario's seed (drawn from the suite's) seeds both.
 */
export interface ChaosScenario {
	name: string;
	/** Crash the running child `childId`, as `injectCrash` does; the suite lets `after` ms pass. */
	crash?: Omit<CrashOptions, 'seed'> & { childId: string };
	/** Kill random children, as `chaosKillChildren` does. */
	kill?: Omit<ChaosKillOptions, 'seed'>;
	/**
	 * Checks the tree once the chaos settled, and throws (an `AssertionFailure`) if it did not
	 * recover as it should. Without it, the scenario passes when the supervisor is alive.
	 */
	assert?: (node: Node, sup: Pid) => Promise<void> | void;
}

/** How one scenario went. */
export interface ScenarioOutcome {
	name: string;
	/** The scenario's own seed: `injectCrash` / `chaosKillChildren` with it replay it alone. */
	seed: number;
	passed: boolean;
	crash?: CrashResult;
	kill?: ChaosReport;
	/** What failed it: the check's `AssertionFailure`, or what the chaos threw. */
	error?: unknown;
}

/** What `runChaosSuite` found; `runChaosSuite` with its `seed` replays every scenario. */
export interface ChaosSuiteReport {
	seed: number;
	passed: number;
	failed: number;
	outcomes: ScenarioOutcome[];
}

/**
 * Runs chaos scenarios against `sup` one after another (each on the tree the previous one
 * left) and reports each one's outcome with its seed, so that a failing suite is replayed
 * with `{ seed: report.seed }`. A scenario that fails does not stop the suite.
 *
 * ```ts
 * const report = await runChaosSuite(node, sup, [
 *   { name: 'one crash', crash: { childId: 'cache' } },
 *   { name: 'storm', kill: { rate: 20, durationMs: 500 }, assert: (n, s) => assertAllChildrenAlive(n, s) }
 * ]);
 * report.failed; // 0, or replay with report.seed
 * ```
 */
export function runChaosSuite(
	node: Node,
	sup: Pid,
	scenarios: ChaosScenario[],
	opts: { seed?: number } = {}
): Promise<ChaosSuiteReport> {
	return helper('runChaosSuite', async () => {
		const seed = opts.seed ?? pickSeed(node);
		const random = seededRandom(seed);
		const outcomes: ScenarioOutcome[] = [];
		for (const scenario of scenarios) {
			outcomes.push(await runScenario(node, sup, scenario, seedFrom(random)));
		}
		const passed = outcomes.filter((o) => o.passed).length;
		return { seed, passed, failed: outcomes.length - passed, outcomes };
	});
}

async function runScenario(
	node: Node,
	sup: Pid,
	scenario: ChaosScenario,
	seed: number
): Promise<ScenarioOutcome> {
	const outcome: ScenarioOutcome = { name: scenario.name, seed, passed: false };
	try {
		if (scenario.crash) outcome.crash = await crashChild(node, sup, scenario.crash, seed);
		if (scenario.kill)
			outcome.kill = await chaosKillChildren(node, sup, { ...scenario.kill, seed });
		await node.settle();
		if (scenario.assert) await scenario.assert(node, sup);
		else expectSurvived(node, sup, scenario.name);
		outcome.passed = true;
	} catch (error) {
		outcome.error = error;
	}
	return outcome;
}

async function crashChild(
	node: Node,
	sup: Pid,
	{ childId, ...opts }: NonNullable<ChaosScenario['crash']>,
	seed: number
): Promise<CrashResult> {
	const child = (await runningChildren(node, sup)).find((c) => c.childId === childId);
	if (!child) throw new Error(`no running child '${childId}' of ${String(sup)} to crash`);
	const crashed = injectCrash(node, child.pid, { ...opts, seed });
	if (opts.after !== undefined) await passTime(node, opts.after);
	return crashed;
}

function expectSurvived(node: Node, sup: Pid, scenario: string): void {
	if (node.isAlive(sup)) return;
	throw new AssertionFailure(
		'runChaosSuite',
		`expected supervisor ${String(sup)} to survive scenario '${scenario}', found it dead`,
		'alive',
		'dead'
	);
}
