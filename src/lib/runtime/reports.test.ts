// Crash and supervisor reports, after OTP: proc_lib's crash report, gen_server's "terminating"
// report, and supervisor.erl's report_error (child_terminated, start_error, shutdown with
// reached_max_restart_intensity, shutdown_error) with its do_restart and shutdown rules.
// Children are the Journal's notifiers; time moves only with the virtual clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	DynamicSupervisor,
	GenServer,
	Supervisor,
	createNode,
	type ChildSpec,
	type CrashReport,
	type ExitReason,
	type GenServerModule,
	type Node,
	type Pid,
	type SupFlags,
	type SupervisorReport
} from './index';
import { Journal, okPid, supervisorOf } from '$lib/testing/runtime';

describe('reports', () => {
	let node: Node;
	let j: Journal;

	beforeEach(() => {
		node = createNode({ clock: 'virtual' });
		j = new Journal(node);
	});
	afterEach(async () => {
		await node.shutdown();
	});

	const crashes = () => j.reports().filter((r): r is CrashReport => r.kind === 'crash');
	const supervisorReports = () =>
		j.reports().filter((r): r is SupervisorReport => r.kind === 'supervisor');
	/** What a supervisor report says, without its pids. */
	const said = (r: SupervisorReport) => [r.errorContext, r.child.id, r.reason];

	async function startSup(flags: SupFlags, children: ChildSpec[]): Promise<Pid> {
		return okPid(await Supervisor.start(node, supervisorOf(flags, children)));
	}

	/** Makes the latest incarnation of a notifier exit with `reason`, then settles. */
	async function exitChild(id: string, reason: ExitReason) {
		node.send(j.pid(id), reason === 'normal' ? 'stop' : ['exit', reason]);
		await node.settle();
	}

	describe('crash reports', () => {
		it('reports a body that throws with the error message, stack, pid and label', async () => {
			const pid = node.spawn(
				() => {
					throw new Error('boom');
				},
				{ label: 'thrower' }
			);
			await node.settle();
			const [report] = crashes();
			expect(report).toMatchObject({ kind: 'crash', pid, label: 'thrower' });
			expect(String(report.parent)).toBe('<0.0.0>');
			expect(report.error).toMatchObject({ name: 'Error', message: 'boom' });
			expect(report.error?.stack).toContain('boom');
			expect(report.reason).toBeInstanceOf(Error);
			expect('lastMessage' in report).toBe(false);
			expect('state' in report).toBe(false);
		});

		it('comes before the exit event, with the registered name the process had', async () => {
			const pid = node.spawn((ctx) => ctx.exit('gave_up'), { name: 'quitter' });
			await node.settle();
			const types = j.trace
				.filter((e) => e.type === 'report' || e.type === 'exit')
				.map((e) => e.type);
			expect(types).toEqual(['report', 'exit']);
			expect(crashes()).toEqual([
				expect.objectContaining({ pid, name: 'quitter', reason: 'gave_up' })
			]);
			expect(crashes()[0].error).toBeUndefined();
		});

		it('reports no exit with reason normal, shutdown or [shutdown, _]', async () => {
			node.spawn(() => undefined);
			node.spawn((ctx) => ctx.exit('shutdown'));
			node.spawn((ctx) => ctx.exit(['shutdown', 'done']));
			const [, server] = (await GenServer.start(node, { init: () => ['ok', 0] })) as ['ok', Pid];
			await GenServer.stop(node, server, 'normal');
			await node.settle();
			expect(j.trace.filter((e) => e.type === 'exit')).not.toHaveLength(0);
			expect(j.reports()).toEqual([]);
		});

		it("gives a crashing server's last message (the init timeout) and its state", async () => {
			const Crasher: GenServerModule<{ ticks: number }> = {
				name: 'Crasher',
				init: () => ['ok', { ticks: 1 }, 4000],
				handleInfo(message) {
					if (message === 'timeout') throw new Error('boom: the crasher crashed');
					return ['noreply', { ticks: 0 }];
				}
			};
			const [, pid] = (await GenServer.start(node, Crasher, undefined, {
				name: 'crasher'
			})) as ['ok', Pid];
			await node.advance(4000);
			expect(crashes()).toEqual([
				expect.objectContaining({
					pid,
					name: 'crasher',
					module: 'Crasher',
					behaviour: 'gen_server',
					lastMessage: 'timeout',
					state: { ticks: 1 },
					error: expect.objectContaining({ message: 'boom: the crasher crashed' }) as unknown
				})
			]);
		});

		it('shows a call as [$gen_call, caller, request] and a cast as [$gen_cast, msg]', async () => {
			const Picky: GenServerModule<string> = {
				init: () => ['ok', 'calm'],
				handleCall: (request) => {
					throw new Error(`cannot ${String(request)}`);
				},
				handleCast: (message, state) => ['stop', ['bad', message], `${state}!`]
			};
			const [, a] = (await GenServer.start(node, Picky)) as ['ok', Pid];
			const [, b] = (await GenServer.start(node, Picky)) as ['ok', Pid];
			let caller: Pid | undefined;
			node.spawn(async (ctx) => {
				caller = ctx.self;
				await ctx.call(a, 'fly').catch(() => undefined);
			});
			GenServer.cast(node, b, 'poke');
			await node.settle();
			expect(crashes().find((r) => r.pid === a)).toMatchObject({
				lastMessage: ['$gen_call', caller, 'fly'],
				state: 'calm'
			});
			expect(crashes().find((r) => r.pid === b)).toMatchObject({
				reason: ['bad', 'poke'],
				lastMessage: ['$gen_cast', 'poke'],
				// The state that stop answered with, as OTP's terminate gets it.
				state: 'calm!'
			});
		});

		it('reports a failed init with neither a last message nor a state', async () => {
			const result = await GenServer.start(node, { name: 'Late', init: () => ['stop', 'no_db'] });
			expect(result).toEqual(['error', 'no_db']);
			const [report] = crashes();
			expect(report).toMatchObject({ reason: 'no_db', module: 'Late' });
			expect('lastMessage' in report).toBe(false);
			expect('state' in report).toBe(false);
		});

		it('names the sender of the exit signal that killed a process', async () => {
			let partner: Pid | undefined;
			const victim = node.spawn(async (ctx) => {
				partner = ctx.spawnLink((inner) => inner.exit('partner_died'));
				await ctx.receive();
			});
			const killed = node.spawn((ctx) => ctx.receive());
			await node.settle();
			node.exit(killed, 'kill');
			await node.settle();
			expect(crashes().map((r) => [r.pid, r.reason, r.signalFrom])).toEqual([
				[partner, 'partner_died', undefined],
				[victim, 'partner_died', partner],
				[killed, 'killed', expect.anything()]
			]);
			expect(String(crashes()[2].signalFrom)).toBe('<0.0.0>');
		});

		it('reports nothing for a process that traps the signal, nor when the node shuts down', async () => {
			node.spawn(
				async (ctx) => {
					ctx.spawnLink((inner) => inner.exit('boom'));
					await ctx.receive({ timeout: 'infinity' });
					await ctx.receive();
				},
				{ trapExit: true }
			);
			node.spawn((ctx) => ctx.receive());
			await node.settle();
			expect(crashes()).toHaveLength(1);
			await node.shutdown();
			expect(crashes()).toHaveLength(1);
		});
	});

	describe('supervisor reports', () => {
		// supervisor.erl do_restart: a permanent child is reported whatever its reason.
		it('reports child_terminated for a permanent child even on a normal exit', async () => {
			await startSup({ strategy: 'one_for_one', intensity: 5 }, [j.notifier('a')]);
			const a1 = j.pid('a');
			await exitChild('a', 'normal');
			const [report] = supervisorReports();
			expect(said(report)).toEqual(['child_terminated', 'a', 'normal']);
			expect(report.child).toEqual({
				id: 'a',
				pid: a1,
				restart: 'permanent',
				shutdown: 5000,
				type: 'worker'
			});
			expect(crashes()).toEqual([]);
		});

		// do_restart: transient and temporary children are reported only for abnormal exits.
		it('reports a transient or temporary child only when it exits abnormally', async () => {
			await startSup({ strategy: 'one_for_one', intensity: 5 }, [
				j.notifier('t1', { restart: 'transient' }),
				j.notifier('t2', { restart: 'transient' }),
				j.notifier('tmp1', { restart: 'temporary' }),
				j.notifier('tmp2', { restart: 'temporary' })
			]);
			await exitChild('t1', 'normal');
			await exitChild('t2', 'died');
			await exitChild('tmp1', ['shutdown', 'bye']);
			await exitChild('tmp2', 'died');
			expect(supervisorReports().map(said)).toEqual([
				['child_terminated', 't2', 'died'],
				['child_terminated', 'tmp2', 'died']
			]);
		});

		it('reports the crash, then child_terminated, then restarts the child', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 5 }, [j.notifier('a')]);
			await exitChild('a', 'died');
			const kinds = j.trace
				.filter((e) => e.type === 'report' || e.type === 'restart')
				.map((e) => (e.type === 'report' ? e.report.kind : e.type));
			expect(kinds).toEqual(['crash', 'supervisor', 'restart']);
			expect(supervisorReports()[0].supervisor).toBe(sup);
		});

		// supervisor.erl restart/2: {terminate, _} -> report_error(shutdown, reached_max_restart_intensity).
		it('reports reached_max_restart_intensity with the limit and the children that used it up', async () => {
			const sup = await startSup({ strategy: 'one_for_one', intensity: 2, period: 5 }, [
				j.notifier('a'),
				j.notifier('b')
			]);
			await exitChild('a', 'died');
			await node.advance(1000);
			await exitChild('b', 'died');
			await node.advance(1000);
			const last = j.pid('a');
			await exitChild('a', 'crashed');
			const giveUp = supervisorReports().find((r) => r.errorContext === 'shutdown');
			expect(giveUp).toEqual({
				kind: 'supervisor',
				supervisor: sup,
				module: 'test_sup',
				errorContext: 'shutdown',
				reason: 'reached_max_restart_intensity',
				child: expect.objectContaining({ id: 'a', pid: last }) as unknown,
				intensity: { intensity: 2, period: 5, children: ['a', 'b', 'a'], lastReason: 'crashed' }
			});
			expect(node.isAlive(sup)).toBe(false);
			// The supervisor itself exits with shutdown: no crash report of its own.
			expect(crashes().map((r) => r.pid)).not.toContain(sup);
		});

		it('counts only the restarts inside the period', async () => {
			await startSup({ strategy: 'one_for_one', intensity: 1, period: 5 }, [j.notifier('a')]);
			await exitChild('a', 'died');
			await node.advance(6000);
			await exitChild('a', 'died');
			await exitChild('a', 'died');
			const giveUp = supervisorReports().find((r) => r.errorContext === 'shutdown');
			expect(giveUp?.intensity?.children).toEqual(['a', 'a']);
		});

		// supervisor.erl restart/2: {error, Reason} -> report_error(start_error, Reason).
		it('reports start_error when a restart fails, and when a child fails to start', async () => {
			await startSup({ strategy: 'one_for_one', intensity: 5 }, [
				j.notifier('a', { plan: (n) => (n === 2 ? ['error', 'no_port'] : 'ok') })
			]);
			await exitChild('a', 'died');
			expect(supervisorReports().map(said)).toEqual([
				['child_terminated', 'a', 'died'],
				['start_error', 'a', 'no_port']
			]);
			const result = await Supervisor.start(
				node,
				supervisorOf({ strategy: 'one_for_one' }, [
					j.notifier('b', { plan: () => ['error', 'nope'] })
				])
			);
			expect(result[0]).toBe('error');
			expect(supervisorReports().map(said).at(-1)).toEqual(['start_error', 'b', 'nope']);
		});

		// supervisor.erl shutdown/1: a child killed after its shutdown time is a shutdown_error.
		it('reports shutdown_error for a child that had to be killed, not for brutal_kill', async () => {
			const sup = await startSup({ strategy: 'one_for_one' }, [
				j.notifier('stubborn', { shutdown: 100, onExitSignal: 'never' }),
				j.notifier('brutal', { shutdown: 'brutal_kill' }),
				j.notifier('polite')
			]);
			const stubborn = j.pid('stubborn');
			await Supervisor.terminateChild(node, sup, 'polite');
			await Supervisor.terminateChild(node, sup, 'brutal');
			const done = Supervisor.terminateChild(node, sup, 'stubborn');
			await node.advance(100);
			await done;
			expect(supervisorReports().map(said)).toEqual([['shutdown_error', 'stubborn', 'killed']]);
			expect(supervisorReports()[0].child.pid).toBe(stubborn);
		});
	});

	describe('DynamicSupervisor', () => {
		it('reports child_terminated and reached_max_restart_intensity as Elixir does', async () => {
			const [, sup] = (await DynamicSupervisor.start(node, { intensity: 1, period: 5 })) as [
				'ok',
				Pid
			];
			okPid(await DynamicSupervisor.startChild(node, sup, j.notifier('w')));
			okPid(
				await DynamicSupervisor.startChild(node, sup, j.notifier('t', { restart: 'transient' }))
			);
			await exitChild('t', 'normal');
			await exitChild('w', 'died');
			await exitChild('w', 'died');
			expect(supervisorReports().map(said)).toEqual([
				['child_terminated', 'w', 'died'],
				['child_terminated', 'w', 'died'],
				['shutdown', 'w', 'reached_max_restart_intensity']
			]);
			expect(supervisorReports()[2]).toMatchObject({
				module: 'DynamicSupervisor',
				intensity: { intensity: 1, period: 5, children: ['w', 'w'], lastReason: 'died' }
			});
		});
	});
});
