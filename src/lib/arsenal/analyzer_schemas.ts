/**
 * What the system analyzer's operations answer (`list_anomalies`, `list_bottlenecks`), and the
 * service they reach the analyzer through (system/analyzer/analyzer.ts). Any thread: the pages
 * read these types, the runtime worker fills them.
 */
import { z } from 'zod';
import type { ArsenalContext } from './context';
import { ArsenalError } from './errors';

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export const Severity = z.enum(SEVERITIES);
/** `critical`: something is failing now; `warning`: it will if it goes on; `info`: worth knowing. */
export type Severity = z.infer<typeof Severity>;

export const FINDING_KINDS = [
	'unsupervised',
	'mailbox_growing',
	'high_memory',
	'restart_storm',
	'intensity_near_limit',
	'gave_up',
	'call_deadlock',
	'call_timeouts'
] as const;
export const FindingKind = z.enum(FINDING_KINDS);
export type FindingKind = z.infer<typeof FindingKind>;

export const Finding = z.object({
	id: z
		.string()
		.describe('Stable while the condition lasts: the same id in every answer until it ends.'),
	kind: FindingKind,
	severity: Severity,
	node: z.string(),
	pid: z.string().optional().describe('The process it is about.'),
	name: z.string().optional().describe('Its registered name (or module, or label).'),
	supervisor: z.string().optional().describe('The supervisor it is about.'),
	path: z
		.string()
		.optional()
		.describe(
			"The supervisor's place in its tree, root name then child ids (Demo.Supervisor/Demo.Pipeline), where known."
		),
	title: z.string().describe('A few words.'),
	explanation: z.string().describe('What it means, in OTP terms.'),
	suggestion: z.string().describe('What to try.'),
	since: z.number().describe('Epoch ms: when it was first seen (or happened).'),
	figures: z
		.record(z.string(), z.union([z.number(), z.string(), z.array(z.string())]))
		.describe('The numbers behind it.')
});
export type Finding = z.infer<typeof Finding>;

/** A process as the bottleneck rankings show it. */
export const ProcessLoad = z.object({
	node: z.string(),
	pid: z.string(),
	name: z.string().optional().describe('Its registered name (or module, or label).'),
	queue: z.number().int().describe('Messages waiting in its mailbox.'),
	queueGrowth: z
		.number()
		.describe('Messages per second the queue grew by over the last samples (negative: draining).'),
	reductionsPerSecond: z.number().describe('Work done: handled messages and resumed awaits.'),
	memory: z.number().int().describe('Bytes (an estimate of queue and state).')
});
export type ProcessLoad = z.infer<typeof ProcessLoad>;

/** A process blocked in a `GenServer.call`. */
export const CallWait = z.object({
	node: z.string(),
	pid: z.string(),
	name: z.string().optional(),
	waitingOn: z.string().describe('The server it called.'),
	waitingOnName: z.string().optional(),
	forMs: z.number().describe('How long it has waited, ms.')
});
export type CallWait = z.infer<typeof CallWait>;

export const Bottlenecks = z.object({
	byQueue: z.array(ProcessLoad).describe('Longest mailboxes first (then fastest growing).'),
	byReductions: z.array(ProcessLoad).describe('Busiest first.'),
	byMemory: z.array(ProcessLoad).describe('Largest first.'),
	waiting: z
		.array(CallWait)
		.describe('Processes waiting on a call, longest wait first (the system node only).')
});
export type Bottlenecks = z.infer<typeof Bottlenecks>;

/** The analyzer as operations reach it. */
export interface AnalyzerService {
	/** The names of the nodes it watches. */
	nodes(): string[];
	/** The findings of the last sample, most severe first. */
	findings(): Finding[];
	/** The top `limit` of each ranking, of one node or of all. */
	bottlenecks(limit: number, node?: string): Bottlenecks;
}

/** The analyzer, or 404 where none runs. */
export function analyzer(ctx: ArsenalContext): AnalyzerService {
	if (!ctx.analyzer) throw new ArsenalError('not_found', 'This node runs no analyzer.');
	return ctx.analyzer;
}

/** 404 naming the nodes there are, unless `node` is one of them. */
export function requireWatchedNode(service: AnalyzerService, node: string | undefined): void {
	if (node === undefined) return;
	const names = service.nodes();
	if (!names.includes(node)) {
		throw new ArsenalError(
			'not_found',
			`No node named '${node}'; the nodes are ${names.join(', ') || 'none'}.`,
			{ node }
		);
	}
}
