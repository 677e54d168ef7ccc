import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNode, type GenServerModule, type Node, type SupFlags } from '$lib/runtime';
import { Journal, counter, supervisorOf, trapping } from '$lib/testing/runtime';
import {
	cleanupProcesses,
	setupIsolatedGenServer,
	setupIsolatedSupervisor,
	trackProcess
} from './isolation';

describe('isolation', () => {
	let node: Node;
	let j: Journal;

	beforeEach(() => {
		node = createNode({ clock: 'virtual' });
		j = new Journal(node);
	});
	afterEach(async () => {
		await node.shutdown();
	});

	const app = (flags: SupFlags = { strategy: 'one_for_one' }) =>
		supervisorOf(flags, [j.notifier('a'), j.notifier('b'), j.notifier('c')], 'App');

	describe('setupIsolatedGenServer', () => {
		it('gives two setups of one module different names, each registered', async () => {
			const one = await setupIsolatedGenServer(node, counter);
			const two = await setupIsolatedGenServer(node, counter, { args: 5 });
			expect([one.name, two.name]).toEqual(['Counter_1', 'Counter_2']);
			expect(node.whereis(one.name)).toBe(one.pid);
			expect(node.whereis(two.name)).toBe(two.pid);
			expect(await node.call(two.name, 'get')).toBe(5);
		});

		it('skips a generated name that is taken', async () => {
			node.spawn((ctx) => ctx.receive(), { name: 'Counter_1' });
			expect((await setupIsolatedGenServer(node, counter)).name).toBe('Counter_2');
		});

		it('registers the exact name given, and rejects a taken one naming its holder', async () => {
			const { pid, name } = await setupIsolatedGenServer(node, counter, { name: 'Count' });
			expect(name).toBe('Count');
			await expect(setupIsolatedGenServer(node, counter, { name: 'Count' })).rejects.toThrow(
				`Counter did not start: the name 'Count' is already registered to ${String(pid)}`
			);
		});

		it('rejects saying why the server did not start', async () => {
			const failing: GenServerModule = { name: 'Failing', init: () => ['stop', 'no_db'] };
			await expect(setupIsolatedGenServer(node, failing)).rejects.toThrow(
				'Failing did not start: no_db'
			);
			const ignoring: GenServerModule = { init: () => 'ignore' };
			await expect(setupIsolatedGenServer(node, ignoring)).rejects.toThrow(
				"GenServer did not start: its init returned 'ignore'"
			);
		});
	});

	describe('setupIsolatedSupervisor', () => {
		it('starts a supervisor and its children under a unique name', async () => {
			const { pid, name } = await setupIsolatedSupervisor(node, app());
			expect(name).toBe('App_1');
			expect(node.whereis(name)).toBe(pid);
			expect(j.alive()).toEqual(['a', 'b', 'c']);
		});
	});

	describe('cleanupProcesses', () => {
		it('stops everything tracked, a supervisor stopping its children in order', async () => {
			const server = await setupIsolatedGenServer(node, counter);
			const sup = await setupIsolatedSupervisor(node, app());
			j.name(sup.pid, 'App');
			j.name(server.pid, 'Counter');
			await cleanupProcesses(node);
			expect(j.exits).toEqual([
				['c', 'shutdown'],
				['b', 'shutdown'],
				['a', 'shutdown'],
				['App', 'shutdown'],
				['Counter', 'shutdown']
			]);
			expect(node.processes()).toEqual([]);
		});

		it("runs a trapping server's terminate with 'shutdown'", async () => {
			const terminated: unknown[] = [];
			await setupIsolatedGenServer(node, trapping(terminated));
			await cleanupProcesses(node);
			expect(terminated).toEqual(['shutdown']);
		});

		it('kills on a virtual clock what is still alive once the node has settled', async () => {
			const stubborn = supervisorOf({ strategy: 'one_for_one' }, [
				j.notifier('deaf', { onExitSignal: 'never' })
			]);
			const sup = await setupIsolatedSupervisor(node, stubborn);
			const deaf = j.pid('deaf');
			await cleanupProcesses(node);
			expect(node.isAlive(sup.pid)).toBe(false);
			expect(node.isAlive(deaf)).toBe(false);
			expect(node.processes()).toEqual([]);
		});

		it('leaves a tracked child to its tracked supervisor', async () => {
			const sup = await setupIsolatedSupervisor(node, app());
			j.name(sup.pid, 'App');
			trackProcess(node, j.pid('c'));
			await cleanupProcesses(node);
			expect(j.exits.map(([name]) => name)).toEqual(['c', 'b', 'a', 'App']);
			expect(j.restarts()).toEqual([]);
		});

		it('stops processes tracked by other helpers, and only the pids given', async () => {
			const spawned = node.spawn((ctx) => ctx.receive());
			trackProcess(node, spawned);
			const kept = await setupIsolatedGenServer(node, counter);
			await cleanupProcesses(node, [spawned]);
			expect(node.isAlive(spawned)).toBe(false);
			expect(node.isAlive(kept.pid)).toBe(true);
			await cleanupProcesses(node);
			expect(node.isAlive(kept.pid)).toBe(false);
		});

		it('forgets what it stopped', async () => {
			const { pid } = await setupIsolatedGenServer(node, counter, { name: 'Once' });
			await cleanupProcesses(node);
			const again = await setupIsolatedGenServer(node, counter, { name: 'Once' });
			expect(again.pid).not.toBe(pid);
			await cleanupProcesses(node);
			expect(node.processes()).toEqual([]);
		});
	});

	it('cleans up on a real clock without waiting when everything stops at once', async () => {
		const real = createNode({ clock: 'real' });
		const journal = new Journal(real);
		const sup = await setupIsolatedSupervisor(
			real,
			supervisorOf({ strategy: 'one_for_one' }, [journal.notifier('x'), journal.notifier('y')])
		);
		await setupIsolatedGenServer(real, counter);
		journal.name(sup.pid, 'sup');
		await cleanupProcesses(real);
		expect(journal.exits).toEqual([
			['y', 'shutdown'],
			['x', 'shutdown'],
			['sup', 'shutdown']
		]);
		expect(real.processes()).toEqual([]);
		await real.shutdown();
	});
});
