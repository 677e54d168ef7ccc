import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteDB } from 'idb';
import { ArsenalError } from '$lib/arsenal/errors';
import {
	configFromStored,
	DEFAULT_CONFIG,
	mergeConfig,
	SystemConfigPatchSchema,
	SystemConfigSchema,
	SystemSettings
} from './config';
import { CONFIG_DB, ConfigDb } from './config_db';

describe('SystemConfigSchema', () => {
	it("holds the original's defaults", () => {
		expect(SystemConfigSchema.parse(DEFAULT_CONFIG)).toEqual({
			analytics: { scanInterval: 2_000, maxEventsPerSupervisor: 1_000 },
			sandboxes: { maxSandboxes: 100, maxProcesses: 10_000 },
			arsenal: {
				operationTimeout: 30_000,
				enableTelemetry: true,
				rateLimit: { limit: 100, windowMs: 60_000 }
			},
			cluster: { nodeCount: 3, startupTimeout: 10_000 },
			supertester: { defaultTimeout: 1_000 }
		});
	});

	it('refuses a value out of bounds, naming its path', () => {
		const bad = mergeConfig(DEFAULT_CONFIG, {});
		bad.cluster.nodeCount = 9;
		const result = SystemConfigSchema.safeParse(bad);
		expect(result.success).toBe(false);
		expect(result.error?.issues[0].path).toEqual(['cluster', 'nodeCount']);
	});

	it('takes a deep-partial change and refuses unknown keys', () => {
		expect(SystemConfigPatchSchema.parse({ arsenal: { rateLimit: { limit: 5 } } })).toEqual({
			arsenal: { rateLimit: { limit: 5 } }
		});
		expect(SystemConfigPatchSchema.safeParse({ arsenal: { rateLimt: 5 } }).success).toBe(false);
		expect(
			SystemConfigPatchSchema.safeParse({ arsenal: { rateLimit: { limit: 0 } } }).success
		).toBe(false);
	});
});

describe('configFromStored', () => {
	it('keeps the fields that validate and defaults the others, field by field', () => {
		const { config, dropped } = configFromStored({
			analytics: { scanInterval: 'often', maxEventsPerSupervisor: 50 },
			sandboxes: { maxSandboxes: 7 },
			arsenal: { rateLimit: { limit: 5, windowMs: -1 }, retired: true },
			cluster: null
		});
		expect(config.analytics).toEqual({ scanInterval: 2_000, maxEventsPerSupervisor: 50 });
		expect(config.sandboxes).toEqual({ maxSandboxes: 7, maxProcesses: 10_000 });
		expect(config.arsenal.rateLimit).toEqual({ limit: 5, windowMs: 60_000 });
		expect(config.cluster).toEqual(DEFAULT_CONFIG.cluster);
		expect(dropped).toContain('analytics.scanInterval');
		expect(dropped).toContain('arsenal.rateLimit.windowMs');
		expect(dropped).not.toContain('sandboxes.maxSandboxes');
	});

	it('gives the defaults for nothing saved, or for something that is no config at all', () => {
		expect(configFromStored(undefined)).toEqual({ config: DEFAULT_CONFIG, dropped: [] });
		expect(configFromStored('garbage').config).toEqual(DEFAULT_CONFIG);
	});
});

describe('SystemSettings', () => {
	it('applies a change, tells its listeners what changed, and says what needs a restart', async () => {
		const settings = new SystemSettings();
		const heard: string[][] = [];
		settings.onChange((_config, changed) => heard.push(changed));
		const out = await settings.update({
			arsenal: { rateLimit: { limit: 5 } },
			sandboxes: { maxProcesses: 500, maxSandboxes: 100 }
		});
		expect(out.config.arsenal.rateLimit).toEqual({ limit: 5, windowMs: 60_000 });
		expect(out.applied).toEqual(['arsenal.rateLimit.limit']);
		expect(out.restartRequired).toEqual(['sandboxes.maxProcesses']);
		expect(out.message).toMatch(
			/sandboxes.maxProcesses: sandboxes and cluster nodes started after/
		);
		expect(heard).toEqual([['sandboxes.maxProcesses', 'arsenal.rateLimit.limit']]);
	});

	it('rejects a bad value with a 422 naming the field, and changes nothing', async () => {
		const settings = new SystemSettings();
		const error = await settings
			.update({ arsenal: { rateLimit: { limit: -3 } } })
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ArsenalError);
		expect((error as ArsenalError).status).toBe(422);
		expect((error as ArsenalError).details).toMatchObject({ field: 'arsenal.rateLimit.limit' });
		const unknown = await settings
			.update({ cluster: { nodes: 4 } } as never)
			.catch((e: unknown) => e);
		expect((unknown as ArsenalError).details).toMatchObject({ field: 'cluster.nodes' });
		expect(settings.get()).toEqual(DEFAULT_CONFIG);
	});
});

describe('persistence', () => {
	afterEach(() => deleteDB(CONFIG_DB));

	it('saves every update and reads it back at the next open', async () => {
		const first = await SystemSettings.open();
		const out = await first.update({ arsenal: { rateLimit: { limit: 5 } } });
		expect(out.saved).toBe(true);
		const again = await SystemSettings.open();
		expect(again.current.arsenal.rateLimit.limit).toBe(5);
	});

	it('forgets the saved settings on reset', async () => {
		const first = await SystemSettings.open();
		await first.update({ supertester: { defaultTimeout: 250 } });
		const out = await first.reset();
		expect(out.config).toEqual(DEFAULT_CONFIG);
		expect(out.applied).toEqual(['supertester.defaultTimeout']);
		const db = await ConfigDb.open();
		expect(await db.load()).toBeUndefined();
		db.close();
		expect((await SystemSettings.open()).get()).toEqual(DEFAULT_CONFIG);
	});

	it('opens with the valid fields of an older version’s saved value, never failing', async () => {
		const db = await ConfigDb.open();
		await db.save({ arsenal: { rateLimit: { limit: 7, perMinute: true } }, version: 0 } as never);
		db.close();
		const dropped: string[][] = [];
		const settings = await SystemSettings.open((paths) => dropped.push(paths));
		expect(settings.current.arsenal.rateLimit).toEqual({ limit: 7, windowMs: 60_000 });
		expect(settings.current.analytics).toEqual(DEFAULT_CONFIG.analytics);
		expect(dropped[0]).toContain('arsenal.rateLimit.windowMs');
	});
});
