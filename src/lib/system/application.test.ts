import { describe, expect, it } from 'vitest';
import { GenServer, Supervisor, type GenServerModule, type Pid } from '$lib/runtime';
import { Telemetry } from '$lib/arsenal/telemetry';
import { assertProcessRestarted, assertSupervisionTreeStructure } from '$lib/supertester';
import { startSystemRuntime } from './node';
import type { OperationStats } from './application';

async function system() {
	const telemetry = new Telemetry();
	const runtime = await startSystemRuntime({
		clock: 'virtual',
		telemetry,
		demo: { crashes: false }
	});
	const pid = (name: string) => runtime.node.whereis(name) as Pid;
	return { runtime, telemetry, node: runtime.node, pid };
}

describe('SuperLearner.Supervisor', () => {
	it('runs Telemetry, TracerRegistry, Arsenal.Registry and the AnalyticsServer under one_for_one', async () => {
		const { node } = await system();
		await assertSupervisionTreeStructure(node, 'SuperLearner.Supervisor', {
			strategy: 'one_for_one',
			children: [
				{ id: 'SuperLearner.Telemetry' },
				{ id: 'SuperLearner.TracerRegistry' },
				{ id: 'Arsenal.Registry' },
				{ id: 'SuperLearner.AnalyticsServer' }
			]
		});
		expect(node.processInfo(node.whereis('SuperLearner.TracerRegistry') as Pid)?.behaviour).toBe(
			'registry'
		);
	});

	it('starts more children after its own, and counts them as its own', async () => {
		const Manager: GenServerModule = {
			name: 'SuperLearner.SandboxManager',
			init: () => ['ok', null]
		};
		const runtime = await startSystemRuntime({
			clock: 'virtual',
			telemetry: new Telemetry(),
			demo: false,
			systemChildren: [GenServer.childSpec(Manager)]
		});
		const children = await Supervisor.whichChildren(runtime.node, 'SuperLearner.Supervisor');
		expect(children.map((c) => c.id).at(-1)).toBe('SuperLearner.SandboxManager');
		expect(runtime.context.systemPids.has(children.at(-1)!.pid as Pid)).toBe(true);
	});

	it('knows its own processes, and only those', async () => {
		const { runtime, pid, node } = await system();
		const own = runtime.context.systemPids;
		for (const name of ['SuperLearner.Supervisor', 'SuperLearner.Telemetry', 'Arsenal.Registry']) {
			expect(own.has(pid(name))).toBe(true);
		}
		for (const name of ['Demo.Supervisor', 'Demo.Counter', 'Demo.Producer'])
			expect(own.has(pid(name))).toBe(false);
		// A restarted system process is still the system's.
		const old = pid('SuperLearner.Telemetry');
		node.exit(old, 'kill');
		await node.settle();
		await assertProcessRestarted(node, 'SuperLearner.Supervisor', 'SuperLearner.Telemetry', old);
		expect(own.has(pid('SuperLearner.Telemetry'))).toBe(true);
		expect(own.has(old)).toBe(false);
	});

	it('counts Arsenal operations in SuperLearner.Telemetry, again after a restart', async () => {
		const { runtime, node, pid } = await system();
		await runtime.execute('system_health');
		await runtime.execute('list_processes', { perPage: 'lots' }).catch(() => {});
		await runtime.execute('get_process_state', { pid: 'Demo.Echo' }).catch(() => {});
		await node.settle();
		const stats = await GenServer.call<Record<string, OperationStats>>(
			node,
			'SuperLearner.Telemetry',
			'stats'
		);
		expect(stats.system_health).toMatchObject({ started: 1, succeeded: 1, failed: 0 });
		expect(stats.get_process_state).toMatchObject({ started: 1, failed: 1, errors: { noproc: 1 } });
		// Validation failures never start: no event.
		expect(stats.list_processes).toBeUndefined();
		node.exit(pid('SuperLearner.Telemetry'), 'kill');
		await node.settle();
		await runtime.execute('system_health');
		await node.settle();
		expect(
			await GenServer.call<Record<string, OperationStats>>(node, 'SuperLearner.Telemetry', 'stats')
		).toMatchObject({ system_health: { started: 1, succeeded: 1 } });
	});

	it("holds the registry's operations in Arsenal.Registry", async () => {
		const { runtime, node } = await system();
		expect(await node.call('Arsenal.Registry', 'list')).toEqual(
			runtime.registry.list().map((o) => o.name)
		);
		expect(await node.call('Arsenal.Registry', ['lookup', 'kill_process'])).toEqual({
			name: 'kill_process',
			category: 'processes',
			method: 'DELETE',
			path: '/processes/:pid'
		});
	});
});
