// Behaviour tests for Supervisor, after OTP's supervisor documentation and
// lib/stdlib/test/supervisor_SUITE.erl: each test names the OTP test case it follows.
// Children are notifiers (see $lib/testing/runtime.ts): they record [id, pid] on every (re)start,
// and the journal logs exits of named processes in order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	GenServer,
	Supervisor,
	createNode,
	type ChildSpec,
	type ExitReason,
	type GenServerModule,
	type Node,
	type Pid,
	type SupFlags,
	type SupervisorModule
} from './index';
import {
	Journal,
	anyModules,
	expectCallExit,
	okPid,
	supervisorOf,
	track
} from '$lib/testing/runtime';

describe('Supervisor', () => {
	let node: Node;
	let j: Journal;

	beforeEach(() => {
		node = createNode({ clock: 'virtual' });
		j = new Journal(node);
	});
	afterEach(async () => {
		await node.shutdown();
	});

	/** Starts a supervisor from the node and names it 'sup' in the journal. */
	async function startSup(flags: SupFlags, children: ChildSpec[] | (() => ChildSpec[])) {
		const sup = okPid(await Supervisor.start(node, supervisorOf(flags, children)));
		return j.name(sup, 'sup');
	}

	/** Makes the current incarnation of a notifier child exit with `reason`, then settles. */
	async function exitChild(id: string, reason: ExitReason = 'died') {
		node.send(j.pid(id), reason === 'normal' ? 'stop' : ['exit', reason]);
		await node.settle();
	}

	const ids = () => j.starts.map(([id]) => id);

	async function children(sup: Pid) {
		return (await Supervisor.whichChildren(node, sup)).map((c) => [c.id, c.pid]);
	}

	describe('start', () => {
		// supervisor_SUITE:sup_start_normal
		it('starts with no children and stops on a shutdown signal from the node', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 2, period: 3600 }, []);
			expect(await Supervisor.whichChildren(node, sup)).toEqual([]);
			expect(node.processInfo(sup)?.behaviour).toBe('supervisor');
			expect(node.processInfo(sup)?.trapExit).toBe(true);
			node.exit(sup, 'shutdown');
			await node.settle();
			expect(j.exits).toEqual([['sup', 'shutdown']]);
		});

		it('starts children in list order, linked to it, and lists them in start order', async () => {
			const sup = await startSup({ strategy: 'one_for_one' }, [
				j.notifier('a'),
				j.notifier('b'),
				j.notifier('c')
			]);
			expect(ids()).toEqual(['a', 'b', 'c']);
			const [a, b, c] = ['a', 'b', 'c'].map((id) => j.pid(id));
			expect(await Supervisor.whichChildren(node, sup)).toEqual([
				{ id: 'a', pid: a, type: 'worker', modules: anyModules },
				{ id: 'b', pid: b, type: 'worker', modules: anyModules },
				{ id: 'c', pid: c, type: 'worker', modules: anyModules }
			]);
			expect(node.processInfo(a)?.links).toContain(sup);
			expect(node.processInfo(c)?.parent).toBe(sup);
			expect(j.trace).toContainEqual(
				expect.objectContaining({ type: 'spawn', pid: b, parent: sup })
			);
			expect(node.processInfo(sup)?.links).toEqual(expect.arrayContaining([a, b, c]));
			okPid(await Supervisor.startChild(node, sup, j.notifier('d')));
			expect((await children(sup)).map(([id]) => id)).toEqual(['a', 'b', 'c', 'd']);
		});

		it('registers opts.name and refuses a taken name', async () => {
			const mod = supervisorOf({ strategy: 'one_for_one' }, []);
			const sup = okPid(await Supervisor.start(node, mod, undefined, { name: 'sup_test' }));
			expect(node.whereis('sup_test')).toBe(sup);
			expect(await Supervisor.whichChildren(node, 'sup_test')).toEqual([]);
			expect(await Supervisor.start(node, mod, undefined, { name: 'sup_test' })).toEqual([
				'error',
				['already_started', sup]
			]);
		});

		// supervisor_SUITE:sup_start_ignore_init
		it('gives ignore when init returns ignore', async () => {
			const mod: SupervisorModule = { name: 'ignoring_sup', init: () => 'ignore' };
			expect(await Supervisor.start(node, mod)).toBe('ignore');
			await node.settle();
			expect(
				j.trace.filter((e) => e.type === 'exit').map((e) => e.type === 'exit' && e.reason)
			).toEqual(expect.arrayContaining(['normal']));
		});

		// supervisor_SUITE:sup_start_error_return
		it('gives [error, [bad_return, v]] when init returns something else', async () => {
			const mod = { name: 'bad_sup', init: () => 'invalid' } as unknown as SupervisorModule;
			expect(await Supervisor.start(node, mod)).toEqual(['error', ['bad_return', 'invalid']]);
		});

		// supervisor_SUITE:sup_start_fail
		it('gives [error, reason] when init throws', async () => {
			const thrown = new Error('badmatch');
			const mod: SupervisorModule = {
				name: 'failing_sup',
				init: () => {
					throw thrown;
				}
			};
			expect(await Supervisor.start(node, mod)).toEqual(['error', thrown]);
		});

		// supervisor_SUITE:sup_start_ignore_child
		it('keeps a child whose start gives ignore, without a pid', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 2, period: 3600 }, []);
			const lazy = j.notifier('child1', { plan: () => 'ignore' });
			expect(await Supervisor.startChild(node, sup, lazy)).toEqual(['ok', undefined]);
			const c2 = okPid(await Supervisor.startChild(node, sup, j.notifier('child2')));
			expect(await children(sup)).toEqual([
				['child1', undefined],
				['child2', c2]
			]);
			expect(await Supervisor.countChildren(node, sup)).toEqual({
				specs: 2,
				active: 1,
				supervisors: 0,
				workers: 2
			});
		});

		// supervisor_SUITE:sup_start_ignore_temporary_child
		it('does not keep a temporary child whose start gives ignore in init', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 2, period: 3600 }, [
				j.notifier('child1', { restart: 'temporary', plan: () => 'ignore' }),
				j.notifier('child2', { restart: 'temporary' })
			]);
			expect(await children(sup)).toEqual([['child2', j.pid('child2')]]);
			expect(await Supervisor.countChildren(node, sup)).toEqual({
				specs: 1,
				active: 1,
				supervisors: 0,
				workers: 1
			});
		});

		// supervisor_SUITE:sup_start_ignore_temporary_child_start_child
		it('does not keep a temporary child whose start gives ignore in startChild', async () => {
			const sup = await startSup({ strategy: 'one_for_one' }, []);
			const lazy = j.notifier('child1', { restart: 'temporary', plan: () => 'ignore' });
			expect(await Supervisor.startChild(node, sup, lazy)).toEqual(['ok', undefined]);
			expect(await children(sup)).toEqual([]);
		});

		// supervisor_SUITE:sup_start_fail (a child that fails to start in init)
		it('stops the started children and fails when a child fails to start in init', async () => {
			const result = await Supervisor.start(
				node,
				supervisorOf({ strategy: 'one_for_one' }, [
					j.notifier('a'),
					j.notifier('b'),
					j.notifier('c', { plan: () => ['error', 'nope'] }),
					j.notifier('d')
				])
			);
			expect(result).toEqual(['error', ['shutdown', ['failed_to_start_child', 'c', 'nope']]]);
			expect(ids()).toEqual(['a', 'b']);
			expect(j.attempts.has('d')).toBe(false);
			expect(j.exits).toEqual([
				['b', 'shutdown'],
				['a', 'shutdown']
			]);
		});

		it('reports a child start that throws in init with the thrown value', async () => {
			const result = await Supervisor.start(
				node,
				supervisorOf({ strategy: 'one_for_one' }, [
					j.notifier('a'),
					j.notifier('b', { plan: () => 'throw' })
				])
			);
			expect(result).toEqual([
				'error',
				['shutdown', ['failed_to_start_child', 'b', expect.any(Error)]]
			]);
			expect(j.exits).toEqual([['a', 'shutdown']]);
		});

		// supervisor_SUITE:sup_start_map (defaults), get_childspec
		it('fills in child spec defaults, as getChildspec shows', async () => {
			const inner = supervisorOf({ strategy: 'one_for_one' }, [], 'inner_sup');
			const sup = await startSup({ strategy: 'one_for_one' }, [
				j.notifier('child1'),
				j.notifier('child2', { shutdown: 'brutal_kill' }),
				Supervisor.childSpec(inner, undefined, { id: 'child3' })
			]);
			const spec = async (id: string) => {
				const r = await Supervisor.getChildspec(node, sup, id);
				expect(r[0]).toBe('ok');
				return r[1];
			};
			expect(await spec('child1')).toMatchObject({
				id: 'child1',
				restart: 'permanent',
				shutdown: 5000,
				type: 'worker'
			});
			expect(await spec('child2')).toMatchObject({ restart: 'permanent', shutdown: 'brutal_kill' });
			expect(await spec('child3')).toMatchObject({
				id: 'child3',
				restart: 'permanent',
				shutdown: 'infinity',
				type: 'supervisor'
			});
			expect(await Supervisor.getChildspec(node, sup, 'child4')).toEqual(['error', 'not_found']);
		});

		it('builds a supervisor child spec whose id defaults to the module name', () => {
			const spec = Supervisor.childSpec(supervisorOf({ strategy: 'one_for_all' }, [], 'my_sup'));
			expect(spec).toMatchObject({ id: 'my_sup', type: 'supervisor', shutdown: 'infinity' });
			expect(typeof spec.start).toBe('function');
		});

		// supervisor_SUITE:sup_start_map_faulty_specs, child_specs (faulty specs in init)
		const faulty: Array<[string, (start: ChildSpec['start']) => ChildSpec[]]> = [
			['a missing id', (start) => [{ start } as unknown as ChildSpec]],
			['a missing start', () => [{ id: 'child2' } as unknown as ChildSpec]],
			[
				'a bad restart type',
				(start) => [{ id: 'c', start, restart: 'prmanent' } as unknown as ChildSpec]
			],
			['a negative shutdown', (start) => [{ id: 'c', start, shutdown: -10 }]],
			['a bad child type', (start) => [{ id: 'c', start, type: 'wrker' } as unknown as ChildSpec]],
			[
				'a duplicate id',
				(start) => [
					{ id: 'c', start },
					{ id: 'c', start }
				]
			]
		];
		it.each(faulty)(
			'gives [error, [start_spec, _]] and starts nothing for %s',
			async (_, specs) => {
				const probe = j.notifier('probe').start;
				const result = await Supervisor.start(
					node,
					supervisorOf({ strategy: 'one_for_one' }, [j.notifier('ok_child'), ...specs(probe)])
				);
				expect(result).toEqual(['error', ['start_spec', expect.anything()]]);
				expect(j.attempts.size).toBe(0);
			}
		);

		// supervisor_SUITE:child_specs (faulty specs to start_child)
		it('refuses a faulty spec in startChild and starts nothing', async () => {
			const sup = await startSup({ strategy: 'one_for_one' }, [j.notifier('a')]);
			const start = j.notifier('probe').start;
			const bad = [
				{ id: 'b1', start, restart: 'prmanent' },
				{ id: 'b3', start, shutdown: -10 },
				{ id: 'b4', start, type: 'wrker' },
				{ id: 'b5' }
			] as unknown as ChildSpec[];
			for (const spec of bad) {
				expect(await Supervisor.startChild(node, sup, spec)).toEqual(['error', expect.anything()]);
			}
			expect(j.attempts.get('probe')).toBeUndefined();
			expect(await children(sup)).toEqual([['a', j.pid('a')]]);
		});

		// supervisor_SUITE:sup_flags
		it.each<[string, unknown]>([
			['an unknown strategy', { strategy: 'none_for_one' }],
			['a negative intensity', { strategy: 'one_for_one', intensity: -1 }],
			['a zero period', { strategy: 'one_for_one', period: 0 }]
		])('refuses supervisor flags with %s', async (_, flags) => {
			const result = await Supervisor.start(
				node,
				supervisorOf(flags as SupFlags, [j.notifier('a')])
			);
			expect(result).toEqual(['error', expect.anything()]);
			expect(j.attempts.size).toBe(0);
		});
	});

	describe('shutdown', () => {
		// supervisor_SUITE:sup_stop_infinity; node.exit(sup, 'shutdown') from the root
		it('waits as long as it takes for a child with shutdown infinity', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 2, period: 3600 }, []);
			okPid(await Supervisor.startChild(node, sup, j.notifier('child1', { shutdown: 'infinity' })));
			okPid(
				await Supervisor.startChild(
					node,
					sup,
					j.notifier('child2', { shutdown: 'infinity', onExitSignal: 10_000 })
				)
			);
			node.exit(sup, 'shutdown');
			await node.settle();
			await node.advance(9_999);
			expect(j.exits).toEqual([]);
			expect(j.alive()).toEqual(['child1', 'child2']);
			await node.advance(1);
			expect(j.exits).toEqual([
				['child2', 'shutdown'],
				['child1', 'shutdown'],
				['sup', 'shutdown']
			]);
		});

		// supervisor_SUITE:sup_stop_timeout
		it('kills a child that outlasts its shutdown timeout, then stops the next one', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 2, period: 3600 }, []);
			okPid(await Supervisor.startChild(node, sup, j.notifier('child1', { shutdown: 1000 })));
			const stubborn = j.notifier('child2', { shutdown: 1000, onExitSignal: 'never' });
			okPid(await Supervisor.startChild(node, sup, stubborn));
			node.exit(sup, 'shutdown');
			await node.settle();
			await node.advance(999);
			expect(j.exits).toEqual([]);
			await node.advance(1);
			expect(j.exits).toEqual([
				['child2', 'killed'],
				['child1', 'shutdown'],
				['sup', 'shutdown']
			]);
		});

		it('gives a worker 5000 ms to shut down by default', async () => {
			const sup = await startSup({ strategy: 'one_for_one' }, [
				j.notifier('slow', { onExitSignal: 10_000 })
			]);
			node.exit(sup, 'shutdown');
			await node.settle();
			await node.advance(4_999);
			expect(j.exits).toEqual([]);
			await node.advance(1);
			expect(j.exits).toEqual([
				['slow', 'killed'],
				['sup', 'shutdown']
			]);
		});

		// supervisor_SUITE:sup_stop_brutal_kill
		it('kills a brutal_kill child at once', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 2, period: 3600 }, []);
			okPid(await Supervisor.startChild(node, sup, j.notifier('child1', { shutdown: 1000 })));
			const brutal = j.notifier('child2', { shutdown: 'brutal_kill', onExitSignal: 'never' });
			okPid(await Supervisor.startChild(node, sup, brutal));
			node.exit(sup, 'shutdown');
			await node.settle();
			expect(j.exits).toEqual([
				['child2', 'killed'],
				['child1', 'shutdown'],
				['sup', 'shutdown']
			]);
		});

		it('shuts its children down and exits with the reason when its parent exits', async () => {
			const parent = node.spawn(async (ctx) => {
				await Supervisor.startLink(
					ctx,
					supervisorOf({ strategy: 'one_for_one' }, [j.notifier('a'), j.notifier('b')])
				);
				await ctx.receive({ match: (m) => m === 'go' });
				ctx.exit('parent_died');
			});
			await node.settle();
			const [sup] = node.processInfo(parent)?.links ?? [];
			j.name(sup, 'sup');
			expect(node.processInfo(sup)?.parent).toBe(parent);
			node.send(parent, 'go');
			await node.settle();
			expect(j.exits).toEqual([
				['b', 'shutdown'],
				['a', 'shutdown'],
				['sup', 'parent_died']
			]);
		});

		it('shuts down when its parent exits normally, as it traps exits', async () => {
			node.spawn(async (ctx) => {
				const result = await Supervisor.startLink(
					ctx,
					supervisorOf({ strategy: 'one_for_one' }, [j.notifier('a')])
				);
				j.name(okPid(result), 'sup');
			});
			await node.settle();
			expect(j.exits).toEqual([
				['a', 'shutdown'],
				['sup', 'normal']
			]);
		});

		// supervisor_SUITE:child_unlink
		it('terminates a child that has unlinked itself, without hanging', async () => {
			const naughty: ChildSpec = {
				id: 'naughty',
				shutdown: 1000,
				start: (sup) => {
					const pid = sup.spawnLink(async (ctx) => {
						ctx.unlink(sup.self);
						await ctx.receive({ match: () => false });
					});
					return Promise.resolve(['ok', pid]);
				}
			};
			const sup = await startSup({ strategy: 'one_for_one' }, [j.track(naughty)]);
			await node.settle();
			expect(node.processInfo(j.pid('naughty'))?.links).toEqual([]);
			const done = track(Supervisor.terminateChild(node, sup, 'naughty'));
			await node.settle();
			await node.advance(1000);
			expect(await done.promise).toBe('ok');
			expect(j.exits).toEqual([['naughty', 'shutdown']]);
			expect(await children(sup)).toEqual([['naughty', undefined]]);
		});

		it('shuts down on an exit signal normal from the node, which counts as its parent', async () => {
			const sup = await startSup({ strategy: 'one_for_one' }, [j.notifier('a')]);
			node.exit(sup, 'normal');
			await node.settle();
			expect(j.exits).toEqual([
				['a', 'shutdown'],
				['sup', 'normal']
			]);
		});

		it('ignores exit signals from processes that are neither its parent nor its children', async () => {
			const sup = await startSup({ strategy: 'one_for_one' }, [j.notifier('a')]);
			node.spawn((ctx) => ctx.exitSignal(sup, 'shutdown'));
			node.spawn((ctx) => {
				ctx.link(sup);
				ctx.exit('boom');
			});
			await node.settle();
			expect(node.isAlive(sup)).toBe(true);
			expect(j.exits).toEqual([]);
			expect(await children(sup)).toEqual([['a', j.pid('a')]]);
		});

		// supervisor_SUITE:simple_global_supervisor (kill_supervisor)
		it('takes its children down through their links when it is killed', async () => {
			const sup = await startSup({ strategy: 'one_for_one' }, [j.notifier('a'), j.notifier('b')]);
			node.exit(sup, 'kill');
			await node.settle();
			expect(j.exits[0]).toEqual(['sup', 'killed']);
			expect(j.exits.slice(1)).toEqual(
				expect.arrayContaining([
					['a', 'killed'],
					['b', 'killed']
				])
			);
			expect(j.alive()).toEqual([]);
		});

		it('runs terminate of a trapping GenServer child on shutdown, and restarts it fresh', async () => {
			const terminated: ExitReason[] = [];
			const mod: GenServerModule<number> = {
				name: 'counter',
				init: (_, ctx) => {
					ctx.trapExit(true);
					return ['ok', 0];
				},
				handleCall: (_req, _from, n) => ['reply', n + 1, n + 1],
				terminate: (reason) => {
					terminated.push(reason);
				}
			};
			const sup = await startSup({ strategy: 'one_for_one' }, [j.track(GenServer.childSpec(mod))]);
			const c1 = j.pid('counter');
			expect(await GenServer.call(node, c1, 'bump')).toBe(1);
			expect(await GenServer.call(node, c1, 'bump')).toBe(2);
			node.exit(c1, 'kill');
			await node.settle();
			const c2 = j.pid('counter');
			expect(c2).not.toBe(c1);
			expect(await GenServer.call(node, c2, 'bump')).toBe(1);
			node.exit(sup, 'shutdown');
			await node.settle();
			expect(terminated).toEqual(['shutdown']);
			expect(j.exits).toEqual([
				['counter', 'killed'],
				['counter', 'shutdown'],
				['sup', 'shutdown']
			]);
		});

		it('stops children in reverse start order, each once the previous one has exited', async () => {
			const sup = await startSup({ strategy: 'one_for_one' }, [
				j.notifier('a'),
				j.notifier('b', { onExitSignal: 100 }),
				j.notifier('c', { onExitSignal: 100 })
			]);
			node.exit(sup, 'shutdown');
			await node.settle();
			expect(j.alive()).toEqual(['a', 'b', 'c']);
			await node.advance(100);
			expect(j.alive()).toEqual(['a', 'b']);
			expect(j.exits).toEqual([['c', 'shutdown']]);
			await node.advance(100);
			expect(j.exits).toEqual([
				['c', 'shutdown'],
				['b', 'shutdown'],
				['a', 'shutdown'],
				['sup', 'shutdown']
			]);
		});
	});

	describe('restart strategies', () => {
		// supervisor_SUITE:one_for_one
		it('restarts only the crashed child under one_for_one', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 2, period: 3600 }, [
				j.notifier('child1'),
				j.notifier('child2')
			]);
			const [c1, c2] = [j.pid('child1'), j.pid('child2')];
			await exitChild('child1');
			expect(j.exits).toEqual([['child1', 'died']]);
			expect(ids()).toEqual(['child1', 'child2', 'child1']);
			expect(j.pid('child1')).not.toBe(c1);
			expect(await children(sup)).toEqual([
				['child1', j.pid('child1')],
				['child2', c2]
			]);
			expect(await Supervisor.countChildren(node, sup)).toEqual({
				specs: 2,
				active: 2,
				supervisors: 0,
				workers: 2
			});
		});

		it('answers nothing while a restarted child is still starting', async () => {
			let starts = 0;
			const slowInit: GenServerModule<null> = {
				name: 'slow',
				async init(_, ctx) {
					if (starts++ > 0) await ctx.sleep(100);
					return ['ok', null];
				}
			};
			const sup = await startSup({ strategy: 'one_for_one' }, [
				j.track(GenServer.childSpec(slowInit))
			]);
			node.exit(j.pid('slow'), 'died');
			await node.settle();
			const listing = track(Supervisor.whichChildren(node, sup));
			await node.settle();
			expect(listing.settled).toBe(false);
			await node.advance(100);
			expect((await listing.promise).map((c) => c.pid)).toEqual([j.pid('slow')]);
			expect(j.pids('slow')).toHaveLength(2);
		});

		// supervisor_SUITE:one_for_all
		it('stops the others in reverse order and restarts all in order under one_for_all', async () => {
			const sup = await startSup({ strategy: 'one_for_all', intensity: 2, period: 3600 }, [
				j.notifier('a'),
				j.notifier('b'),
				j.notifier('c')
			]);
			const first = ['a', 'b', 'c'].map((id) => j.pid(id));
			await exitChild('b');
			expect(j.exits).toEqual([
				['b', 'died'],
				['c', 'shutdown'],
				['a', 'shutdown']
			]);
			expect(ids()).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
			const now = await children(sup);
			expect(now.map(([id]) => id)).toEqual(['a', 'b', 'c']);
			for (const [, pid] of now) expect(first).not.toContain(pid);
		});

		// supervisor_SUITE:rest_for_one
		it('restarts the crashed child and those started after it under rest_for_one', async () => {
			const sup = await startSup({ strategy: 'rest_for_one', intensity: 2, period: 3600 }, [
				j.notifier('child1'),
				j.notifier('child2'),
				j.notifier('child3'),
				j.notifier('child4')
			]);
			const c1 = j.pid('child1');
			await exitChild('child2');
			expect(j.exits).toEqual([
				['child2', 'died'],
				['child4', 'shutdown'],
				['child3', 'shutdown']
			]);
			expect(ids()).toEqual(['child1', 'child2', 'child3', 'child4', 'child2', 'child3', 'child4']);
			expect(await children(sup)).toEqual([
				['child1', c1],
				['child2', j.pid('child2')],
				['child3', j.pid('child3')],
				['child4', j.pid('child4')]
			]);
		});

		it('waits for each sibling to shut down before restarting under one_for_all', async () => {
			await startSup({ strategy: 'one_for_all' }, [
				j.notifier('a'),
				j.notifier('b', { onExitSignal: 100 }),
				j.notifier('c')
			]);
			await exitChild('a');
			expect(j.exits).toEqual([
				['a', 'died'],
				['c', 'shutdown']
			]);
			expect(ids()).toEqual(['a', 'b', 'c']);
			await node.advance(100);
			expect(j.exits).toEqual([
				['a', 'died'],
				['c', 'shutdown'],
				['b', 'shutdown']
			]);
			expect(ids()).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
		});

		it('keeps a child whose restart gives ignore, without a pid', async () => {
			const sup = await startSup({ strategy: 'one_for_one' }, [
				j.notifier('a', { plan: (n) => (n === 2 ? 'ignore' : 'ok') })
			]);
			await exitChild('a');
			expect(node.isAlive(sup)).toBe(true);
			expect(j.attempts.get('a')).toBe(2);
			expect(await children(sup)).toEqual([['a', undefined]]);
			const a2 = okPid(await Supervisor.restartChild(node, sup, 'a'));
			expect(await children(sup)).toEqual([['a', a2]]);
		});

		// supervisor_SUITE:temporary_bystander
		it.each(['one_for_all', 'rest_for_one'] as const)(
			'stops a temporary bystander for good under %s',
			async (strategy) => {
				const sup = await startSup({ strategy, intensity: 2, period: 300 }, [
					j.notifier('child1', { shutdown: 100 }),
					j.notifier('child2', { restart: 'temporary', shutdown: 100 })
				]);
				await exitChild('child1', 'normal');
				await node.advance(350);
				expect(node.isAlive(sup)).toBe(true);
				expect(j.exits).toEqual([
					['child1', 'normal'],
					['child2', 'shutdown']
				]);
				expect(ids()).toEqual(['child1', 'child2', 'child1']);
				expect(await children(sup)).toEqual([['child1', j.pid('child1')]]);
			}
		);

		it.each(['one_for_all', 'rest_for_one'] as const)(
			'leaves the siblings alone when a child that is not to be restarted exits (%s)',
			async (strategy) => {
				const sup = await startSup({ strategy }, [
					j.notifier('a'),
					j.notifier('tmp', { restart: 'temporary' }),
					j.notifier('tr', { restart: 'transient' }),
					j.notifier('b')
				]);
				await exitChild('tmp', 'died');
				await exitChild('tr', 'normal');
				expect(j.exits).toEqual([
					['tmp', 'died'],
					['tr', 'normal']
				]);
				expect(ids()).toEqual(['a', 'tmp', 'tr', 'b']);
				expect(await children(sup)).toEqual([
					['a', j.pid('a')],
					['tr', undefined],
					['b', j.pid('b')]
				]);
			}
		);

		// supervisor_SUITE:one_for_all_other_child_fails_restart
		it('stops the restarted children again when a later one fails to restart (one_for_all)', async () => {
			const sup = await startSup({ strategy: 'one_for_all', intensity: 3, period: 3600 }, [
				j.notifier('child1'),
				j.notifier('child2', { plan: (n) => (n === 2 ? ['error', 'not_now'] : 'ok') })
			]);
			await exitChild('child1', 'die');
			expect(j.attempts.get('child2')).toBe(3);
			expect(ids()).toEqual(['child1', 'child2', 'child1', 'child1', 'child2']);
			const [, second, third] = j.pids('child1');
			expect(j.exits).toEqual([
				['child1', 'die'],
				['child2', 'shutdown'],
				['child1', 'shutdown']
			]);
			expect(node.isAlive(second)).toBe(false);
			expect(await children(sup)).toEqual([
				['child1', third],
				['child2', j.pid('child2')]
			]);
		});

		// supervisor_SUITE:rest_for_one_other_child_fails_restart
		it('retries from the child that failed to restart, not from the first (rest_for_one)', async () => {
			const sup = await startSup({ strategy: 'rest_for_one', intensity: 3, period: 3600 }, [
				j.notifier('child1'),
				j.notifier('child2', { plan: (n) => (n === 2 ? ['error', 'not_now'] : 'ok') })
			]);
			await exitChild('child1', 'die');
			expect(ids()).toEqual(['child1', 'child2', 'child1', 'child2']);
			expect(j.exits).toEqual([
				['child1', 'die'],
				['child2', 'shutdown']
			]);
			expect(await children(sup)).toEqual([
				['child1', j.pid('child1')],
				['child2', j.pid('child2')]
			]);
		});
	});

	describe('restart types', () => {
		const reasons: Array<[string, ExitReason]> = [
			['normal', 'normal'],
			['shutdown', 'shutdown'],
			['[shutdown, term]', ['shutdown', 'some_info']],
			['an abnormal reason', 'died']
		];

		// supervisor_SUITE:permanent_normal, permanent_shutdown, permanent_abnormal
		it.each(reasons)('restarts a permanent child that exits with %s', async (_, reason) => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 2, period: 3600 }, [
				j.notifier('child1')
			]);
			const c1 = j.pid('child1');
			await exitChild('child1', reason);
			expect(j.exits).toEqual([['child1', reason]]);
			const [, c2] = j.pids('child1');
			expect(c2).toBeDefined();
			expect(await children(sup)).toEqual([['child1', c2]]);
			expect(j.restarts()).toEqual([
				{ supervisor: sup, childId: 'child1', oldPid: c1, newPid: c2, reason }
			]);
		});

		// supervisor_SUITE:transient_normal, transient_shutdown
		it.each(reasons.slice(0, 3))(
			'keeps a transient child that exits with %s stopped',
			async (_, reason) => {
				const sup = await startSup({ strategy: 'one_for_one', intensity: 2, period: 3600 }, [
					j.notifier('child1', { restart: 'transient' })
				]);
				await exitChild('child1', reason);
				expect(j.pids('child1')).toHaveLength(1);
				expect(j.restarts()).toEqual([]);
				expect(await children(sup)).toEqual([['child1', undefined]]);
				expect(await Supervisor.countChildren(node, sup)).toEqual({
					specs: 1,
					active: 0,
					supervisors: 0,
					workers: 1
				});
				const c2 = okPid(await Supervisor.restartChild(node, sup, 'child1'));
				expect(await children(sup)).toEqual([['child1', c2]]);
			}
		);

		// supervisor_SUITE:transient_abnormal
		it('restarts a transient child that exits abnormally or is killed', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 2, period: 3600 }, [
				j.notifier('child1', { restart: 'transient' })
			]);
			await exitChild('child1', 'died');
			node.exit(j.pid('child1'), 'kill');
			await node.settle();
			expect(j.exits).toEqual([
				['child1', 'died'],
				['child1', 'killed']
			]);
			expect(j.pids('child1')).toHaveLength(3);
			expect(await children(sup)).toEqual([['child1', j.pid('child1')]]);
		});

		// supervisor_SUITE:temporary_normal, temporary_shutdown, temporary_abnormal
		it.each(reasons)(
			'never restarts a temporary child, and forgets it when it exits with %s',
			async (_, reason) => {
				const sup = await startSup({ strategy: 'one_for_one', intensity: 2, period: 3600 }, []);
				const temp = j.notifier('child1', { restart: 'temporary' });
				okPid(await Supervisor.startChild(node, sup, temp));
				await exitChild('child1', reason);
				expect(j.pids('child1')).toHaveLength(1);
				expect(await Supervisor.whichChildren(node, sup)).toEqual([]);
				expect(await Supervisor.countChildren(node, sup)).toEqual({
					specs: 0,
					active: 0,
					supervisors: 0,
					workers: 0
				});
				// do_not_save_child_specs_for_temporary_children: no already_present
				okPid(await Supervisor.startChild(node, sup, temp));
			}
		);
	});

	describe('restart intensity', () => {
		// supervisor_SUITE:one_for_one (restart frequency)
		it('stops all children in reverse order and exits shutdown after too many restarts', async () => {
			await startSup({ strategy: 'one_for_one', intensity: 2, period: 3600 }, [
				j.notifier('a'),
				j.notifier('b'),
				j.notifier('c')
			]);
			await exitChild('b');
			await exitChild('b');
			expect(ids()).toEqual(['a', 'b', 'c', 'b', 'b']);
			await exitChild('b');
			expect(ids()).toEqual(['a', 'b', 'c', 'b', 'b']);
			expect(j.exits).toEqual([
				['b', 'died'],
				['b', 'died'],
				['b', 'died'],
				['c', 'shutdown'],
				['a', 'shutdown'],
				['sup', 'shutdown']
			]);
		});

		it('allows one restart in five seconds by default', async () => {
			const sup = await startSup({ strategy: 'one_for_one' }, [j.notifier('a')]);
			await exitChild('a');
			expect(node.isAlive(sup)).toBe(true);
			await node.advance(1000);
			await exitChild('a');
			expect(node.isAlive(sup)).toBe(false);
			expect(j.exits).toEqual([
				['a', 'died'],
				['a', 'died'],
				['sup', 'shutdown']
			]);
		});

		it('allows no restart with intensity 0, and counts only restarts', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 0 }, [
				j.notifier('t', { restart: 'transient' }),
				j.notifier('p')
			]);
			await exitChild('t', 'normal');
			expect(node.isAlive(sup)).toBe(true);
			await exitChild('p');
			expect(node.isAlive(sup)).toBe(false);
			expect(j.exits).toEqual([
				['t', 'normal'],
				['p', 'died'],
				['sup', 'shutdown']
			]);
		});

		it('counts a one_for_all restart of several children as one restart', async () => {
			const sup = await startSup({ strategy: 'one_for_all', intensity: 1, period: 5 }, [
				j.notifier('a'),
				j.notifier('b'),
				j.notifier('c')
			]);
			await exitChild('b');
			expect(node.isAlive(sup)).toBe(true);
			expect(ids()).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
			await exitChild('a');
			expect(node.isAlive(sup)).toBe(false);
		});

		// supervisor_SUITE:multiple_restarts
		it('forgets restarts older than the period', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 1, period: 1 }, [
				j.notifier('child1', { shutdown: 'brutal_kill' })
			]);
			await exitChild('child1');
			for (let i = 0; i < 3; i++) {
				await node.advance(2100);
				await exitChild('child1');
			}
			expect(node.isAlive(sup)).toBe(true);
			expect(j.pids('child1')).toHaveLength(5);
			expect(await children(sup)).toEqual([['child1', j.pid('child1')]]);
			expect(await Supervisor.terminateChild(node, sup, 'child1')).toBe('ok');
			expect(await Supervisor.deleteChild(node, sup, 'child1')).toBe('ok');
		});

		it('counts restarts within the period across the window', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 2, period: 5 }, [
				j.notifier('a')
			]);
			await exitChild('a'); // t = 0
			await node.advance(3000);
			await exitChild('a'); // t = 3 s: two restarts within 5 s
			await node.advance(3000);
			await exitChild('a'); // t = 6 s: the first has aged out
			expect(node.isAlive(sup)).toBe(true);
			await node.advance(1000);
			await exitChild('a'); // t = 7 s: 3 s, 6 s and 7 s are within 5 s
			expect(node.isAlive(sup)).toBe(false);
			expect(j.exits.at(-1)).toEqual(['sup', 'shutdown']);
		});

		it('restarts a child that crashes as soon as it starts until it gives up', async () => {
			const doomed: ChildSpec = {
				id: 'doomed',
				start: (sup) => Promise.resolve(['ok', sup.spawnLink((ctx) => ctx.exit('boom'))])
			};
			const sup = await startSup({ strategy: 'one_for_one', intensity: 3, period: 5 }, [
				j.notifier('steady')
			]);
			expect(await Supervisor.startChild(node, sup, j.track(doomed))).toEqual([
				'ok',
				j.pid('doomed')
			]);
			await node.settle();
			expect(j.pids('doomed')).toHaveLength(4);
			expect(j.exits.slice(-2)).toEqual([
				['steady', 'shutdown'],
				['sup', 'shutdown']
			]);
		});

		// supervisor_SUITE:one_for_one_escalation
		it('retries a failing restart, each try counting, until it gives up (one_for_one)', async () => {
			await startSup({ strategy: 'one_for_one', intensity: 4, period: 3600 }, [
				j.notifier('child1', { plan: (n) => (n > 1 ? ['error', 'error'] : 'ok') }),
				j.notifier('child2')
			]);
			await exitChild('child1');
			expect(j.attempts.get('child1')).toBe(5);
			expect(j.exits).toEqual([
				['child1', 'died'],
				['child2', 'shutdown'],
				['sup', 'shutdown']
			]);
		});

		it('retries a failed restart at once, and survives when the retry fits the intensity', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 2, period: 5 }, [
				j.notifier('a', { plan: (n) => (n === 2 ? ['error', 'once'] : 'ok') })
			]);
			await exitChild('a');
			expect(j.attempts.get('a')).toBe(3);
			expect(node.isAlive(sup)).toBe(true);
			expect(await children(sup)).toEqual([['a', j.pids('a')[1]]]);
		});

		it('counts the retry of a failed restart towards the intensity', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 1, period: 5 }, [
				j.notifier('a', { plan: (n) => (n === 2 ? ['error', 'once'] : 'ok') })
			]);
			await exitChild('a');
			expect(j.attempts.get('a')).toBe(2);
			expect(node.isAlive(sup)).toBe(false);
			expect(j.exits).toEqual([
				['a', 'died'],
				['sup', 'shutdown']
			]);
		});

		// supervisor_SUITE:one_for_all_escalation, rest_for_one_escalation
		it.each(['one_for_all', 'rest_for_one'] as const)(
			'gives up and stops everything when a restart keeps failing (%s)',
			async (strategy) => {
				await startSup({ strategy, intensity: 4, period: 3600 }, [
					j.notifier('child1'),
					j.notifier('child2', { plan: (n) => (n > 1 ? ['error', 'error'] : 'ok') })
				]);
				await exitChild('child1');
				expect(j.alive()).toEqual([]);
				expect(j.exits[0]).toEqual(['child1', 'died']);
				expect(j.exits[1]).toEqual(['child2', 'shutdown']);
				expect(j.exits.at(-1)).toEqual(['sup', 'shutdown']);
				expect(j.exits.filter(([name]) => name === 'sup')).toHaveLength(1);
			}
		);

		// supervisor_SUITE:tree
		it('lets its own supervisor restart the subtree when it gives up', async () => {
			const inner = supervisorOf(
				{ strategy: 'one_for_one', intensity: 1, period: 5 },
				() => [j.notifier('w1'), j.notifier('w2')],
				'inner_sup'
			);
			const top = await startSup({ strategy: 'one_for_one', intensity: 3, period: 5 }, [
				j.track(Supervisor.childSpec(inner, undefined, { id: 'inner' })),
				j.notifier('sibling')
			]);
			expect(ids()).toEqual(['w1', 'w2', 'inner', 'sibling']);
			const inner1 = j.pid('inner');
			const sibling = j.pid('sibling');
			await exitChild('w1');
			await exitChild('w1');
			expect(j.exits).toEqual([
				['w1', 'died'],
				['w1', 'died'],
				['w2', 'shutdown'],
				['inner', 'shutdown']
			]);
			expect(ids()).toEqual(['w1', 'w2', 'inner', 'sibling', 'w1', 'w1', 'w2', 'inner']);
			const inner2 = j.pid('inner');
			expect(j.restarts()).toContainEqual({
				supervisor: top,
				childId: 'inner',
				oldPid: inner1,
				newPid: inner2,
				reason: 'shutdown'
			});
			expect(await children(top)).toEqual([
				['inner', inner2],
				['sibling', sibling]
			]);
			expect(await children(inner2)).toEqual([
				['w1', j.pid('w1')],
				['w2', j.pid('w2')]
			]);

			// and a shutdown from the root goes down the tree in reverse order
			j.exits.length = 0;
			node.exit(top, 'shutdown');
			await node.settle();
			expect(j.exits).toEqual([
				['sibling', 'shutdown'],
				['w2', 'shutdown'],
				['w1', 'shutdown'],
				['inner', 'shutdown'],
				['sup', 'shutdown']
			]);
		});
	});

	describe('child administration', () => {
		// supervisor_SUITE:child_adm
		it('starts, terminates, restarts and deletes children by id', async () => {
			const child = j.notifier('child1', { shutdown: 1000 });
			const sup = await startSup({ strategy: 'one_for_one', intensity: 2, period: 3600 }, [child]);
			const c1 = j.pid('child1');
			expect(await children(sup)).toEqual([['child1', c1]]);
			expect(await Supervisor.startChild(node, sup, child)).toEqual([
				'error',
				['already_started', c1]
			]);

			expect(await Supervisor.terminateChild(node, sup, 'hej')).toEqual(['error', 'not_found']);
			await expectCallExit(Supervisor.terminateChild(node, 'foo', 'child1'), 'noproc');
			expect(await Supervisor.terminateChild(node, sup, 'child1')).toBe('ok');
			expect(j.exits).toEqual([['child1', 'shutdown']]);
			expect(await children(sup)).toEqual([['child1', undefined]]);
			expect(await Supervisor.countChildren(node, sup)).toEqual({
				specs: 1,
				active: 0,
				supervisors: 0,
				workers: 1
			});
			expect(await Supervisor.terminateChild(node, sup, 'child1')).toBe('ok');
			expect(await Supervisor.startChild(node, sup, child)).toEqual([
				'error',
				['already_present', 'child1']
			]);

			const c2 = okPid(await Supervisor.restartChild(node, sup, 'child1'));
			expect(c2).toBe(j.pid('child1'));
			expect(await children(sup)).toEqual([['child1', c2]]);
			expect(await Supervisor.restartChild(node, sup, 'child1')).toEqual(['error', 'running']);
			expect(await Supervisor.restartChild(node, sup, 'child2')).toEqual(['error', 'not_found']);

			expect(await Supervisor.deleteChild(node, sup, 'child1')).toEqual(['error', 'running']);
			expect(await Supervisor.deleteChild(node, sup, 'hej')).toEqual(['error', 'not_found']);
			await expectCallExit(Supervisor.deleteChild(node, 'foo', 'child1'), 'noproc');
			expect(await Supervisor.terminateChild(node, sup, 'child1')).toBe('ok');
			expect(await Supervisor.deleteChild(node, sup, 'child1')).toBe('ok');
			expect(await Supervisor.restartChild(node, sup, 'child1')).toEqual(['error', 'not_found']);
			expect(await Supervisor.whichChildren(node, sup)).toEqual([]);
			expect(await Supervisor.countChildren(node, sup)).toEqual({
				specs: 0,
				active: 0,
				supervisors: 0,
				workers: 0
			});

			await expectCallExit(Supervisor.startChild(node, 'foo', child), 'noproc');
			const c3 = okPid(await Supervisor.startChild(node, sup, child));
			expect(await children(sup)).toEqual([['child1', c3]]);
			await expectCallExit(Supervisor.whichChildren(node, 'foo'), 'noproc');
			await expectCallExit(Supervisor.countChildren(node, 'foo'), 'noproc');
			expect(j.restarts()).toEqual([]);
		});

		// supervisor_SUITE:extra_return
		it('passes on the extra info of [ok, pid, info] from startChild', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 2, period: 3600 }, []);
			const child = j.notifier('child1', { plan: () => ['ok_extra', 'extra_return'] });
			expect(await Supervisor.startChild(node, sup, child)).toEqual([
				'ok',
				j.pid('child1'),
				'extra_return'
			]);
			expect(await children(sup)).toEqual([['child1', j.pid('child1')]]);
		});

		it('gives [error, reason] and keeps nothing when a child start fails', async () => {
			const sup = await startSup({ strategy: 'one_for_one' }, []);
			const failing = j.notifier('child1', { plan: (n) => (n === 1 ? ['error', 'nope'] : 'ok') });
			expect(await Supervisor.startChild(node, sup, failing)).toEqual(['error', 'nope']);
			expect(await Supervisor.whichChildren(node, sup)).toEqual([]);
			const throwing = j.notifier('child2', { plan: () => 'throw' });
			expect(await Supervisor.startChild(node, sup, throwing)).toEqual([
				'error',
				expect.anything()
			]);
			expect(node.isAlive(sup)).toBe(true);
			expect(await Supervisor.whichChildren(node, sup)).toEqual([]);
			okPid(await Supervisor.startChild(node, sup, failing));
		});

		it('terminates a child with its shutdown timeout, then kills it', async () => {
			const sup = await startSup({ strategy: 'one_for_one' }, [
				j.notifier('stubborn', { shutdown: 500, onExitSignal: 'never' })
			]);
			const done = track(Supervisor.terminateChild(node, sup, 'stubborn'));
			await node.settle();
			await node.advance(499);
			expect(done.settled).toBe(false);
			expect(j.alive()).toEqual(['stubborn']);
			await node.advance(1);
			expect(await done.promise).toBe('ok');
			expect(j.exits).toEqual([['stubborn', 'killed']]);
			expect(j.restarts()).toEqual([]);
		});

		it('forgets a temporary child once terminateChild has stopped it', async () => {
			const sup = await startSup({ strategy: 'one_for_one' }, [
				j.notifier('temp', { restart: 'temporary' }),
				j.notifier('perm')
			]);
			expect(await Supervisor.terminateChild(node, sup, 'temp')).toBe('ok');
			expect(await children(sup)).toEqual([['perm', j.pid('perm')]]);
		});

		// supervisor_SUITE:count_children, tree
		it('counts specs, active children, supervisors and workers', async () => {
			const inner = supervisorOf({ strategy: 'one_for_one' }, () => [j.notifier('w')], 'inner_sup');
			const sup = await startSup({ strategy: 'one_for_one' }, [
				j.track(Supervisor.childSpec(inner, undefined, { id: 'inner' })),
				j.notifier('worker'),
				j.notifier('lazy', { plan: () => 'ignore' })
			]);
			expect(await Supervisor.countChildren(node, sup)).toEqual({
				specs: 3,
				active: 2,
				supervisors: 1,
				workers: 2
			});
			expect(await Supervisor.whichChildren(node, sup)).toEqual([
				{ id: 'inner', pid: j.pid('inner'), type: 'supervisor', modules: anyModules },
				{ id: 'worker', pid: j.pid('worker'), type: 'worker', modules: anyModules },
				{ id: 'lazy', pid: undefined, type: 'worker', modules: anyModules }
			]);
			expect(await Supervisor.countChildren(node, j.pid('inner'))).toEqual({
				specs: 1,
				active: 1,
				supervisors: 0,
				workers: 1
			});
		});
	});

	describe('trace', () => {
		it('emits a restart event, with the flags, once the new child has started', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 4, period: 7 }, [
				j.notifier('a'),
				j.notifier('b')
			]);
			const a1 = j.pid('a');
			await node.advance(1500);
			const at = node.now();
			await exitChild('a', 'boom');
			const a2 = j.pid('a');
			const restarts = j.trace.filter((e) => e.type === 'restart');
			expect(restarts).toEqual([
				{
					type: 'restart',
					supervisor: sup,
					childId: 'a',
					oldPid: a1,
					newPid: a2,
					reason: 'boom',
					at,
					intensity: 4,
					period: 7,
					counted: true
				}
			]);
			const spawned = j.trace.findIndex((e) => e.type === 'spawn' && e.pid === a2);
			const exited = j.trace.findIndex((e) => e.type === 'exit' && e.pid === a1);
			expect(spawned).toBeGreaterThan(exited);
			expect(j.trace.indexOf(restarts[0])).toBeGreaterThan(spawned);
		});

		// OTP's supervisor counts one restart per child exit against the intensity, however many
		// siblings its strategy restarts along.
		it('marks the siblings a one_for_all restart takes along as not counted', async () => {
			await startSup({ strategy: 'one_for_all' }, [
				j.notifier('a'),
				j.notifier('b'),
				j.notifier('c')
			]);
			await exitChild('b', 'boom');
			const restarts = j.trace.flatMap((e) =>
				e.type === 'restart' ? [[e.childId, e.reason, e.counted]] : []
			);
			expect(restarts).toEqual([
				['a', 'shutdown', false],
				['b', 'boom', true],
				['c', 'shutdown', false]
			]);
		});
	});
});
