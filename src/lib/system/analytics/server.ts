/**
 * SuperLearner.AnalyticsServer: the GenServer that owns analytics on the system node, a child
 * of SuperLearner.Supervisor (so it shows in the tree, and Arsenal guards it). Its `init`
 * attaches the listeners (intake.ts) to the Analytics its SystemHost keeps, replacing those of
 * the server before it; it writes new records to IndexedDB a batch at a time, at most every
 * {@link PERSIST_INTERVAL_MS}, on a timer message; and it answers the analytics operations
 * (through {@link AnalyticsClient}): figures, history, export, import, clear. Runtime worker.
 *
 * A server that dies loses nothing: the history is the Analytics', and its listeners keep
 * recording until the next server replaces them.
 */
import {
	GenServer,
	type ChildSpec,
	type GenServerModule,
	type Node,
	type ProcessContext
} from '$lib/runtime';
import { callSystemServer } from '$lib/system/system_call';
import {
	EXPORT_FORMAT,
	EXPORT_VERSION,
	type AnalyticsExport,
	type AnalyticsService,
	type EventCounts,
	type PersistenceStatus,
	type RestartFilter,
	type RestartRecord,
	type SupervisorStats,
	type TelemetryFigures
} from '$lib/arsenal/analytics_schemas';
import { TELEMETRY_SERVER } from '../application';
import type { Analytics } from './analytics';
import { listen, type IntakeSources } from './intake';
import { emptyStats, historyStats } from './stats';
import { supervisorKey } from './store';

export const ANALYTICS_SERVER = 'SuperLearner.AnalyticsServer';
/** The shortest time between two writes to IndexedDB. */
export const PERSIST_INTERVAL_MS = 250;

export interface AnalyticsServerArgs extends Omit<IntakeSources, 'onRecorded'> {
	analytics: Analytics;
}

/** A supervisor running now, as the operations find them on every node. */
export interface LiveSupervisor {
	node: string;
	supervisor: string;
	name?: string;
}

type Request =
	| ['supervisors', LiveSupervisor[]]
	| ['restarts', RestartFilter]
	| ['export']
	| ['import', AnalyticsExport]
	| ['clear']
	| ['persistence']
	| ['counts'];

interface State {
	args: AnalyticsServerArgs;
	/** Whether a write is scheduled; shared with the listener that asks for one. */
	schedule: { armed: boolean };
}

const PERSIST = 'persist';
const FLUSH = 'flush';

export const AnalyticsServer: GenServerModule<State, AnalyticsServerArgs> = {
	name: ANALYTICS_SERVER,
	init(args, ctx) {
		const { node, self } = ctx;
		const schedule = { armed: false };
		const askForWrite = () => {
			if (schedule.armed) return;
			schedule.armed = true;
			node.cast(self, PERSIST);
		};
		args.analytics.attach(listen(args.analytics, { ...args, onRecorded: askForWrite }));
		// What the last server (or the last node) recorded and did not write yet.
		if (args.analytics.store.pending > 0) askForWrite();
		return ['ok', { args, schedule }];
	},
	handleCast(message, state, ctx) {
		if (message === PERSIST) sendAfter(ctx, PERSIST_INTERVAL_MS, FLUSH);
		return ['noreply', state];
	},
	handleInfo(message, state, ctx) {
		if (message !== FLUSH) return ['noreply', state];
		const { analytics } = state.args;
		// One transaction at a time: a slow disk makes the batches larger, not more.
		if (analytics.writing) sendAfter(ctx, PERSIST_INTERVAL_MS, FLUSH);
		else {
			void analytics.persist();
			state.schedule.armed = false;
		}
		return ['noreply', state];
	},
	async handleCall(request, _from, state) {
		const [kind, arg] = request as Request;
		const { analytics, epochNow } = state.args;
		switch (kind) {
			case 'supervisors':
				return ['reply', supervisorsStats(analytics, arg, epochNow()), state];
			case 'restarts':
				return ['reply', analytics.store.restarts(arg), state];
			case 'export':
				return ['reply', exportOf(analytics.store.all(), epochNow()), state];
			case 'import': {
				const imported = analytics.store.merge(arg.records);
				await analytics.persist();
				return ['reply', { imported, duplicates: arg.records.length - imported }, state];
			}
			case 'clear':
				return ['reply', { cleared: await analytics.clear() }, state];
			case 'persistence':
				return ['reply', analytics.persistence, state];
			case 'counts':
				return ['reply', { ...analytics.counts }, state];
		}
	}
};

/** SuperLearner.Supervisor's child spec for the server, registered under its name. */
export function analyticsServerChild(args: AnalyticsServerArgs): ChildSpec {
	return GenServer.childSpec(AnalyticsServer, args, {
		start: (sup) => GenServer.startLink(sup, AnalyticsServer, args, { name: ANALYTICS_SERVER })
	});
}

/** Every live supervisor (zeros for those without history), then the dead ones with history. */
function supervisorsStats(
	analytics: Analytics,
	live: readonly LiveSupervisor[],
	now: number
): SupervisorStats[] {
	const seen = new Set<string>();
	const out: SupervisorStats[] = [];
	for (const s of live) {
		seen.add(supervisorKey(s.node, s.supervisor));
		const history = analytics.store.history(s.node, s.supervisor);
		const stats = history ? historyStats(history, now) : emptyStats(s.node, s.supervisor, s.name);
		out.push({ ...stats, ...(s.name !== undefined && { name: s.name }), alive: true });
	}
	for (const h of analytics.store.histories()) {
		if (seen.has(supervisorKey(h.node, h.supervisor))) continue;
		out.push({ ...historyStats(h, now), alive: false });
	}
	return out;
}

function exportOf(records: RestartRecord[], now: number): AnalyticsExport {
	return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now, records };
}

/** Sends `message` to the caller in `ms`: a linked process (the runtime has no send_after). */
function sendAfter(ctx: ProcessContext, ms: number, message: unknown): void {
	const owner = ctx.self;
	ctx.spawnLink(
		async (timer) => {
			await timer.sleep(ms);
			timer.send(owner, message);
		},
		{ label: `timer ${ms} ms` }
	);
}

/** The operations' way to the server; a server that is not there is a 503, being restarted. */
export class AnalyticsClient implements AnalyticsService {
	constructor(
		private readonly node: Node,
		/** The supervisors running now, on every node. */
		private readonly live: () => LiveSupervisor[]
	) {}

	supervisors(): Promise<SupervisorStats[]> {
		return this.#call(['supervisors', this.live()]);
	}

	restarts(filter: RestartFilter): Promise<RestartRecord[]> {
		return this.#call(['restarts', filter]);
	}

	exportAll(): Promise<AnalyticsExport> {
		return this.#call(['export']);
	}

	importAll(file: AnalyticsExport): Promise<{ imported: number; duplicates: number }> {
		return this.#call(['import', file]);
	}

	clear(): Promise<{ cleared: number }> {
		return this.#call(['clear']);
	}

	persistence(): Promise<PersistenceStatus> {
		return this.#call(['persistence']);
	}

	async telemetry(): Promise<TelemetryFigures> {
		const [operations, events] = await Promise.all([
			this.#call<TelemetryFigures['operations']>('stats', TELEMETRY_SERVER),
			this.#call<EventCounts>(['counts'])
		]);
		return { operations, events };
	}

	#call<T>(request: Request | 'stats', server = ANALYTICS_SERVER): Promise<T> {
		return callSystemServer<T>(this.node, server, request);
	}
}
