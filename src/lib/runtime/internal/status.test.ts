// GenServer.getStatus, after OTP's sys:get_status/1 of a gen_server (sys_SUITE's get_status and
// gen_server_SUITE's format_status cases).
import { describe, expect, it } from 'vitest';
import {
	CallExit,
	createNode,
	DynamicSupervisor,
	GenServer,
	Supervisor,
	type GenServerModule,
	type Pid
} from '../index';
import { queuedMessages } from '../introspection';
import { isPid } from '../pid';
import { counter, okPid } from '$lib/testing/runtime';

/** Every value in `value` that is a function, by path (pids are values): the status must hold none. */
function functionsIn(value: unknown, path = 'state'): string[] {
	if (typeof value === 'function') return [path];
	if (typeof value !== 'object' || value === null || isPid(value)) return [];
	return Object.entries(value).flatMap(([k, v]) => functionsIn(v, `${path}.${k}`));
}

describe('GenServer.getStatus', () => {
	it('answers who the server is, that it runs, its parent and its state, as sys:get_status', async () => {
		const node = createNode({ clock: 'virtual' });
		const pid = okPid(await GenServer.start(node, counter, 7, { name: 'counter' }));
		const root = node.processInfo(pid)!.parent!;
		expect(await GenServer.getStatus(node, 'counter')).toEqual({
			pid,
			name: 'counter',
			behaviour: 'gen_server',
			module: 'Counter',
			status: 'running',
			parent: root,
			ancestors: [root],
			header: 'Status for generic server counter',
			state: 7
		});
		const unnamed = okPid(await GenServer.start(node, counter, 0));
		expect((await GenServer.getStatus(node, unnamed)).header).toBe(
			`Status for generic server ${String(unnamed)}`
		);
	});

	it('says suspended while suspended: messages wait in the mailbox until resume', async () => {
		const node = createNode({ clock: 'virtual' });
		const pid = okPid(await GenServer.start(node, counter, 0));
		await GenServer.suspend(node, pid);
		GenServer.cast(node, pid, 'increment');
		node.send(pid, 'hello');
		await node.advance(10_000);
		const suspended = await GenServer.getStatus(node, pid);
		expect([suspended.status, suspended.state]).toEqual(['suspended', 0]);
		expect(queuedMessages(pid, 100)).toEqual([['$gen_cast', 'increment'], 'hello']);
		await GenServer.resume(node, pid);
		await node.settle();
		const running = await GenServer.getStatus(node, pid);
		expect([running.status, running.state]).toEqual(['running', 1]);
		expect(queuedMessages(pid, 100)).toEqual([]);
	});

	it("shows the state as the module's formatStatus shapes it, and never the raw state if it throws", async () => {
		const node = createNode({ clock: 'virtual' });
		const Vault: GenServerModule<{ user: string; password: string }> = {
			name: 'Vault',
			init: () => ['ok', { user: 'ada', password: 'hunter2' }],
			formatStatus: ({ state }) => ({ state: { ...state, password: '***' } })
		};
		const vault = okPid(await GenServer.start(node, Vault));
		expect((await GenServer.getStatus(node, vault)).state).toEqual({
			user: 'ada',
			password: '***'
		});
		// getState stays the raw state, as :sys.get_state.
		expect(await GenServer.getState(node, vault)).toEqual({ user: 'ada', password: 'hunter2' });
		const Broken: GenServerModule<string> = {
			name: 'Broken',
			init: () => ['ok', 'secret'],
			formatStatus: () => {
				throw new Error('oops');
			}
		};
		const broken = okPid(await GenServer.start(node, Broken));
		expect((await GenServer.getStatus(node, broken)).state).toBe('Broken.formatStatus crashed');
		const Sloppy = { ...Broken, name: 'Sloppy', formatStatus: () => 'secret' } as never;
		const sloppy = okPid(await GenServer.start(node, Sloppy));
		expect((await GenServer.getStatus(node, sloppy)).state).toBe(
			'Sloppy.formatStatus did not answer { state }'
		);
	});

	it("shows a supervisor's flags, children and restarts, and no closure of its specs or args", async () => {
		const node = createNode({ clock: 'virtual' });
		const args = { seed: () => 4 };
		const sup = okPid(
			await Supervisor.start(
				node,
				{
					name: 'App',
					init: () => [
						'ok',
						{ strategy: 'one_for_all', intensity: 2, period: 10 },
						[GenServer.childSpec(counter, 0, { id: 'counter', restart: 'transient' })]
					]
				},
				args,
				{ name: 'app' }
			)
		);
		const status = await GenServer.getStatus(node, sup);
		const [child] = (await Supervisor.whichChildren(node, sup)).map((c) => c.pid as Pid);
		expect(status).toMatchObject({ behaviour: 'supervisor', module: 'App', status: 'running' });
		expect(status.state).toEqual({
			module: 'App',
			strategy: 'one_for_all',
			intensity: 2,
			period: 10,
			children: [
				{
					id: 'counter',
					pid: child,
					restart: 'transient',
					shutdown: 5000,
					type: 'worker',
					modules: ['Counter']
				}
			],
			restarts: []
		});
		expect(functionsIn(status.state)).toEqual([]);
		// The child's ancestors: its supervisor, then the supervisor's parent.
		expect((await GenServer.getStatus(node, child)).ancestors).toEqual([sup, status.parent]);
	});

	it("shows a DynamicSupervisor's limit and children without ids", async () => {
		const node = createNode({ clock: 'virtual' });
		const pool = okPid(await DynamicSupervisor.start(node, { maxChildren: 2 }));
		const worker = okPid(
			await DynamicSupervisor.startChild(node, pool, GenServer.childSpec(counter, 0))
		);
		const status = await GenServer.getStatus(node, pool);
		expect(status).toMatchObject({ behaviour: 'dynamic_supervisor', module: 'DynamicSupervisor' });
		expect(status.state).toEqual({
			strategy: 'one_for_one',
			intensity: 3,
			period: 5,
			maxChildren: 2,
			children: [
				{ pid: worker, restart: 'permanent', shutdown: 5000, type: 'worker', modules: ['Counter'] }
			],
			restarts: []
		});
		expect(functionsIn(status.state)).toEqual([]);
	});

	it('rejects at once for a process that runs no server, and leaves nothing in its mailbox', async () => {
		const node = createNode({ clock: 'virtual' });
		const plain = node.spawn((ctx) => ctx.receive());
		for (const ask of [
			() => GenServer.getStatus(node, plain),
			() => GenServer.getState(node, plain),
			() => GenServer.suspend(node, plain),
			() => GenServer.resume(node, plain)
		]) {
			const error = await ask().catch((e: unknown) => e);
			expect(error).toBeInstanceOf(CallExit);
			expect(error).toMatchObject({ reason: 'not_a_server' });
		}
		expect(queuedMessages(plain, 100)).toEqual([]);
		expect(node.isAlive(plain)).toBe(true);
	});
});
