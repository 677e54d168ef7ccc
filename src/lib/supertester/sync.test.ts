import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	CallExit,
	GenServer,
	Supervisor,
	createNode,
	type GenServerModule,
	type Node,
	type SupFlags
} from '$lib/runtime';
import { Journal, counter, okPid, supervisorOf, track } from '$lib/testing/runtime';
import { AssertionFailure } from './failure';
import {
	castAndSync,
	monitorLifecycle,
	waitForGenServerSync,
	waitForProcessDeath,
	waitForProcessRestart,
	waitForSupervisorRestart
} from './sync';

/** A counter whose casts take `ms` of node time each (a sleep in handleCast). */
const slow = (ms: number): GenServerModule<number> => ({
	name: 'Slow',
	init: () => ['ok', 0],
	handleCast: async (_m, n, ctx) => {
		await ctx.sleep(ms);
		return ['noreply', n + 1];
	}
});

describe('sync', () => {
	let node: Node;
	let j: Journal;

	beforeEach(() => {
		node = createNode({ clock: 'virtual' });
		j = new Journal(node);
	});
	afterEach(async () => {
		await node.shutdown();
	});

	const start = async (mod: GenServerModule = counter) => okPid(await GenServer.start(node, mod));
	const startSup = async (flags: SupFlags, ids: string[], name?: string) => {
		const children = ids.map((id) => j.notifier(id));
		return okPid(await Supervisor.start(node, supervisorOf(flags, children), undefined, { name }));
	};

	describe('castAndSync', () => {
		it('resolves with the state once the cast has been handled', async () => {
			const pid = await start();
			expect(await castAndSync(node, pid, 'inc')).toBe(1);
			expect(await castAndSync(node, pid, 'inc')).toBe(2);
		});

		it('waits for a cast that takes node time, and times out on the node clock', async () => {
			const pid = await start(slow(100));
			const synced = track(castAndSync(node, pid, 'inc'));
			await node.advance(99);
			expect(synced.settled).toBe(false);
			await node.advance(1);
			expect(await synced.promise).toBe(1);
			const late = castAndSync(node, pid, 'inc', 50);
			const failure = expect(late).rejects.toThrow(
				`expected ${String(pid)} to answer within 50 ms, found no answer`
			);
			await node.advance(50);
			await failure;
			await expect(late).rejects.toBeInstanceOf(AssertionFailure);
		});

		it('rejects with the call exit of a dead server', async () => {
			const pid = await start();
			node.exit(pid, 'kill');
			await expect(castAndSync(node, pid, 'inc')).rejects.toBeInstanceOf(CallExit);
		});
	});

	describe('waitForGenServerSync', () => {
		it('resolves with the state after what was queued', async () => {
			const pid = await start();
			node.cast(pid, 'inc');
			node.cast(pid, 'inc');
			expect(await waitForGenServerSync(node, pid)).toBe(2);
		});
	});

	describe('waitForProcessRestart', () => {
		it('resolves with the new pid at the next restart of the child', async () => {
			const sup = await startSup({ strategy: 'one_for_one' }, ['a', 'b']);
			const old = j.pid('b');
			const restarted = waitForProcessRestart(node, sup, 'b');
			node.exit(old, 'kill');
			const pid = await restarted;
			expect(pid).toBe(j.pid('b'));
			expect(pid).not.toBe(old);
		});

		it('counts a restart that happened after the call, before its first await', async () => {
			const sup = await startSup({ strategy: 'one_for_one' }, ['a'], 'Sup');
			const restarted = waitForProcessRestart(node, 'Sup', 'a');
			node.exit(j.pid('a'), 'kill');
			await node.settle();
			expect(await restarted).toBe(j.pid('a'));
			expect(node.whereis('Sup')).toBe(sup);
		});

		it('ignores restarts of other children', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 5 }, ['a', 'b']);
			const restarted = track(waitForProcessRestart(node, sup, 'b'));
			node.exit(j.pid('a'), 'kill');
			await node.settle();
			expect(restarted.settled).toBe(false);
			node.exit(j.pid('b'), 'kill');
			expect(await restarted.promise).toBe(j.pid('b'));
		});

		it('fails when the supervisor gives up instead', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 0 }, ['a']);
			const restarted = waitForProcessRestart(node, sup, 'a');
			node.exit(j.pid('a'), 'kill');
			await expect(restarted).rejects.toThrow(
				`expected a restart of child "a" of ${String(sup)} within 5000 ms, found the supervisor exited: shutdown`
			);
		});

		it('fails after its timeout, on the node clock', async () => {
			const sup = await startSup({ strategy: 'one_for_one' }, ['a']);
			const restarted = waitForProcessRestart(node, sup, 'a', { timeout: 200 });
			const failure = expect(restarted).rejects.toThrow(
				`expected a restart of child "a" of ${String(sup)} within 200 ms, found none`
			);
			await node.advance(200);
			await failure;
		});

		it('fails at once without a supervisor', async () => {
			await expect(waitForProcessRestart(node, 'Nobody', 'a')).rejects.toThrow(
				'expected a restart of child "a" of "Nobody", found no supervisor'
			);
		});
	});

	describe('waitForSupervisorRestart', () => {
		it('resolves with the pid a named supervisor has once its parent restarted it', async () => {
			const inner = supervisorOf({ strategy: 'one_for_one' }, [j.notifier('w')], 'Inner');
			const spec = Supervisor.childSpec(inner, undefined, {
				start: (ctx) => Supervisor.startLink(ctx, inner, undefined, { name: 'Inner' })
			});
			await Supervisor.start(node, supervisorOf({ strategy: 'one_for_one' }, [spec], 'Top'));
			const old = node.whereis('Inner')!;
			const restarted = waitForSupervisorRestart(node, 'Inner');
			node.exit(old, 'kill');
			const pid = await restarted;
			expect(pid).toBe(node.whereis('Inner'));
			expect(pid).not.toBe(old);
		});

		it('fails after its timeout when the name stays with the same pid', async () => {
			await startSup({ strategy: 'one_for_one' }, [], 'Lone');
			const restarted = waitForSupervisorRestart(node, 'Lone', { timeout: 10 });
			const failure = expect(restarted).rejects.toThrow(
				'expected "Lone" registered to a new pid within 10 ms, found none'
			);
			await node.advance(10);
			await failure;
		});
	});

	describe('waitForProcessDeath', () => {
		it('resolves with the exit reason', async () => {
			const pid = await start();
			const death = waitForProcessDeath(node, pid);
			node.exit(pid, 'boom');
			expect(await death).toBe('boom');
		});

		it("resolves with 'noproc' for a process already dead, as a monitor does", async () => {
			const pid = await start();
			node.exit(pid, 'kill');
			expect(await waitForProcessDeath(node, pid)).toBe('noproc');
		});

		it('fails after its timeout while the process lives', async () => {
			const pid = await start();
			const death = waitForProcessDeath(node, pid, 100);
			const failure = expect(death).rejects.toThrow(
				`expected ${String(pid)} to exit within 100 ms, found none`
			);
			await node.advance(100);
			await failure;
		});
	});

	describe('monitorLifecycle', () => {
		it("records a supervisor's restarts of children, then its exit, and stops", async () => {
			const sup = await startSup({ strategy: 'one_for_all' }, ['a', 'b']);
			const [a, b] = [j.pid('a'), j.pid('b')];
			const life = monitorLifecycle(node, sup);
			node.exit(a, 'kill');
			await node.settle();
			node.exit(sup, 'shutdown');
			await node.settle();
			expect(life.events.map(({ at: _at, ...e }) => e)).toEqual([
				{ type: 'restart', childId: 'a', oldPid: a, newPid: j.pids('a')[1], reason: 'killed' },
				{ type: 'restart', childId: 'b', oldPid: b, newPid: j.pids('b')[1], reason: 'shutdown' },
				{ type: 'exit', pid: sup, reason: 'shutdown' }
			]);
		});

		it('records nothing after stop()', async () => {
			const pid = await start();
			const life = monitorLifecycle(node, pid);
			life.stop();
			node.exit(pid, 'kill');
			await node.settle();
			expect(life.events).toEqual([]);
		});

		it("records an exit with 'noproc' for a process already dead", async () => {
			const pid = await start();
			node.exit(pid, 'kill');
			const life = monitorLifecycle(node, pid);
			expect(life.events).toEqual([{ type: 'exit', pid, reason: 'noproc', at: 0 }]);
		});
	});
});
