/**
 * The system's settings as Arsenal describes them: one typed, zod-validated object with the
 * original's defaults, the deep-partial change `PUT /system/config` takes, and what an update
 * answers. Any thread: the settings page reads the fields' labels, units and bounds here, the
 * runtime worker (system/config.ts) keeps and applies the values.
 *
 * ```ts
 * SystemConfigPatchSchema.parse({ arsenal: { rateLimit: { limit: 5 } } });
 * DEFAULT_CONFIG.arsenal.rateLimit; // { limit: 100, windowMs: 60_000 }
 * ```
 */
import { z } from 'zod';
import { ArsenalError } from './errors';
import type { ArsenalContext } from './context';

/** A setting's dotted path: `'arsenal.rateLimit.limit'`. */
export type ConfigPath = keyof typeof CONFIG_FIELDS;

/** What a setting is for people: the page's label and unit, its bounds, and what it governs. */
export interface ConfigField {
	label: string;
	/** `'ms'`, `'requests'`… ; none for a switch. */
	unit?: string;
	min?: number;
	max?: number;
	/** What the value governs, and when a change takes effect. */
	help: string;
	/** Set when a change reaches only what starts after it: what must be (re)started. */
	restart?: string;
}

/** Every setting, by path, in the order the page shows them. */
export const CONFIG_FIELDS = {
	'analytics.scanInterval': {
		label: 'Scan interval',
		unit: 'ms',
		min: 500,
		max: 60_000,
		help:
			'How often /analytics scans every live supervisor again for its figures while it shows. ' +
			'Restarts themselves are recorded as they happen, from the trace.'
	},
	'analytics.maxEventsPerSupervisor': {
		label: 'Restarts kept per supervisor',
		unit: 'records',
		min: 10,
		max: 100_000,
		help: 'The newest restart records kept per supervisor; lowering it drops the oldest at once.'
	},
	'sandboxes.maxSandboxes': {
		label: 'Sandboxes at most',
		unit: 'sandboxes',
		min: 1,
		max: 1_000,
		help: 'Creating one more answers 409 limit_exceeded.'
	},
	'sandboxes.maxProcesses': {
		label: 'Processes per sandbox node',
		unit: 'processes',
		min: 100,
		max: 262_144,
		help: 'The process limit of each sandbox node and simulated cluster node.',
		restart:
			'sandboxes and cluster nodes started after the change get it; a running one keeps its ' +
			'limit until it is run or restarted again'
	},
	'arsenal.operationTimeout': {
		label: 'Operation timeout',
		unit: 'ms',
		min: 1_000,
		max: 600_000,
		help: 'An operation still running after this answers 504 timeout.'
	},
	'arsenal.enableTelemetry': {
		label: 'Operation telemetry',
		help:
			'Off: operations emit no arsenal.operation.start/stop/exception events, so the operation ' +
			'figures stop counting, analytics no longer ties restarts to the operation that caused ' +
			'them, and the timeline records no operations as inputs.'
	},
	'arsenal.rateLimit.limit': {
		label: 'REST requests per window',
		unit: 'requests',
		min: 1,
		max: 100_000,
		help: "Per REST client; past it, 429 rate_limited. The app's own pages are never limited."
	},
	'arsenal.rateLimit.windowMs': {
		label: 'Rate limit window',
		unit: 'ms',
		min: 1_000,
		max: 3_600_000,
		help: 'The sliding window the limit counts requests in.'
	},
	'cluster.nodeCount': {
		label: 'Netsplit demo nodes',
		unit: 'nodes',
		min: 2,
		max: 8,
		help: "How many nodes /cluster's netsplit demo starts (a, b, c…); a runs the workers."
	},
	'cluster.startupTimeout': {
		label: 'Node startup timeout',
		unit: 'ms',
		min: 1_000,
		max: 120_000,
		help: 'A cluster node not up within this fails to start, and its worker is ended.'
	},
	'supertester.defaultTimeout': {
		label: 'Default wait timeout',
		unit: 'ms',
		min: 10,
		max: 60_000,
		help:
			"The timeout of Supertester's waiting helpers and assertions in sandbox tests " +
			'(castAndSync, waitForProcessRestart…) when a call gives none; node-clock ms.'
	}
} satisfies Record<string, ConfigField>;

