// Type tests for what pages get of the runtime worker: vitest type-checks this file and runs it.
import type { Remote } from 'comlink';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Json } from '$lib/arsenal/serialize';
import type { Executed } from '$lib/arsenal/registry';
import { createRuntimeApi, type RuntimeApi } from './api';
import { SystemHost, type SystemInfo } from './host';

describe('Remote<RuntimeApi>', () => {
	it('executes an operation by name with any params, answering JSON data and a status', async () => {
		expectTypeOf<Remote<RuntimeApi>['execute']>().parameters.toEqualTypeOf<
			[operation: string, params?: unknown]
		>();
		expectTypeOf<Remote<RuntimeApi>['execute']>().returns.toEqualTypeOf<Promise<Executed>>();
		expectTypeOf<Executed['data']>().toEqualTypeOf<Json>();
		expectTypeOf<Remote<RuntimeApi>['nodeInfo']>().returns.toEqualTypeOf<Promise<SystemInfo>>();
		const host = SystemHost.start({ clock: 'virtual', demo: false });
		const api = createRuntimeApi(host);
		const answer = await api.execute('node_health');
		expect(answer).toMatchObject({ operation: 'node_health', status: 200 });
		await (await host).shutdown();
	});
});
