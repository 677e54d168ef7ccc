// Hot code change (sys:change_code/4) of GenServers and Supervisors, after OTP's sys and
// gen_server documentation and lib/stdlib/test/{gen_server,supervisor}_SUITE.erl: each test
// names the OTP case it follows, where there is one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeCode, CodeChangeError } from './code_change';
import {
	Agent,
	CallExit,
	GenServer,
	Supervisor,
	createNode,
	type ChildSpec,
	type GenServerModule,
	type Node,
	type Pid,
	type SupFlags,
	type SupervisorModule
} from './index';
import { Journal, anyModules, okPid, supervisorOf } from '$lib/testing/runtime';

/** Counts casts; v1 keeps a number, v2 a record with a `count`. */
const CounterV1: GenServerModule<number> = {
	name: 'Counter',
	init: (n: number) => ['ok', n],
	handleCall: (_req, _from, n) => ['reply', ['v1', n], n],
	handleCast: (_msg, n) => ['noreply', n + 1]
};

const seen: unknown[] = [];
const CounterV2: GenServerModule<{ count: number }> = {
	name: 'Counter',
	init: (n: number) => ['ok', { count: n }],
	handleCall: (_req, _from, s) => ['reply', ['v2', s.count], s],
	handleCast: (_msg, s) => ['noreply', { count: s.count + 1 }],
	codeChange(oldVsn, state, extra) {
		seen.push([oldVsn, state, extra]);
		return ['ok', { count: state as unknown as number }];
	}
};

/** Suspends, changes, resumes; resolves with changeCode's outcome (an error or 'ok'). */
async function upgrade(
	node: Node,
	pid: Pid,
	mod: Parameters<typeof changeCode>[2],
	oldVsn?: string,
	extra?: unknown
): Promise<unknown> {
	await GenServer.suspend(node, pid);
	try {
		await changeCode(node, pid, mod, oldVsn, extra);
		return 'ok';
	} catch (e) {
		return e;
	} finally {
		await GenServer.resume(node, pid);
	}
}

