import { afterEach, describe, expect, it } from 'vitest';
import { Supervisor, createNode, type Node, type Pid, type SupFlags } from '$lib/runtime';
import { Journal, okPid, supervisorOf } from '$lib/testing/runtime';
import { AssertionFailure } from './failure';
import { chaosKillChildren, injectCrash, runChaosSuite, type ChaosReport } from './chaos';

const ids = ['c', 'a', 'e', 'b', 'd'];
const patient: SupFlags = { strategy: 'one_for_one', intensity: 1000, period: 5 };
const fragile: SupFlags = { strategy: 'one_for_one', intensity: 1, period: 5 };

const nodes: Node[] = [];
afterEach(async () => {
	await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

function virtualNode(): Node {
	const node = createNode({ clock: 'virtual' });
	nodes.push(node);
	return node;
}

/** A fresh virtual node with a supervisor of notifier children `ids` under `flags`. */
async function tree(flags: SupFlags): Promise<{ node: Node; sup: Pid; j: Journal }> {
	const node = virtualNode();
	const j = new Journal(node);
	const children = ids.map((id) => j.notifier(id));
	const sup = okPid(await Supervisor.start(node, supervisorOf(flags, children)));
	return { node, sup, j };
}

/** A process that waits for messages forever. */
function idle(node: Node, trapExit = false): Pid {
	return node.spawn((ctx) => ctx.receive().then(() => ctx.receive()), { trapExit });
}

/** A run's kills as plain values, comparable across nodes. */
const kills = (report: ChaosReport) =>
	report.killed.map(({ at, childId, pid }) => [at, childId, String(pid)]);

describe('injectCrash', () => {
	it('crashes a process now with the chaos reason', async () => {
		const node = virtualNode();
		const pid = idle(node);
		expect(await injectCrash(node, pid)).toEqual({
			crashed: true,
			at: 0,
			reason: 'chaos_injection'
		});
		expect(node.isAlive(pid)).toBe(false);
	});

	it('crashes after `after` ms of node clock, only once advanced that far', async () => {
		const node = virtualNode();
		const pid = idle(node);
		const crash = injectCrash(node, pid, { after: 100, reason: 'boom' });
		await node.settle();
		await node.advance(99);
		expect(node.isAlive(pid)).toBe(true);
		await node.advance(1);
		expect(node.isAlive(pid)).toBe(false);
		expect(await crash).toEqual({ crashed: true, at: 100, reason: 'boom' });
	});

	it('decides a probability from its seed: the same seed, the same decision', async () => {
		const node = virtualNode();
		const decide = async (seed: number) =>
			(await injectCrash(node, idle(node), { probability: 0.5, seed })).crashed;
		const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
		const first = [];
		for (const seed of seeds) first.push(await decide(seed));
		const again = [];
		for (const seed of seeds) again.push(await decide(seed));
		expect(again).toEqual(first);
		expect(first).toContain(true);
		expect(first).toContain(false);
	});

	it('reports the seed it picked, which replays the decision', async () => {
		const node = virtualNode();
		const result = await injectCrash(node, idle(node), { probability: 0.5 });
		expect(result.seed).toEqual(expect.any(Number));
		const replay = await injectCrash(node, idle(node), { probability: 0.5, seed: result.seed });
		expect(replay.crashed).toBe(result.crashed);
		expect(await injectCrash(node, idle(node), { probability: 0, seed: 7 })).toEqual({
			crashed: false,
			why: 'spared',
			reason: 'chaos_injection',
			seed: 7
		});
	});

	it('says why a process did not crash: dead already, or trapping the signal', async () => {
		const node = virtualNode();
		const dead = idle(node);
		node.exit(dead, 'kill');
		expect(await injectCrash(node, dead)).toMatchObject({ crashed: false, why: 'noproc' });
		const trapping = idle(node, true);
		expect(await injectCrash(node, trapping)).toMatchObject({
			crashed: false,
			why: 'survived',
			at: 0
		});
		expect(node.isAlive(trapping)).toBe(true);
	});

	it('rejects a probability outside 0..1', async () => {
		const node = virtualNode();
		await expect(injectCrash(node, idle(node), { probability: 2 })).rejects.toThrow(
			'probability must be within 0..1, got 2'
		);
	});
});

describe('chaosKillChildren', () => {
	it('replays the same kills, in the same order, from the same seed on a fresh tree', async () => {
		const first = await tree(patient);
		const report = await chaosKillChildren(first.node, first.sup, {
			rate: 10,
			durationMs: 1000,
			seed: 42
		});
		expect(report.killed).toHaveLength(10);
		expect(report.killed.map((k) => k.at)).toEqual([
			100, 200, 300, 400, 500, 600, 700, 800, 900, 1000
		]);
		expect(report).toMatchObject({ seed: 42, restarted: 10, supervisorSurvived: true });
		expect(first.node.now()).toBe(1000);

		const second = await tree(patient);
		const replay = await chaosKillChildren(second.node, second.sup, {
			rate: 10,
			durationMs: 1000,
			seed: 42
		});
		expect(kills(replay)).toEqual(kills(report));

		const third = await tree(patient);
		const other = await chaosKillChildren(third.node, third.sup, {
			rate: 10,
			durationMs: 1000,
			seed: 7
		});
		expect(other.killed.map((k) => k.childId)).not.toEqual(report.killed.map((k) => k.childId));
	});

	it('kills running children, each restarted with a new pid', async () => {
		const { node, sup, j } = await tree(patient);
		const report = await chaosKillChildren(node, sup, { rate: 5, durationMs: 1000, seed: 3 });
		for (const { childId, pid } of report.killed) {
			expect(j.pids(childId)).toContain(pid);
			expect(node.isAlive(pid)).toBe(false);
		}
		expect(j.alive()).toEqual(ids);
		expect(j.starts).toHaveLength(ids.length + report.killed.length);
	});

	it('stops once the supervisor gives up, and says it did not survive', async () => {
		const { node, sup } = await tree(fragile);
		const report = await chaosKillChildren(node, sup, { rate: 10, durationMs: 1000, seed: 1 });
		expect(report.killed).toHaveLength(2);
		expect(report).toMatchObject({ restarted: 1, supervisorSurvived: false });
		expect(node.isAlive(sup)).toBe(false);
		expect(node.now()).toBe(200);
	});

	it('picks a seed when given none, and reports it for a replay', async () => {
		const first = await tree(patient);
		const report = await chaosKillChildren(first.node, first.sup, { rate: 20, durationMs: 500 });
		const second = await tree(patient);
		const replay = await chaosKillChildren(second.node, second.sup, {
			rate: 20,
			durationMs: 500,
			seed: report.seed
		});
		expect(kills(replay)).toEqual(kills(report));
	});
});

describe('runChaosSuite', () => {
	it('runs scenarios in order and reports each with a seed that replays the suite', async () => {
		const scenarios = [
			{ name: 'one crash', crash: { childId: 'a', after: 50 } },
			{ name: 'a few kills', kill: { rate: 4, durationMs: 1000 } },
			{
				name: 'all five back',
				assert: async (node: Node, sup: Pid) => {
					const counts = await Supervisor.countChildren(node, sup);
					expect(counts.active).toBe(5);
				}
			}
		];
		const first = await tree(patient);
		const report = await runChaosSuite(first.node, first.sup, scenarios, { seed: 9 });
		expect(report).toMatchObject({ seed: 9, passed: 3, failed: 0 });
		expect(report.outcomes.map((o) => o.name)).toEqual([
			'one crash',
			'a few kills',
			'all five back'
		]);
		expect(report.outcomes[0].crash).toMatchObject({ crashed: true, at: 50 });
		expect(report.outcomes[1].kill?.killed).toHaveLength(4);

		const second = await tree(patient);
		const replay = await runChaosSuite(second.node, second.sup, scenarios, { seed: report.seed });
		expect(replay.outcomes.map((o) => o.seed)).toEqual(report.outcomes.map((o) => o.seed));
		expect(kills(replay.outcomes[1].kill!)).toEqual(kills(report.outcomes[1].kill!));
	});

	it('fails a scenario after which the supervisor is dead, and goes on', async () => {
		const { node, sup } = await tree(fragile);
		const report = await runChaosSuite(node, sup, [
			{ name: 'storm', kill: { rate: 10, durationMs: 1000 } },
			{ name: 'after the storm', crash: { childId: 'a' } }
		]);
		expect(report).toMatchObject({ passed: 0, failed: 2 });
		const [storm, after] = report.outcomes;
		expect(storm.kill?.supervisorSurvived).toBe(false);
		expect(storm.error).toBeInstanceOf(AssertionFailure);
		expect(String(storm.error)).toContain(
			`expected supervisor ${String(sup)} to survive scenario 'storm', found it dead`
		);
		expect(String(after.error)).toContain(`no running child 'a' of ${String(sup)}`);
	});
});
