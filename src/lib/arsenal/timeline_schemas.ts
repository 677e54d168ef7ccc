/**
 * What the timeline operations share: a timeline event as it crosses (pids as `'<N.I.0>'`
 * text, no message bodies), a node's state at a moment, a replay's inputs and answer, and the
 * service the system node offers them through (`ArsenalContext.timeline`, implemented in
 * system/timeline/). Any thread.
 */
import { z } from 'zod';
import { ArsenalError } from './errors';
import type { ArsenalContext } from './context';

/** What a message was, as far as the runtime's envelopes tell: no body is kept. */
export const MESSAGE_KINDS = ['call', 'reply', 'cast', 'info', 'exit', 'down'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

const pidText = z.string().describe('A pid, <N.I.0>.');
const at = z.number().describe('Node-clock ms.');

/** A process's info as the timeline sampled it (about once a second). */
export const Sample = z.object({
	module: z.string().optional(),
	behaviour: z.string().optional(),
	name: z.string().optional(),
	status: z.string(),
	messageQueueLen: z.number().int(),
	memory: z.number().int().describe('Bytes (an estimate).')
});
export type Sample = z.infer<typeof Sample>;

export const TimelineEvent = z.discriminatedUnion('type', [
	z.object({ type: z.literal('spawn'), pid: pidText, parent: pidText.optional(), at }),
	z.object({ type: z.literal('exit'), pid: pidText, reason: z.string(), at }),
	z.object({ type: z.enum(['link', 'unlink']), a: pidText, b: pidText, at }),
	z.object({ type: z.enum(['register', 'unregister']), pid: pidText, name: z.string(), at }),
	z.object({
		type: z.literal('restart'),
		supervisor: pidText,
		childId: z.string(),
		oldPid: pidText.optional(),
		newPid: pidText.optional(),
		reason: z.string(),
		intensity: z.number().int().optional(),
		period: z.number().optional().describe('Seconds.'),
		count: z.number().int().describe('Restarts this event stands for (a sandbox coalesces).'),
		counted: z
			.literal(false)
			.optional()
			.describe(
				'Present for a sibling restarted along with the child that exited (one_for_all, rest_for_one): OTP counts one restart per exit against the intensity.'
			),
		at
	}),
	z.object({
		type: z.literal('report'),
		kind: z.enum(['crash', 'supervisor']),
		pid: pidText.optional(),
		at
	}),
	z.object({
		type: z.literal('send'),
		from: pidText.optional().describe('Absent for a send from outside any process.'),
		to: pidText,
		kind: z.enum(MESSAGE_KINDS),
		at
	}),
	z.object({ type: z.literal('receive'), pid: pidText, kind: z.enum(MESSAGE_KINDS), at }),
	z
		.object({
			type: z.literal('messages'),
			sent: z.number().int(),
			received: z.number().int(),
			at
		})
		.describe("A sandbox's messages over one trace batch: counted, not one by one."),
	z.object({ type: z.literal('sample'), pid: pidText, sample: Sample, at }),
	z
		.object({
			type: z.enum(['nodeup', 'nodedown']),
			node: z.string(),
			reason: z.string().optional(),
			at
		})
		.describe("A cluster node's connection to `node` came up or went down."),
	z
		.object({ type: z.literal('reset'), at })
		.describe("The node's worker started again: every process before it is gone.")
]);
export type TimelineEvent = z.infer<typeof TimelineEvent>;

/** A held event with its place in the node's timeline. */
export const NumberedEvent = z.object({ seq: z.number().int(), event: TimelineEvent });
export type NumberedEvent = z.infer<typeof NumberedEvent>;

/** What a timeline holds: the moments it can rebuild, and how many events. */
export const TimelineRange = z.object({
	node: z.string(),
	from: z.number().describe('The oldest moment it can rebuild (node-clock ms).'),
	to: z.number().describe("The node's clock now."),
	events: z.number().int().describe('Events held.'),
	firstSeq: z.number().int().describe('The seq of the oldest event held.'),
	evicted: z.number().int().describe('Events dropped from the ring to make room.')
});
export type TimelineRange = z.infer<typeof TimelineRange>;

export const TimelineProcess = z.object({
	pid: pidText,
	parent: pidText.optional().describe('The process that spawned it (a supervisor its children).'),
	name: z.string().optional(),
	supervisor: pidText.optional().describe('The supervisor that restarted it, if one did.'),
	childId: z.string().optional().describe('Its child id there (restart events name it).'),
	links: z.array(pidText),
	sample: Sample.extend({ at }).optional().describe('Its last sample up to the moment.')
});

export const Gauge = z.object({
	supervisor: pidText,
	name: z.string().optional(),
	restarts: z.number().int().describe('Restarts within its period before the moment.'),
	intensity: z.number().int().optional(),
	period: z.number().optional().describe('Seconds.'),
	use: z.number().optional().describe('restarts ÷ intensity: 1 means one more and it gives up.')
});

export const TimelineMoment = z.object({
	at: z.number().describe('The moment rebuilt (the one asked, clamped to the range).'),
	clamped: z
		.enum(['before', 'after'])
		.optional()
		.describe('The moment asked was before the oldest held or after now.'),
	range: TimelineRange,
	appliedSeq: z.number().int().describe('Events up to (not including) this seq are in the state.'),
	previous: z
		.object({ seq: z.number().int(), at })
		.optional()
		.describe('The last event at or before the moment: step back.'),
	next: z
		.object({ seq: z.number().int(), at })
		.optional()
		.describe('The first event after the moment: step forward.'),
	processes: z.array(TimelineProcess),
	gauges: z.array(Gauge)
});
export type TimelineMoment = z.infer<typeof TimelineMoment>;

/** The longest recording a replay runs, in virtual ms, and the most inputs. */
export const MAX_REPLAY_MS = 600_000;
export const MAX_REPLAY_INPUTS = 1_000;

const processName = z.string().min(1).max(200).describe('A registered name: Demo.Counter.');

export const ReplayAction = z.discriminatedUnion('kind', [
	z.strictObject({
		kind: z.literal('kill'),
		name: processName,
		reason: z.string().min(1).max(200).default('kill')
	}),
	z.strictObject({
		kind: z.literal('send'),
		name: processName,
		type: z.enum(['send', 'cast', 'call']).default('send'),
		message: z.json()
	}),
	z.strictObject({
		kind: z.literal('fault'),
		name: processName,
		fault: z.discriminatedUnion('kind', [
			z.strictObject({ kind: z.enum(['crash', 'throw']), reason: z.string().min(1).max(200) }),
			z.strictObject({
				kind: z.literal('delay'),
				count: z.number().int().min(1).max(1000),
				ms: z.number().int().min(1).max(60_000)
			}),
			z.strictObject({ kind: z.literal('drop'), count: z.number().int().min(1).max(1000) })
		])
	})
]);
export type ReplayAction = z.infer<typeof ReplayAction>;

export const ReplayInput = z.strictObject({
	at: z.number().int().min(0).max(MAX_REPLAY_MS).describe('When, on the virtual node clock (ms).'),
	action: ReplayAction
});
export type ReplayInput = z.infer<typeof ReplayInput>;

/** A run to replay: the demo application from its start, with a seed and the learner's inputs. */
export interface Recording {
	seed: number;
	program: 'demo';
	inputs: ReplayInput[];
	durationMs: number;
}

export const ReplayOutcome = z.object({
	identical: z.boolean(),
	events: z.number().int().describe("Events in the replay's log."),
	digest: z.string().describe("SHA-256 of the replay's log, hex."),
	referenceDigest: z.string().describe('SHA-256 of the log it was compared with.'),
	firstDifference: z
		.object({
			index: z.number().int(),
			reference: TimelineEvent.nullable().describe('null: the reference log ended there.'),
			replay: TimelineEvent.nullable().describe("null: the replay's log ended there.")
		})
		.optional()
		.describe('Where the logs first differ (only when both logs were recorded here).'),
	seed: z.number().int(),
	durationMs: z.number().int(),
	inputs: z.array(ReplayInput)
});
export type ReplayOutcome = z.infer<typeof ReplayOutcome>;

/** The timelines of the system node and of every sandbox node, as the operations use them. */
export interface TimelineService {
	/** The node a request without `node` means: the system node. */
	readonly defaultNode: string;
	/** The names of the nodes with a timeline. */
	nodes(): string[];
	/** The state of `node` at node-clock `at`; undefined for a node without a timeline. */
	moment(node: string, at: number): TimelineMoment | undefined;
	/** What `node`'s timeline holds; undefined for a node without one. */
	range(node: string): TimelineRange | undefined;
	/** The events with `from` ≤ at ≤ `to`, `limit` of them from the `offset`-th, and how many. */
	events(
		node: string,
		query: { from: number; to: number; offset: number; limit: number }
	): { events: NumberedEvent[]; total: number } | undefined;
	/** The kills, faults and sends done through Arsenal on demo processes, oldest first. */
	recordedInputs(): ReplayInput[];
	/** Runs `recording`; against `referenceDigest` once, or twice and compared. */
	replay(recording: Recording, referenceDigest?: string): Promise<ReplayOutcome>;
}

/** The timelines, or 404 where the context has none. */
export function requireTimeline(ctx: ArsenalContext): TimelineService {
	if (!ctx.timeline) {
		throw new ArsenalError('not_found', 'This node keeps no timeline.', { operation: 'timeline' });
	}
	return ctx.timeline;
}

/** 404 naming the nodes that have a timeline. */
export function unknownTimelineNode(service: TimelineService, node: string): never {
	throw new ArsenalError(
		'not_found',
		`No timeline for a node named '${node}'; the nodes are ${service.nodes().join(', ')}.`,
		{ node }
	);
}