describe('changeCode', () => {
	let node: Node;

	beforeEach(() => {
		node = createNode({ clock: 'virtual' });
		seen.length = 0;
	});
	afterEach(async () => {
		await node.shutdown();
	});

	describe('of a GenServer', () => {
		async function counter(n = 0): Promise<Pid> {
			return okPid(await GenServer.start(node, CounterV1, n));
		}

		// gen_server_SUITE code_change: suspend, change_code, resume, and it serves on.
		it('runs the new codeChange with the old vsn and extra, and serves with the new module', async () => {
			const pid = await counter(0);
			GenServer.cast(node, pid, 'inc');
			GenServer.cast(node, pid, 'inc');
			expect(await upgrade(node, pid, CounterV2, 'v1', { why: 'test' })).toBe('ok');
			expect(seen).toEqual([['v1', 2, { why: 'test' }]]);
			GenServer.cast(node, pid, 'inc');
			expect(await GenServer.call(node, pid, 'get')).toEqual(['v2', 3]);
			expect(node.isAlive(pid)).toBe(true);
		});

		it('keeps the state when the new module has no codeChange, as gen_server does', async () => {
			const pid = await counter(5);
			const V2: GenServerModule = { ...CounterV1, handleCall: (_r, _f, n) => ['reply', 'v2', n] };
			expect(await upgrade(node, pid, V2)).toBe('ok');
			expect(await GenServer.getState(node, pid)).toBe(5);
			expect(await GenServer.call(node, pid, 'get')).toBe('v2');
		});

		it('keeps the old module and state when codeChange throws, and says why', async () => {
			const pid = await counter(3);
			const Bad = {
				...CounterV2,
				codeChange: () => {
					throw new Error('cannot convert');
				}
			} as GenServerModule;
			const error = await upgrade(node, pid, Bad, 'v1');
			expect(error).toBeInstanceOf(CodeChangeError);
			expect(error).toMatchObject({
				code: 'code_change_failed',
				message: `code change of ${String(pid)} failed: Error: cannot convert`
			});
			expect(await GenServer.call(node, pid, 'get')).toEqual(['v1', 3]);
		});

		it('refuses a codeChange answer that is not [ok, state]', async () => {
			const pid = await counter(3);
			const Bad = { ...CounterV2, codeChange: () => ({ count: 3 }) } as unknown as GenServerModule;
			const error = await upgrade(node, pid, Bad);
			expect(error).toMatchObject({ reason: ['bad_return_value', { count: 3 }] });
			expect(await GenServer.call(node, pid, 'get')).toEqual(['v1', 3]);
		});

		it('needs the server suspended first, as sys:change_code does', async () => {
			const pid = await counter(1);
			await expect(changeCode(node, pid, CounterV2, 'v1', null)).rejects.toThrow(
				`code change of ${String(pid)} failed: not_suspended`
			);
			expect(seen).toEqual([]);
			expect(await GenServer.call(node, pid, 'get')).toEqual(['v1', 1]);
		});

		it('refuses something that is not a module', async () => {
			const pid = await counter(1);
			const error = await upgrade(node, pid, { name: 'x' } as unknown as GenServerModule);
			expect(error).toMatchObject({ reason: ['bad_module', { name: 'x' }] });
		});

		it('shows the new module name in processInfo', async () => {
			const pid = await counter(1);
			expect(await upgrade(node, pid, { ...CounterV2, name: 'Counter2' })).toBe('ok');
			expect(node.processInfo(pid)?.module).toBe('Counter2');
		});

		it('rejects with noproc for a dead server', async () => {
			const pid = await counter(1);
			node.exit(pid, 'kill');
			await node.settle();
			await expect(changeCode(node, pid, CounterV2, 'v1', null)).rejects.toBeInstanceOf(CallExit);
		});

		it('changes a GenServer with a swapModule property as a GenServer, not as a supervisor', async () => {
			const odd = { ...CounterV1, swapModule: () => ['ok', 'hijacked'] };
			const pid = okPid(await GenServer.start(node, odd, 2));
			expect(await upgrade(node, pid, CounterV2, 'v1')).toBe('ok');
			expect(await GenServer.getState(node, pid)).toEqual({ count: 2 });
			expect(await GenServer.call(node, pid, 'get')).toEqual(['v2', 2]);
		});

		it('does not change a behaviour whose callbacks are the runtime’s own (an Agent)', async () => {
			const agent = okPid(await Agent.start(node, () => 1));
			const error = await upgrade(node, agent, CounterV2);
			expect(error).toMatchObject({ reason: ['not_supported', 'agent'] });
			expect(await Agent.get(node, agent, (s: number) => s)).toBe(1);
		});
	});

	describe('of a Supervisor', () => {
		let j: Journal;
		const flags: SupFlags = { strategy: 'one_for_one', intensity: 1, period: 5 };

		beforeEach(() => {
			j = new Journal(node);
		});

		async function startSup(children: ChildSpec[]): Promise<Pid> {
			return okPid(await Supervisor.start(node, supervisorOf(flags, children, 'sup_v1')));
		}

		// supervisor_SUITE code_change: new flags, existing children keep running with new specs,
		// a new id is added but not started, a child left out of the new spec stays.
		it('takes the new flags and specs, keeps running children, adds new ids stopped', async () => {
			const sup = await startSup([j.notifier('a'), j.notifier('b')]);
			const a = j.pid('a');
			const b = j.pid('b');
			const v2 = supervisorOf(
				{ strategy: 'rest_for_one', intensity: 4, period: 10 },
				[j.notifier('a', { shutdown: 'brutal_kill' }), j.notifier('c')],
				'sup_v2'
			);
			expect(await upgrade(node, sup, v2)).toBe('ok');
			expect(await Supervisor.whichChildren(node, sup)).toEqual([
				{ id: 'a', pid: a, type: 'worker', modules: anyModules },
				{ id: 'c', pid: undefined, type: 'worker', modules: anyModules },
				{ id: 'b', pid: b, type: 'worker', modules: anyModules }
			]);
			const [, specA] = (await Supervisor.getChildspec(node, sup, 'a')) as ['ok', ChildSpec];
			expect(specA.shutdown).toBe('brutal_kill');
			expect(node.processInfo(sup)?.module).toBe('sup_v2');
			const state = await GenServer.getState<{ flags: SupFlags }>(node, sup);
			expect(state.flags).toEqual({ strategy: 'rest_for_one', intensity: 4, period: 10 });
			expect(await Supervisor.restartChild(node, sup, 'c')).toEqual(['ok', j.pid('c')]);
		});

		it('restarts a child from its new spec', async () => {
			const sup = await startSup([j.notifier('a')]);
			let v2Starts = 0;
			const next = j.notifier('a');
			const spec: ChildSpec = { ...next, start: (ctx) => (v2Starts++, next.start(ctx)) };
			expect(await upgrade(node, sup, supervisorOf(flags, [spec]))).toBe('ok');
			node.send(j.pid('a'), ['exit', 'died']);
			await node.settle();
			expect(v2Starts).toBe(1);
			expect(j.pids('a')).toHaveLength(2);
		});

		it('calls the new init with the original args', async () => {
			const args: unknown[] = [];
			const recording: SupervisorModule = {
				init: (a: unknown) => (args.push(a), ['ok', flags, []])
			};
			const sup = okPid(await Supervisor.start(node, recording, 42));
			expect(await upgrade(node, sup, { ...recording })).toBe('ok');
			expect(args).toEqual([42, 42]);
		});

		it('keeps everything when the new init answers ignore', async () => {
			const sup = await startSup([j.notifier('a')]);
			const before = await GenServer.getState(node, sup);
			const v2: SupervisorModule = { name: 'v2', init: () => 'ignore' };
			expect(await upgrade(node, sup, v2)).toBe('ok');
			expect(await GenServer.getState(node, sup)).toEqual(before);
		});

		it.each([
			[
				'bad flags',
				() => ['ok', { strategy: 'none' }, []],
				['supervisor_data', ['invalid_strategy', 'none']]
			],
			[
				'a faulty child spec',
				() => ['ok', flags, [{ id: 'x' }]],
				['start_spec', ['invalid_mfa', undefined]]
			],
			['a bad return', () => 'nope', ['bad_return', 'nope']],
			[
				'a throw',
				() => {
					throw 'broken';
				},
				'broken'
			]
		])('changes nothing on %s', async (_what, init, reason) => {
			const sup = await startSup([j.notifier('a')]);
			const before = await GenServer.getState(node, sup);
			const error = await upgrade(node, sup, { name: 'v2', init } as never);
			expect(error).toMatchObject({ code: 'code_change_failed', reason });
			expect(await GenServer.getState(node, sup)).toEqual(before);
			expect(node.processInfo(sup)?.module).toBe('sup_v1');
		});
	});
});
