/**
 * The system node's runtime as the runtime worker hosts it: a runtime node running
 * SuperLearner.Supervisor and the demo application, Arsenal's registry over it, and the two
 * ways in — `execute` for the app's pages (over comlink) and `handle` for REST requests (from
 * the service worker, rate limited per client).
 *
 * ```ts
 * const system = await startSystemRuntime({ clock: 'virtual' });
 * await system.execute('list_processes', { perPage: 5 });
 * await system.handle({ method: 'GET', url: '/api/v1/system/health', headers: {}, body: null });
 * ```
 */
import { createNode, type ChildSpec, type Node } from '$lib/runtime';
import type { ArsenalNode, ReportSource, SystemHealth } from '$lib/arsenal/context';
import { operations } from '$lib/arsenal/operations';
import { handle } from '$lib/arsenal/http';
import type { ApiRequest, ApiResponse } from '$lib/arsenal/protocol';
import type { RateLimitOptions } from '$lib/arsenal/rate_limit';
import { OperationRegistry, type Executed, type ExecutionContext } from '$lib/arsenal/registry';
import { telemetry as appTelemetry, type Telemetry } from '$lib/arsenal/telemetry';
import { Subscriptions } from '$lib/stream/subscriptions';
import { startDemoApp, type DemoApp, type DemoOptions } from './demo_app';
import { ProcessIndex } from '$lib/stream/process_index';
import { RestartLog } from '$lib/stream/restart_log';
import { logReports, ReportLog } from '$lib/stream/reports';
import {
	sandboxMaxProcesses,
	sandboxManagerChild,
	SandboxManagerClient,
	type SandboxManagerOptions
} from '$lib/system/sandboxes/manager';
import { SandboxTable } from '$lib/system/sandboxes/table';
import { startSystemApp, SystemPids } from './application';
import { Analyzer } from './analyzer/analyzer';
import { MessageTracer } from '$lib/stream/tracer/tracer';
import { Analytics } from './analytics/analytics';
import { nodeLookups } from './analytics/lookups';
import { AnalyticsClient, analyticsServerChild } from './analytics/server';
import { InputRecorder } from './timeline/inputs';
import { Timelines } from './timeline/service';
import { nodeTimeline, SandboxTimelines } from './timeline/sources';
import { ClusterMembers } from './cluster/members';
import { stateManagerChild } from './cluster/state_manager';
import { simulatorChild } from './cluster/simulator';
import { ClusterClient } from './cluster/client';
import { describeSystemNode } from './cluster/views';
import type { SystemSettings } from './config';

export const SYSTEM_NODE_NAME = 'system@superlearner';

/** What a page learns about a node. */
export interface NodeInfo {
	name: string;
	/** The node number pids carry: `<0.45.0>` lives on node 0. */
	number: number;
	/** When the node started, in milliseconds since the epoch. */
	startedAt: number;
	uptimeMs: number;
}

export interface SystemRuntimeOptions {
	clock?: 'real' | 'virtual';
	/** Options of the demo application; `false` starts none. */
	demo?: DemoOptions | false;
	telemetry?: Telemetry;
	/**
	 * The system's settings (its SystemHost's): they set the operations' timeout, telemetry and
	 * rate limit, analytics' retention, the sandboxes' and cluster nodes' limits, and changes to
	 * them apply to this runtime at once. `operationTimeout` and `rateLimit` below win over them.
	 */
	settings?: SystemSettings;
	operationTimeout?: number;
	rateLimit?: RateLimitOptions | false;
	maxProcesses?: number;
	/** More children of SuperLearner.Supervisor, after its own (the managers later work adds). */
	systemChildren?: ChildSpec[];
	/** How the SandboxManager starts workers and compiles; without it, there is none. */
	sandboxes?: Omit<SandboxManagerOptions, 'table' | 'telemetry'>;
	/**
	 * The sandboxes, when they must outlive this runtime (a restarted system node takes over the
	 * previous one's); a fresh table otherwise.
	 */
	table?: SandboxTable;
	/** The restart history, when it must outlive this runtime (a SystemHost keeps it); else in memory. */
	analytics?: Analytics;
	/**
	 * The sandbox nodes' timelines, when they must outlive this runtime (a SystemHost keeps them
	 * with the table); this runtime's own otherwise.
	 */
	sandboxTimelines?: SandboxTimelines;
	/** The system's health as its keeper sees it (the health operations report it). */
	health?: () => SystemHealth;
	/** The trace sessions, when they must outlive this runtime (SystemHost's); a fresh tracer otherwise. */
	tracer?: MessageTracer;
}