function int(path: ConfigPath) {
	const field: ConfigField = CONFIG_FIELDS[path];
	return z
		.number()
		.int()
		.min(field.min!)
		.max(field.max!)
		.describe(`${field.help}${field.unit ? ` In ${field.unit}.` : ''}`);
}

const AnalyticsConfig = z.strictObject({
	scanInterval: int('analytics.scanInterval'),
	maxEventsPerSupervisor: int('analytics.maxEventsPerSupervisor')
});
const SandboxesConfig = z.strictObject({
	maxSandboxes: int('sandboxes.maxSandboxes'),
	maxProcesses: int('sandboxes.maxProcesses')
});
/**
 * The REST clients' limit, as RateLimitOptions names it. It cannot be turned off here: the
 * app's own pages are never limited, and 100,000 a window is as good as none for a script.
 */
const RateLimitConfig = z.strictObject({
	limit: int('arsenal.rateLimit.limit'),
	windowMs: int('arsenal.rateLimit.windowMs')
});
const ArsenalConfig = z.strictObject({
	operationTimeout: int('arsenal.operationTimeout'),
	enableTelemetry: z.boolean().describe(CONFIG_FIELDS['arsenal.enableTelemetry'].help),
	rateLimit: RateLimitConfig
});
const ClusterConfig = z.strictObject({
	nodeCount: int('cluster.nodeCount'),
	startupTimeout: int('cluster.startupTimeout')
});
const SupertesterConfig = z.strictObject({
	defaultTimeout: int('supertester.defaultTimeout')
});

export const SystemConfigSchema = z.strictObject({
	analytics: AnalyticsConfig,
	sandboxes: SandboxesConfig,
	arsenal: ArsenalConfig,
	cluster: ClusterConfig,
	supertester: SupertesterConfig
});

export type SystemConfig = z.output<typeof SystemConfigSchema>;

/** The original's defaults (its config.exs, Supertester's and distributed_testing's). */
export const DEFAULT_CONFIG: SystemConfig = Object.freeze({
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

/** A change: any of the settings, at any depth; an unknown key is a 422 naming it. */
export const SystemConfigPatchSchema = z.strictObject({
	analytics: AnalyticsConfig.partial().optional(),
	sandboxes: SandboxesConfig.partial().optional(),
	arsenal: z
		.strictObject({
			operationTimeout: ArsenalConfig.shape.operationTimeout.optional(),
			enableTelemetry: ArsenalConfig.shape.enableTelemetry.optional(),
			rateLimit: RateLimitConfig.partial().optional()
		})
		.optional(),
	cluster: ClusterConfig.partial().optional(),
	supertester: SupertesterConfig.partial().optional()
});

export type SystemConfigPatch = z.input<typeof SystemConfigPatchSchema>;

/** What a change (or a reset) answers. */
export const ConfigUpdateOut = z.object({
	config: SystemConfigSchema,
	applied: z
		.array(z.string())
		.describe('The settings that changed and took effect at once (dotted paths).'),
	restartRequired: z
		.array(z.string())
		.describe('The settings that changed and reach only what starts after the change.'),
	message: z.string().describe('What was applied, and what needs a restart of what.'),
	saved: z
		.boolean()
		.describe(
			'Whether the settings were saved for the next visit (IndexedDB); else kept until a reload.'
		)
});
export type ConfigUpdateOut = z.output<typeof ConfigUpdateOut>;

/** The settings as the runtime worker keeps them (system/config.ts). */
export interface ConfigService {
	get(): SystemConfig;
	update(patch: SystemConfigPatch): Promise<ConfigUpdateOut>;
	reset(): Promise<ConfigUpdateOut>;
}

export function requireConfig(ctx: ArsenalContext): ConfigService {
	if (!ctx.config) {
		throw new ArsenalError('unavailable', 'This node keeps no system settings.', {
			node: ctx.nodes[0]?.node.name ?? null
		});
	}
	return ctx.config;
}

/** The value at the dotted `path` in `source` (a config, a change, a stored value), if any. */
export function valueAt(source: unknown, path: string): unknown {
	let value = source;
	for (const key of path.split('.')) {
		if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/** The value at `path` in `config`. */
export function configValue(config: SystemConfig, path: ConfigPath): number | boolean {
	return valueAt(config, path) as number | boolean;
}

/** Every setting's path, in the page's order. */
export const CONFIG_PATHS = Object.keys(CONFIG_FIELDS) as ConfigPath[];
