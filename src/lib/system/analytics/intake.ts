/**
 * Where analytics listens, in the runtime worker: the system node's trace, every sandbox node's
 * trace batches, Arsenal's operations (the actions that cause restarts) and the telemetry events
 * the analytics page counts. The system node's events are made plain data as a sandbox's are
 * (`toObserverEvent`), so both take `Analytics.observe`; the AnalyticsServer attaches this in
 * its `init`, replacing its predecessor's listeners.
 */
import type { Node, TraceEvent } from '$lib/runtime';
import type { Telemetry } from '$lib/arsenal/telemetry';
import type { RestartRecord } from '$lib/arsenal/analytics_schemas';
import { toObserverEvent } from '$lib/stream/event_batcher';
import type { SandboxTable } from '$lib/system/sandboxes/table';
import type { Analytics, NameOf } from './analytics';
import type { ActionTarget } from './causes';

/** The telemetry handler ids: one set attached at a time, whichever server runs. */
const ACTIONS_HANDLER = 'SuperLearner.AnalyticsServer.actions';
const COUNTS_HANDLER = 'SuperLearner.AnalyticsServer.counts';
export const RESTART_DETECTED = 'superlearner.analytics.restart_detected';

/**
 * The operations whose action a restart may follow, and what their parameters name: `pid` the
 * process that exits, or (`child`) `pid` the supervisor and `id` its child.
 */
const CAUSING_OPERATIONS: Record<string, 'process' | 'child'> = {
	kill_process: 'process',
	inject_fault: 'process',
	restart_child: 'child',
	terminate_child: 'child'
};

const COUNTED: Record<string, keyof Analytics['counts']> = {
	'superlearner.sandbox.created': 'sandboxesCreated',
	'superlearner.sandbox.destroyed': 'sandboxesDestroyed'
};
/** Processes killed are Arsenal's kills that ended (operations carry no telemetry to emit with). */
const OPERATION_STOP = 'arsenal.operation.stop';

export interface IntakeSources {
	node: Node;
	table: SandboxTable;
	telemetry: Telemetry;
	/** Epoch ms now. */
	epochNow: () => number;
	/** A pid text or a registered name → the live process's node and canonical pid. */
	resolve: (text: string) => { node: string; pid: string } | undefined;
	nameOf: NameOf;
	/** Told when a delivery changed a history, with the records it added (the server schedules the write). */
	onRecorded: (records: RestartRecord[]) => void;
}

/** Attaches every listener; answers the way to detach them all. */
export function listen(analytics: Analytics, src: IntakeSources): () => void {
	const { node, telemetry, epochNow, nameOf } = src;
	const recorded = (records: RestartRecord[]) => {
		for (const r of records) {
			telemetry.execute(
				RESTART_DETECTED,
				{ count: 1 },
				{ node: r.node, supervisor: r.supervisor, childId: r.childId, reason: r.reasonText }
			);
		}
		// Restarts, and how a supervisor with history ended (an exit, a give-up), are written.
		if (analytics.store.pending > 0) src.onRecorded(records);
	};
	const offTrace = node.onTrace((e) => {
		if (!mattersToAnalytics(analytics, node.name, e)) return;
		const event = toObserverEvent(e, node.name);
		if (!event) return;
		const now = epochNow();
		const nodeNow = node.now();
		recorded(analytics.observe(node.name, [event], (at) => now - (nodeNow - at), nameOf));
	});
	const offBatches = src.table.onBatch((name, batch) => {
		const now = epochNow();
		recorded(analytics.observe(name, batch.events, (at) => now - (batch.now - at), nameOf));
	});
	telemetry.detach(ACTIONS_HANDLER);
	telemetry.attach(ACTIONS_HANDLER, 'arsenal.operation.start', (_event, _m, metadata) => {
		const target = targetOf(metadata, src.resolve);
		if (!target) return;
		const { clientId } = metadata;
		const rest = typeof clientId === 'string';
		analytics.actions.note({
			target,
			cause: {
				operation: String(metadata.operation),
				via: rest ? 'rest' : 'page',
				...(rest && { clientId })
			},
			at: epochNow()
		});
	});
	telemetry.detach(COUNTS_HANDLER);
	telemetry.attach(COUNTS_HANDLER, [...Object.keys(COUNTED), OPERATION_STOP], (event, _m, meta) => {
		if (event !== OPERATION_STOP) analytics.counts[COUNTED[event]]++;
		else if (meta.operation === 'kill_process') analytics.counts.processesKilled++;
	});
	return () => {
		offTrace();
		offBatches();
		telemetry.detach(ACTIONS_HANDLER);
		telemetry.detach(COUNTS_HANDLER);
	};
}

/**
 * Whether the system node's event is one analytics reads: cheap checks first, so that the
 * events of every process do not become plain data (exits: only supervisors with history).
 */
function mattersToAnalytics(analytics: Analytics, node: string, e: TraceEvent): boolean {
	switch (e.type) {
		case 'restart':
			return true;
		case 'exit':
		case 'register':
			return analytics.store.knows(node, String(e.pid));
		case 'report':
			return e.report.kind === 'supervisor' && e.report.errorContext === 'shutdown';
		default:
			return false;
	}
}

/** What a causing operation acts on, from its start event's parsed parameters. */
function targetOf(
	metadata: Record<string, unknown>,
	resolve: IntakeSources['resolve']
): ActionTarget | undefined {
	const kind = CAUSING_OPERATIONS[String(metadata.operation)];
	const params = metadata.params as { pid?: unknown; id?: unknown } | undefined;
	if (!kind || typeof params?.pid !== 'string') return undefined;
	const found = resolve(params.pid);
	if (!found) return undefined;
	if (kind === 'process') return found;
	return typeof params.id === 'string' ? { ...found, childId: params.id } : undefined;
}
