import { afterEach, describe, expect, it, vi } from 'vitest';
import { Telemetry } from '$lib/arsenal/telemetry';
import { createRuntimeApi } from './api';
import { SYSTEM_SUPERVISOR } from './application';
import { SystemHost } from './host';

let host: SystemHost | undefined;
afterEach(() => host?.shutdown());

/** The page's API over a system on the virtual clock, without the demo app. */
async function startApi() {
	const starting = SystemHost.start({ clock: 'virtual', demo: false, telemetry: new Telemetry() });
	const api = createRuntimeApi(starting);
	host = await starting;
	return { api, keeper: host };
}

/** Kills SuperLearner.Supervisor with force, as the heal tests do. */
async function killSystem(system: Awaited<ReturnType<SystemHost['current']>>): Promise<void> {
	system.node.exit(system.node.whereis(SYSTEM_SUPERVISOR)!, 'kill');
	await system.node.settle();
}

describe('createRuntimeApi', () => {
	it('keeps page subscriptions apart across a heal: an old id never ends the new stream', async () => {
		const { api, keeper } = await startApi();
		const first = await api.subscribe(() => Promise.resolve());
		const old = await keeper.current();
		await killSystem(old);
		await vi.waitFor(() => expect(keeper.health.status).toBe('ok'), { timeout: 10_000 });
		const fresh = await keeper.current();
		// The old node's streams ended with it.
		expect(old.subscriptions.size).toBe(0);
		const second = await api.subscribe(() => Promise.resolve());
		expect(second.id).not.toBe(first.id);
		api.unsubscribe(first.id);
		expect(fresh.subscriptions.size).toBe(1);
		api.unsubscribe(second.id);
		expect(fresh.subscriptions.size).toBe(0);
	});

	it('tells the page of the new node and of what happened', async () => {
		const { api, keeper } = await startApi();
		const before = await api.nodeInfo();
		expect(before).toMatchObject({ health: { status: 'ok' }, incidents: [] });
		const old = await keeper.current();
		await killSystem(old);
		expect((await api.nodeInfo()).health.status).toBe('degraded');
		await vi.waitFor(() => expect(keeper.health.status).toBe('ok'), { timeout: 10_000 });
		const after = await api.nodeInfo();
		expect(after.incarnation).toBe(before.incarnation + 1);
		expect(after.incidents).toMatchObject([{ process: SYSTEM_SUPERVISOR, status: 'healed' }]);
	});
});