export interface SystemRuntime {
	readonly node: Node;
	readonly registry: OperationRegistry;
	readonly restarts: RestartLog;
	/** The crash and supervisor reports of this node and of its sandboxes' nodes. */
	readonly reports: ReportSource;
	readonly demo: DemoApp | undefined;
	/** The sandboxes (empty without a SandboxManager). */
	readonly sandboxes: SandboxTable;
	/** The restart history the AnalyticsServer keeps. */
	readonly analytics: Analytics;
	/** The pages' streams of this node's trace events. */
	readonly subscriptions: Subscriptions;
	/** The timelines of this node and of the sandbox nodes (time travel, replay). */
	readonly timeline: Timelines;
	/** What operations run against, less the client. */
	readonly context: Omit<ExecutionContext, 'clientId'>;
	/** An operation for the app's own pages (not rate limited). */
	execute(operation: string, params?: unknown): Promise<Executed>;
	/** A REST request, through the Arsenal Plug. */
	handle(req: ApiRequest): Promise<ApiResponse>;
	/** The node's name, number, start time and uptime. */
	info(): NodeInfo;
	shutdown(): Promise<void>;
}

export async function startSystemRuntime(opts: SystemRuntimeOptions = {}): Promise<SystemRuntime> {
	const startedAt = Date.now();
	const node = createNode({
		name: SYSTEM_NODE_NAME,
		number: 0,
		clock: opts.clock ?? 'real',
		...(opts.maxProcesses !== undefined && { maxProcesses: opts.maxProcesses })
	});
	const telemetry = opts.telemetry ?? appTelemetry;
	// First, so that the timeline holds every event the node makes.
	const ownTimeline = nodeTimeline(node);
	const inputs = new InputRecorder(node, telemetry);
	const restarts = new RestartLog(node);
	const ownReports = new ReportLog();
	const stopReports = logReports(node, ownReports);
	const index = new ProcessIndex(node);
	const { settings } = opts;
	const config = settings?.current;
	const rateLimit = opts.rateLimit ?? config?.arsenal.rateLimit;
	const operationTimeout = opts.operationTimeout ?? config?.arsenal.operationTimeout;
	const registry = new OperationRegistry(operations, {
		telemetry,
		...(operationTimeout !== undefined && { operationTimeout }),
		...(rateLimit !== undefined && { rateLimit }),
		...(config && { enableTelemetry: config.arsenal.enableTelemetry })
	});
	const system = new SystemPids(node);
	const table = opts.table ?? new SandboxTable();
	const tracer = opts.tracer ?? new MessageTracer(0);
	const sandboxTimelines = opts.sandboxTimelines ?? new SandboxTimelines(table);
	const timeline = new Timelines(ownTimeline.timeline, sandboxTimelines, inputs);
	const entry: ArsenalNode = {
		number: 0,
		node,
		restartsSince: (since) => restarts.restartsSince(since),
		live: index.live
	};
	const analytics =
		opts.analytics ??
		new Analytics(config && { maxEventsPerSupervisor: config.analytics.maxEventsPerSupervisor });
	const lookups = nodeLookups(() => [entry, ...table.nodes()]);
	// Before the applications start, so that its wait-for graph knows every registered name.
	const analyzer = new Analyzer({
		node,
		nodes: () => [entry, ...table.nodes()],
		table,
		now: () => startedAt + node.now()
	});
	const children = [
		analyticsServerChild({
			analytics,
			node,
			table,
			telemetry,
			epochNow: () => startedAt + node.now(),
			resolve: lookups.resolve,
			nameOf: lookups.nameOf
		}),
		...(opts.systemChildren ?? [])
	];
	if (opts.sandboxes) {
		const current = settings && (() => settings.current);
		children.push(
			sandboxManagerChild({
				...opts.sandboxes,
				table,
				telemetry,
				...(current && { config: current })
			})
		);
		// The cluster's nodes are sandbox nodes, started by the sandboxes' workers and compiler.
		const { spawnWorker, compile, maxProcesses } = opts.sandboxes;
		const members = new ClusterMembers(node.name, table);
		children.push(
			stateManagerChild({
				members,
				systemNode: () => describeSystemNode(node.name, index.live.size, startedAt)
			}),
			simulatorChild({
				members,
				runner: {
					table,
					spawnWorker,
					compile,
					get maxProcesses() {
						return sandboxMaxProcesses({ maxProcesses, ...(current && { config: current }) });
					}
				},
				...(current && { startupTimeout: () => current().cluster.startupTimeout })
			})
		);
	}
	await startSystemApp(node, { telemetry, registry, children });
	const demo = opts.demo === false ? undefined : await startDemoApp(node, opts.demo);
	const reports: ReportSource = {
		nodes: () => [node.name, ...[...table.byId.values()].map((sb) => sb.nodeName)],
		list: (name, filter) =>
			(name === node.name ? ownReports : table.byNode(name)?.reports)?.list(filter)
	};
	const context: Omit<ExecutionContext, 'clientId'> = {
		// The sandboxes' nodes come and go.
		get nodes() {
			return [entry, ...table.nodes()];
		},
		systemPids: system,
		modules: demo?.modules ?? new Map(),
		tracer,
		reports,
		analytics: new AnalyticsClient(node, lookups.liveSupervisors),
		timeline,
		analyzer,
		...(opts.health && { health: opts.health }),
		...(settings && { config: settings }),
		...(opts.sandboxes && {
			sandboxes: new SandboxManagerClient(node, table),
			cluster: new ClusterClient(node)
		})
	};
	const subscriptions = new Subscriptions(node, () => restarts.recent());
	const stopSettings = settings?.onChange((next, changed) => {
		const { arsenal } = next;
		registry.operationTimeout = opts.operationTimeout ?? arsenal.operationTimeout;
		registry.enableTelemetry = arsenal.enableTelemetry;
		if (changed.some((path) => path.startsWith('arsenal.rateLimit'))) {
			registry.setRateLimit(arsenal.rateLimit);
		}
		if (changed.includes('analytics.maxEventsPerSupervisor')) {
			analytics.store.maxEventsPerSupervisor = next.analytics.maxEventsPerSupervisor;
			void analytics.persist();
		}
	});
	return {
		node,
		registry,
		restarts,
		reports,
		demo,
		sandboxes: table,
		analytics,
		subscriptions,
		timeline,
		context,
		execute: (operation, params) => registry.execute(operation, params, context),
		handle: (req) => handle(req, registry, context),
		info: () => ({ name: node.name, number: 0, startedAt, uptimeMs: node.now() }),
		async shutdown() {
			stopSettings?.();
			subscriptions.close();
			restarts.stop();
			stopReports();
			index.stop();
			system.stop();
			analyzer.stop();
			tracer.nodeStopped(node);
			if (!opts.analytics) analytics.detach();
			ownTimeline.stop();
			inputs.stop();
			if (!opts.sandboxTimelines) sandboxTimelines.stop();
			await node.shutdown();
		}
	};
}
