import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	GenServer,
	Supervisor,
	createNode,
	type ChildSpec,
	type GenServerModule,
	type Node,
	type Pid,
	type SupFlags
} from '$lib/runtime';
import { Journal, counter, okPid, supervisorOf } from '$lib/testing/runtime';
import {
	assertAllChildrenAlive,
	assertChildCount,
	assertGenServerResponsive,
	assertGenServerState,
	assertMailboxStable,
	assertNoProcessLeaks,
	assertProcessAlive,
	assertProcessDead,
	assertProcessRestarted,
	assertRestartStrategy,
	assertSupervisionTreeStructure,
	assertSupervisorStrategy
} from './assertions';
import { AssertionFailure } from './failure';
import { cleanupProcesses } from './isolation';
import { waitForProcessRestart } from './sync';
import { attachSupertester, type SupertesterEvent } from './telemetry';

describe('assertions', () => {
	let node: Node;
	let j: Journal;

	beforeEach(() => {
		node = createNode({ clock: 'virtual' });
		j = new Journal(node);
	});
	afterEach(async () => {
		await node.shutdown();
	});

	const start = async (mod: GenServerModule = counter, args?: unknown) =>
		okPid(await GenServer.start(node, mod, args));
	const startSup = async (
		flags: SupFlags,
		children = ['a', 'b', 'c'].map((id) => j.notifier(id))
	) =>
		okPid(
			await Supervisor.start(node, supervisorOf(flags, children, 'App'), undefined, { name: 'App' })
		);
	/** A process that never reads its mailbox. */
	const deaf = () => node.spawn((ctx) => ctx.receive({ match: () => false }));

	describe('assertProcessAlive / assertProcessDead', () => {
		it('pass for a live process and a dead one', async () => {
			const pid = await start();
			await assertProcessAlive(node, pid);
			node.exit(pid, 'kill');
			await assertProcessDead(node, pid);
			await assertProcessDead(node, 'Nobody');
		});

		it('fail saying what they found', async () => {
			const pid = await start();
			await expect(assertProcessDead(node, pid)).rejects.toThrow(
				`expected ${String(pid)} to be dead, found ${String(pid)} (Counter) alive`
			);
			node.exit(pid, 'kill');
			await expect(assertProcessAlive(node, pid)).rejects.toThrow(
				`expected ${String(pid)} to be alive, found it dead`
			);
			await expect(assertProcessAlive(node, 'Nobody')).rejects.toThrow(
				'expected "Nobody" to be alive, found it dead'
			);
		});
	});

	describe('assertProcessRestarted', () => {
		it('passes once the child runs as a new pid', async () => {
			await startSup({ strategy: 'one_for_one' });
			const old = j.pid('b');
			const restarted = waitForProcessRestart(node, 'App', 'b');
			node.exit(old, 'kill');
			await restarted;
			await assertProcessRestarted(node, 'App', 'b', old);
		});

		it('fails while the child keeps its pid, or without such a child', async () => {
			const sup = await startSup({ strategy: 'one_for_one' });
			const b = j.pid('b');
			await expect(assertProcessRestarted(node, sup, 'b', b)).rejects.toThrow(
				`expected child "b" of ${String(sup)} to run as a new pid (not ${String(b)}), found the same pid`
			);
			await expect(assertProcessRestarted(node, 'App', 'z', b)).rejects.toThrow(
				`expected child "z" of "App" to run as a new pid (not ${String(b)}), found no such child`
			);
		});
	});

	describe('assertGenServerState', () => {
		it('passes for an equal value, pids by identity, and for a predicate', async () => {
			const pid = await start(counter, 2);
			await assertGenServerState(node, pid, 2);
			await assertGenServerState(node, pid, function isEven(n: number) {
				return n % 2 === 0;
			});
			const holder = await start({ init: (p: Pid) => ['ok', { owner: p, tags: ['a'] }] }, pid);
			await assertGenServerState(node, holder, { owner: pid, tags: ['a'] });
		});

		it('fails with what it expected and what it found', async () => {
			const pid = await start(counter, 1);
			await expect(assertGenServerState(node, pid, 2)).rejects.toThrow(
				`expected the state of ${String(pid)} to be 2, found 1`
			);
			await expect(
				assertGenServerState(node, pid, function isEven(n: number) {
					return n % 2 === 0;
				})
			).rejects.toThrow(`expected the state of ${String(pid)} to satisfy isEven, found 1`);
			const other = await start();
			const holder = await start({ init: (p: Pid) => ['ok', { owner: p }] }, pid);
			await expect(assertGenServerState(node, holder, { owner: other })).rejects.toThrow(
				`expected the state of ${String(holder)} to be { owner: ${String(other)} }, found { owner: ${String(pid)} }`
			);
		});

		it('fails for a dead server', async () => {
			const pid = await start();
			node.exit(pid, 'kill');
			await expect(assertGenServerState(node, pid, 0)).rejects.toThrow(
				`expected ${String(pid)} to be a live GenServer, found it exited: noproc`
			);
		});
	});

	describe('assertGenServerResponsive', () => {
		const sleepy: GenServerModule<null> = {
			name: 'Sleepy',
			init: () => ['ok', null],
			handleCast: async (_m, s, ctx) => {
				await ctx.sleep(1000);
				return ['noreply', s];
			}
		};

		it('passes for a server that answers', async () => {
			await assertGenServerResponsive(node, await start());
		});

		it('fails for a busy server after its timeout, and for a dead one', async () => {
			const pid = await start(sleepy);
			node.cast(pid, 'nap');
			const check = assertGenServerResponsive(node, pid, 50);
			const failure = expect(check).rejects.toThrow(
				`expected ${String(pid)} to answer within 50 ms, found no answer`
			);
			await node.advance(50);
			await failure;
			node.exit(pid, 'kill');
			await expect(assertGenServerResponsive(node, pid)).rejects.toThrow(
				`expected ${String(pid)} to answer within 5000 ms, found it exited: noproc`
			);
		});
	});

	describe('assertChildCount / assertAllChildrenAlive', () => {
		it('pass while every child runs', async () => {
			const sup = await startSup({ strategy: 'one_for_one' });
			await assertChildCount(node, sup, 3);
			await assertAllChildrenAlive(node, 'App');
		});

		it('fail naming the children that do not run', async () => {
			const sup = await startSup({ strategy: 'one_for_one' });
			await Supervisor.terminateChild(node, sup, 'b');
			await expect(assertChildCount(node, sup, 3)).rejects.toThrow(
				`expected 3 active children of ${String(sup)}, found 2`
			);
			await expect(assertAllChildrenAlive(node, 'App')).rejects.toThrow(
				'expected every child of "App" to be alive, found 1 not: "b" (not running)'
			);
		});
	});

	describe('assertSupervisorStrategy', () => {
		it('passes for the strategy the supervisor has', async () => {
			await assertSupervisorStrategy(
				node,
				await startSup({ strategy: 'rest_for_one' }),
				'rest_for_one'
			);
		});

		it('fails for another strategy, and for a process that is no supervisor', async () => {
			const sup = await startSup({ strategy: 'one_for_one' });
			await expect(assertSupervisorStrategy(node, sup, 'one_for_all')).rejects.toThrow(
				`expected ${String(sup)} to be one_for_all, found one_for_one`
			);
			const pid = await start();
			await expect(assertSupervisorStrategy(node, pid, 'one_for_one')).rejects.toThrow(
				`expected ${String(pid)} to be a live supervisor, found ${String(pid)} (Counter), a gen_server`
			);
		});
	});

	describe('assertSupervisionTreeStructure', () => {
		/** App (one_for_one): Counter, then Workers (one_for_all): w1, w2. */
		async function tree() {
			const workers = supervisorOf(
				{ strategy: 'one_for_all' },
				[j.notifier('w1'), j.notifier('w2')],
				'Workers'
			);
			const children: ChildSpec[] = [GenServer.childSpec(counter), Supervisor.childSpec(workers)];
			return startSup({ strategy: 'one_for_one' }, children);
		}

		it('passes for the tree as started', async () => {
			const sup = await tree();
			await assertSupervisionTreeStructure(node, sup, {
				supervisor: 'App',
				strategy: 'one_for_one',
				children: [
					{ id: 'Counter', type: 'worker' },
					{ id: 'Workers', strategy: 'one_for_all', children: [{ id: 'w1' }, { id: 'w2' }] }
				]
			});
		});

		it('fails at the first difference, saying where', async () => {
			const sup = await tree();
			const at = String(sup);
			await expect(
				assertSupervisionTreeStructure(node, sup, { supervisor: 'Other' })
			).rejects.toThrow('expected the supervisor "Other", found "App"');
			await expect(
				assertSupervisionTreeStructure(node, sup, { children: [{ id: 'Counter' }] })
			).rejects.toThrow(
				`expected the children of ${at} to be ["Counter"], found ["Counter", "Workers"]`
			);
			await expect(
				assertSupervisionTreeStructure(node, sup, {
					children: [{ id: 'Counter', children: [] }, { id: 'Workers' }]
				})
			).rejects.toThrow(`expected ${at} > "Counter" to be a supervisor, found a worker`);
			await expect(
				assertSupervisionTreeStructure(node, sup, {
					children: [{ id: 'Counter' }, { id: 'Workers', children: [{ id: 'w2' }, { id: 'w1' }] }]
				})
			).rejects.toThrow(
				`expected the children of ${at} > "Workers" to be ["w2", "w1"], found ["w1", "w2"]`
			);
			await expect(
				assertSupervisionTreeStructure(node, sup, {
					children: [{}, { strategy: 'rest_for_one' }]
				})
			).rejects.toThrow(`expected ${at} > "Workers" to be rest_for_one, found one_for_all`);
		});
	});

	describe('assertNoProcessLeaks', () => {
		it("passes when what the function spawned has exited, with the function's value", async () => {
			const value = await assertNoProcessLeaks(node, async () => {
				const pid = await start();
				await GenServer.stop(node, pid);
				node.spawn(() => undefined);
				return 'done';
			});
			expect(value).toBe('done');
		});

		it('fails listing what the function left alive, and tracks it for cleanup', async () => {
			let leaked: Pid | undefined;
			const failure = await assertNoProcessLeaks(node, async () => {
				leaked = await start();
				node.spawn(() => undefined);
			}).catch((e: unknown) => e);
			expect(failure).toBeInstanceOf(AssertionFailure);
			expect((failure as AssertionFailure).message).toBe(
				`expected no process left by the function, found 1: ${String(leaked)} (Counter)`
			);
			await cleanupProcesses(node);
			expect(node.isAlive(leaked!)).toBe(false);
		});
	});

	describe('assertMailboxStable', () => {
		it('passes for a mailbox that does not grow', async () => {
			const pid = deaf();
			node.send(pid, 'one');
			await assertMailboxStable(node, pid);
			await assertMailboxStable(node, await start(), { advance: 100 });
		});

		it('fails with the lengths it read when a timed sender fills it', async () => {
			const pid = deaf();
			node.spawn(async (ctx) => {
				for (;;) {
					await ctx.sleep(10);
					ctx.send(pid, 'tick');
				}
			});
			await expect(assertMailboxStable(node, pid, { advance: 10 })).rejects.toThrow(
				`expected the mailbox of ${String(pid)} not to grow, found lengths 0, 1, 2`
			);
			await expect(assertMailboxStable(node, pid, { advance: 10, tolerance: 1 })).rejects.toThrow(
				`expected the mailbox of ${String(pid)} not to grow by more than 1, found lengths 2, 3, 4`
			);
		});

		it('fails for a dead process', async () => {
			const pid = await start();
			node.exit(pid, 'kill');
			await expect(assertMailboxStable(node, pid)).rejects.toThrow(
				`expected ${String(pid)} to be alive, found it dead`
			);
		});
	});

	describe('assertRestartStrategy', () => {
		it.each([
			['one_for_one', 'b', ['b'], ['a', 'c']],
			['one_for_all', 'b', ['a', 'b', 'c'], []],
			['rest_for_one', 'b', ['b', 'c'], ['a']]
		] as const)('proves %s by killing %s', async (strategy, kill, restarted, kept) => {
			const sup = await startSup({ strategy });
			expect(await assertRestartStrategy(node, sup, strategy, { kill })).toEqual({
				killed: kill,
				restarted,
				kept
			});
		});

		it('kills the first child by default', async () => {
			await startSup({ strategy: 'rest_for_one' });
			const report = await assertRestartStrategy(node, 'App', 'rest_for_one');
			expect(report).toEqual({ killed: 'a', restarted: ['a', 'b', 'c'], kept: [] });
		});

		it('fails saying which children restarted instead', async () => {
			await startSup({ strategy: 'one_for_one' });
			await expect(assertRestartStrategy(node, 'App', 'one_for_all')).rejects.toThrow(
				'expected one_for_all to restart ["a", "b", "c"] when "a" was killed, found ["a"] restarted'
			);
		});

		it('expects no restart of a temporary sibling, which the strategy removes', async () => {
			const children = [
				j.notifier('a'),
				j.notifier('b', { restart: 'temporary' }),
				j.notifier('c')
			];
			await startSup({ strategy: 'one_for_all' }, children);
			expect(await assertRestartStrategy(node, 'App', 'one_for_all', { kill: 'c' })).toEqual({
				killed: 'c',
				restarted: ['a', 'c'],
				kept: []
			});
		});

		it('refuses to kill a temporary child, which would never be restarted', async () => {
			await startSup({ strategy: 'one_for_one' }, [j.notifier('t', { restart: 'temporary' })]);
			await expect(assertRestartStrategy(node, 'App', 'one_for_one')).rejects.toThrow(
				'expected a child of "App" that is restarted when killed, found "t" temporary: its supervisor would only remove it'
			);
		});

		it('fails for a child that is not running', async () => {
			await startSup({ strategy: 'one_for_one' });
			await expect(
				assertRestartStrategy(node, 'App', 'one_for_one', { kill: 'z' })
			).rejects.toThrow('expected a running child "z" of "App" to kill, found ["a", "b", "c"]');
		});
	});

	it('emits passed and failed telemetry, and throws AssertionFailure', async () => {
		const seen: Array<[SupertesterEvent, string]> = [];
		const off = attachSupertester((event, _m, meta) => seen.push([event, meta.name]));
		const pid = await start();
		await assertProcessAlive(node, pid);
		const failure = await assertProcessDead(node, pid).catch((e: unknown) => e);
		off();
		expect(failure).toBeInstanceOf(AssertionFailure);
		expect(failure).toMatchObject({ assertion: 'assertProcessDead' });
		expect(seen).toEqual([
			['supertester.assertion.passed', 'assertProcessAlive'],
			['supertester.assertion.failed', 'assertProcessDead']
		]);
	});
});
