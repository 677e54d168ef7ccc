import { afterEach, describe, expect, it } from 'vitest';
import { testSystem, type TestSystem } from '$lib/testing/arsenal';
import { SystemSettings } from '$lib/system/config';
import { Telemetry } from './telemetry';
import { DEFAULT_CONFIG } from './config_schemas';

let t: TestSystem | undefined;
afterEach(async () => {
	await t?.system.shutdown();
	t = undefined;
});

async function withSettings(settings = new SystemSettings(), telemetry = new Telemetry()) {
	t = await testSystem({ settings, telemetry, rateLimit: undefined, demo: { crashes: false } });
	return t;
}

const CONFIG = '/api/v1/system/config';

describe('the system config operations', () => {
	it('GET answers the settings, PUT changes some and says what applied', async () => {
		const { get, request } = await withSettings();
		expect((await get(CONFIG)).body).toEqual({ data: DEFAULT_CONFIG });
		const put = await request('PUT', CONFIG, { analytics: { maxEventsPerSupervisor: 50 } });
		expect(put.status).toBe(200);
		expect(put.body).toMatchObject({
			data: { applied: ['analytics.maxEventsPerSupervisor'], restartRequired: [] }
		});
		expect(((await get(CONFIG)).body as { data: typeof DEFAULT_CONFIG }).data.analytics).toEqual({
			scanInterval: 2_000,
			maxEventsPerSupervisor: 50
		});
	});

	it('answers 422 naming the field of a bad value, or of an unknown key', async () => {
		const { request } = await withSettings();
		const bad = await request('PUT', CONFIG, { arsenal: { rateLimit: { limit: 'many' } } });
		expect(bad.status).toBe(422);
		expect(bad.body).toMatchObject({
			error: { code: 'validation_failed', details: { field: 'arsenal.rateLimit.limit' } }
		});
		const unknown = await request('PUT', CONFIG, { sandboxes: { maxWorkers: 3 } });
		expect(unknown.body).toMatchObject({ error: { details: { field: 'sandboxes.maxWorkers' } } });
	});

	it('applies a new rate limit to REST clients at once, and DELETE restores the default', async () => {
		const { request } = await withSettings();
		await request('PUT', CONFIG, { arsenal: { rateLimit: { limit: 2 } } }, 'tab-a');
		expect((await request('GET', '/api/v1/system/health', undefined, 'tab-a')).status).toBe(200);
		expect((await request('GET', '/api/v1/system/health', undefined, 'tab-a')).status).toBe(200);
		expect((await request('GET', '/api/v1/system/health', undefined, 'tab-a')).status).toBe(429);
		const reset = await request('DELETE', CONFIG, undefined, 'tab-b');
		expect(reset.body).toMatchObject({ data: { applied: ['arsenal.rateLimit.limit'] } });
		expect((await request('GET', '/api/v1/system/health', undefined, 'tab-a')).status).toBe(200);
	});

	it('emits no operation telemetry while enableTelemetry is false', async () => {
		const telemetry = new Telemetry();
		const { system } = await withSettings(new SystemSettings(), telemetry);
		const seen: string[] = [];
		telemetry.attach('test', ['arsenal.operation.start', 'arsenal.operation.stop'], (event) =>
			seen.push(event)
		);
		await system.execute('update_system_config', { arsenal: { enableTelemetry: false } });
		seen.length = 0;
		await system.execute('system_health');
		expect(seen).toEqual([]);
		await system.execute('update_system_config', { arsenal: { enableTelemetry: true } });
		await system.execute('system_health');
		expect(seen).toEqual(['arsenal.operation.start', 'arsenal.operation.stop']);
	});

	it('sets the operation timeout of the next calls', async () => {
		const { system } = await withSettings();
		await system.execute('update_system_config', { arsenal: { operationTimeout: 5_000 } });
		expect(system.registry.operationTimeout).toBe(5_000);
	});

	it('drops the oldest restart records at once when maxEventsPerSupervisor is lowered', async () => {
		const { system } = await withSettings();
		const { store } = system.analytics;
		for (let i = 0; i < 20; i++) {
			store.record({
				at: 1_000 + i,
				node: 'n',
				supervisor: '<0.1.0>',
				childId: 'c',
				reason: 'killed',
				reasonText: 'killed'
			});
		}
		await system.execute('update_system_config', { analytics: { maxEventsPerSupervisor: 10 } });
		const kept = store.history('n', '<0.1.0>')!.records;
		expect(kept).toHaveLength(10);
		expect(kept[0].at).toBe(1_010);
	});

	it('answers 503 where no settings are kept', async () => {
		t = await testSystem();
		const res = await t.get(CONFIG);
		expect(res.status).toBe(503);
	});
});
