/**
 * What the observer pages receive from the runtime worker: trace events as plain data, a batch
 * per animation frame at most. Pids are `'<N.I.0>'` strings and exit reasons are JSON (the
 * Arsenal serializer's form), so a batch crosses threads with structured clone alone.
 *
 * Messages themselves do not travel: `send` and `receive` events are counted per batch, which
 * is what the message rate needs, and keeps a busy node from flooding the page.
 */
import type { ReportOut } from '$lib/arsenal/reports';
import type { Json } from '$lib/arsenal/serialize';

/** Names and child ids are the learner's strings: a page needs no more of one than this. */
export const NAME_LIMIT = 1_000;

/** A trace event as it crosses to the page. */
export type ObserverEvent =
	| { type: 'spawn'; pid: string; parent?: string; at: number }
	| { type: 'exit'; pid: string; reason: Json; at: number }
	| { type: 'link' | 'unlink'; a: string; b: string; at: number }
	| { type: 'register' | 'unregister'; pid: string; name: string; at: number }
	| {
			type: 'restart';
			supervisor: string;
			childId: string;
			oldPid?: string;
			newPid?: string;
			reason: Json;
			at: number;
			/** The supervisor's flags when it restarted (absent from a node of an older build). */
			intensity?: number;
			/** Seconds. */
			period?: number;
			/** False for a sibling restarted along with the child that exited (see TraceEvent). */
			counted?: boolean;
			/**
			 * How many restarts of this child the event stands for (1 when absent): a relay that
			 * coalesces a child's restarts within one delivery sends the first old pid, the last
			 * new one, the last reason and time, and this count.
			 */
			count?: number;
	  }
	/** A crash or supervisor report (see arsenal/reports.ts). */
	| { type: 'report'; report: ReportOut; at: number }
	/**
	 * A cluster node's connection to `node` came up or went down (lib/distribution): a node
	 * joining, a partition or its heal, a node gone.
	 */
	| { type: 'nodeup' | 'nodedown'; node: string; reason?: string; at: number };

/** The events of one node over one frame (or longer, while the page was busy). */
export interface EventBatch {
	/** 1, 2, 3… within one subscription: a page can tell a fresh subscription from a gap. */
	seq: number;
	/** The node the events come from. */
	node: string;
	/** The node clock (ms) when the batch was cut: events' `at` are on the same clock. */
	now: number;
	/** In the order the node emitted them. */
	events: ObserverEvent[];
	/** Messages sent (the `send` trace events) since the previous batch. */
	sent: number;
	/** Messages taken from a mailbox (the `receive` trace events) since the previous batch. */
	received: number;
	/**
	 * Events left out because the batch was full: the page has missed something and should
	 * read its snapshots again.
	 */
	dropped: number;
	/**
	 * Crash and supervisor reports past the burst limit (REPORT_BURST_LIMIT a second, as OTP's
	 * logger handlers drop past `burst_limit_max_count`), left out since the previous batch.
	 */
	reportsDropped?: number;
}

/** Reports a node's stream carries in one second at most; a restart storm's others are counted. */
export const REPORT_BURST_LIMIT = 500;

/** A restart the node made before the page subscribed, to seed "restarts in the last minute". */
export type PastRestart = Extract<ObserverEvent, { type: 'restart' }>;

/** What `subscribe` answers at once, before the first batch. */
export interface Subscription {
	/** Hands back to `unsubscribe`. */
	id: number;
	node: string;
	/** The node clock (ms) when the subscription began. */
	now: number;
	/** Restarts of the last minute, oldest first. */
	recentRestarts: PastRestart[];
}
