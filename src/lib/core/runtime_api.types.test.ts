// Type tests for what pages get of the runtime worker: vitest type-checks this file and runs it.
import type { Remote } from 'comlink';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Json } from '$lib/arsenal/serialize';
import type { Executed } from '$lib/arsenal/registry';
import { createRuntimeApi, type RuntimeApi } from './runtime_api';
import { startSystemRuntime, type NodeInfo } from './system_runtime';

describe('Remote<RuntimeApi>', () => {
	it('executes an operation by name with any params, answering JSON data and a status', async () => {
		expectTypeOf<Remote<RuntimeApi>['execute']>().parameters.toEqualTypeOf<
			[operation: string, params?: unknown]
		>();
		expectTypeOf<Remote<RuntimeApi>['execute']>().returns.toEqualTypeOf<Promise<Executed>>();
		expectTypeOf<Executed['data']>().toEqualTypeOf<Json>();
		expectTypeOf<Remote<RuntimeApi>['nodeInfo']>().returns.toEqualTypeOf<Promise<NodeInfo>>();
		const api = createRuntimeApi(startSystemRuntime({ clock: 'virtual', demo: false }));
		const answer = await api.execute('node_health');
		expect(answer).toMatchObject({ operation: 'node_health', status: 200 });
	});
});
