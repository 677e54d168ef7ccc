import { afterEach, describe, expect, it, vi } from 'vitest';
import { Telemetry } from '$lib/arsenal/telemetry';
import { createRuntimeApi } from './api';
import { SYSTEM_SUPERVISOR } from './application';
import { SystemHost } from './host';

let host: SystemHost | undefined;
afterEach(() => host?.shutdown());

describe('createRuntimeApi', () => {
	it('keeps page subscriptions apart across a heal: an old id never ends the new stream', async () => {
		const starting = SystemHost.start({
			clock: 'virtual',
			demo: false,
			telemetry: new Telemetry()
		});
		const api = createRuntimeApi(starting);
		host = await starting;
		const first = await api.subscribe(() => Promise.resolve());
		const old = await host.current();
		old.node.exit(old.node.whereis(SYSTEM_SUPERVISOR)!, 'kill');
		await old.node.settle();
		await vi.waitFor(() => expect(host?.health.status).toBe('ok'), { timeout: 10_000 });
		const fresh = await host.current();
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
		const starting = SystemHost.start({
			clock: 'virtual',
			demo: false,
			telemetry: new Telemetry()
		});
		const api = createRuntimeApi(starting);
		host = await starting;
		const before = await api.nodeInfo();
		expect(before).toMatchObject({ health: { status: 'ok' }, incidents: [] });
		const old = await host.current();
		old.node.exit(old.node.whereis(SYSTEM_SUPERVISOR)!, 'kill');
		await old.node.settle();
		expect((await api.nodeInfo()).health.status).toBe('degraded');
		await vi.waitFor(() => expect(host?.health.status).toBe('ok'), { timeout: 10_000 });
		const after = await api.nodeInfo();
		expect(after.incarnation).toBe(before.incarnation + 1);
		expect(after.incidents).toMatchObject([{ process: SYSTEM_SUPERVISOR, status: 'healed' }]);
	});
});
