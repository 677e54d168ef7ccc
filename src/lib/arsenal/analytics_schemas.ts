/**
 * What the analytics operations share: a restart record, a supervisor's figures, the export
 * file, and the service they reach the AnalyticsServer through (system/analytics/server.ts).
 * Any thread: the pages read these types, the runtime worker validates imports with them.
 */
import { z } from 'zod';
import type { ArsenalContext } from './context';
import { ArsenalError } from './errors';

/** The file format an export declares, and the newest version this build reads. */
export const EXPORT_FORMAT = 'superlearner.analytics';
export const EXPORT_VERSION = 1;

/** Arsenal's own action that made a restart happen; a restart without one was a crash. */
export const Cause = z.strictObject({
	operation: z.string().max(100).describe("The operation: 'kill_process', 'inject_fault'…"),
	via: z.enum(['rest', 'page']).describe('Asked over REST, or by one of the app’s pages.'),
	clientId: z.string().max(200).optional().describe('The REST client that asked.')
});
export type Cause = z.infer<typeof Cause>;

const pidText = z.string().regex(/^<\d+\.\d+\.\d+>$/, { error: 'A pid like <0.42.0>' });

/** One child restarted by its supervisor, as analytics keeps it. */
export const RestartRecord = z.strictObject({
	at: z.number().int().nonnegative().describe('Epoch ms.'),
	node: z.string().min(1).max(200),
	supervisor: pidText,
	supervisorName: z.string().max(1_000).optional().describe('Its registered name, when known.'),
	childId: z.string().max(1_000),
	oldPid: pidText.optional(),
	newPid: pidText.optional(),
	reason: z.json().describe('The exit reason, as bounded JSON.'),
	reasonText: z.string().max(4_000).describe('The reason in one line, for people.'),
	cause: Cause.optional(),
	intensity: z.number().int().nonnegative().optional(),
	period: z.number().positive().optional().describe('Seconds.'),
	counted: z
		.literal(false)
		.optional()
		.describe(
			'Present for a sibling restarted along with the child that exited (one_for_all, rest_for_one): it counts as a restart of the supervisor, not against its intensity.'
		)
});
export type RestartRecord = z.infer<typeof RestartRecord>;

/** An export file: everything analytics holds, to be imported again. */
export const AnalyticsExport = z.strictObject({
	format: z.literal(EXPORT_FORMAT, {
		error: `Not a SuperLearner analytics export (format must be '${EXPORT_FORMAT}')`
	}),
	version: z
		.number()
		.int()
		.min(1)
		.max(EXPORT_VERSION, {
			error: `From a newer SuperLearner (this one reads version ${EXPORT_VERSION})`
		}),
	exportedAt: z.number().int().nonnegative().describe('Epoch ms.'),
	records: z.array(RestartRecord).max(200_000)
});
export type AnalyticsExport = z.infer<typeof AnalyticsExport>;

/** Whether restarts are written to IndexedDB; `memory`: kept only until the tab closes. */
export const PersistenceStatus = z.object({
	status: z.enum(['saved', 'memory']),
	reason: z.string().optional().describe('Why it is not being saved.')
});
export type PersistenceStatus = z.infer<typeof PersistenceStatus>;

export const SupervisorStats = z.object({
	node: z.string(),
	supervisor: z.string(),
	name: z.string().optional(),
	alive: z.boolean().describe('Whether it runs now.'),
	restarts: z.object({
		total: z.number().int().describe('Every restart seen, including those past retention.'),
		kept: z.number().int().describe('Restart records kept (maxEventsPerSupervisor at most).'),
		lastMinute: z.number().int()
	}),
	reasons: z
		.array(z.object({ reason: z.string(), count: z.number().int() }))
		.describe('Crash reasons of the kept records, most frequent first.'),
	intensity: z
		.object({
			intensity: z.number().int(),
			period: z.number(),
			restartsInWindow: z.number().int(),
			use: z.number().describe('restartsInWindow ÷ intensity: 1 is the limit.')
		})
		.nullable()
		.describe("The restart-intensity window now; null before the supervisor's first restart."),
	intensitySeries: z
		.array(z.object({ at: z.number(), use: z.number() }))
		.describe('At each kept restart, the window’s use just after it (for a chart).'),
	lastRestartAt: z.number().nullable().describe('Epoch ms.'),
	sinceLastRestartMs: z.number().nullable(),
	gaveUp: z
		.object({ at: z.number(), reason: z.string() })
		.nullable()
		.describe('Set when it exited after reached_max_restart_intensity.')
});
export type SupervisorStats = z.infer<typeof SupervisorStats>;

/** Which restarts to list; times are epoch ms. */
export interface RestartFilter {
	supervisor?: string;
	node?: string;
	since?: number;
	until?: number;
	reason?: string;
}

/** Counts of the telemetry events the analytics page shows beside the operations' figures. */
export const EventCounts = z.object({
	sandboxesCreated: z.number().int(),
	sandboxesDestroyed: z.number().int(),
	processesKilled: z.number().int(),
	restartsDetected: z.number().int()
});
export type EventCounts = z.infer<typeof EventCounts>;

/** SuperLearner.Telemetry's figures of one operation (system/application.ts keeps them). */
export const OperationStats = z.object({
	started: z.number().int(),
	succeeded: z.number().int(),
	failed: z.number().int(),
	totalMs: z.number().describe('Time spent in the calls that ended.'),
	maxMs: z.number(),
	errors: z.record(z.string(), z.number().int()).describe('Error codes, with counts.')
});

export const TelemetryFigures = z.object({
	operations: z.record(z.string(), OperationStats).describe('By operation name.'),
	events: EventCounts
});
export type TelemetryFigures = z.infer<typeof TelemetryFigures>;

/** What the analytics operations ask the AnalyticsServer. */
export interface AnalyticsService {
	/** The figures of every supervisor with history, live or dead. */
	supervisors(): Promise<SupervisorStats[]>;
	/** Matching records, newest first. */
	restarts(filter: RestartFilter): Promise<RestartRecord[]>;
	exportAll(): Promise<AnalyticsExport>;
	/** Merges the records, skipping those already kept; answers how many were new. */
	importAll(file: AnalyticsExport): Promise<{ imported: number; duplicates: number }>;
	clear(): Promise<{ cleared: number }>;
	persistence(): Promise<PersistenceStatus>;
	/** Arsenal's operations as SuperLearner.Telemetry counts them, and the events analytics counts. */
	telemetry(): Promise<TelemetryFigures>;
}

/** The analytics service, or 503 where there is none (a node without an AnalyticsServer). */
export function requireAnalytics(ctx: ArsenalContext): AnalyticsService {
	if (!ctx.analytics) {
		throw new ArsenalError('unavailable', 'This node keeps no analytics.', {
			process: 'SuperLearner.AnalyticsServer'
		});
	}
	return ctx.analytics;
}
