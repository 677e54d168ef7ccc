/**
 * What an operation runs against: the nodes it can see, which processes are the system's own
 * (they answer 403 to destructive requests without `force`), the modules a learner may start,
 * and who is asking (for the per-client rate limit). The runtime worker builds one per request;
 * tests build one around a virtual-clock node.
 *
 * @example
 * const ctx: ArsenalContext = {
 *   nodes: [{ number: 0, node, restartsSince: () => 0 }],
 *   systemPids: new Set(),
 *   modules: new Map(),
 *   registry
 * };
 * const { pid } = requirePid(ctx, '<0.42.0>'); // or ArsenalError 'noproc' (404)
 */
import type { z } from 'zod';
import type { ChildSpec, Node, Pid, ProcessInfo } from '$lib/runtime';
import { pidOf, SERVER_BEHAVIOURS } from '$lib/runtime/host';
import { ArsenalError } from './errors';
import type { Executed, OperationRegistry } from './registry';
import type { ReportOut } from './reports';
import type { SandboxService } from './sandbox_schemas';
import type { TraceService } from './trace_schemas';
import type { AnalyzerService } from './analyzer_schemas';
import type { TimelineService } from './timeline_schemas';
import type { AnalyticsService } from './analytics_schemas';
import type { ClusterService } from './cluster_schemas';
import type { ConfigService } from './config_schemas';

/** A node Arsenal can reach, with the number its pids carry (`<N.I.0>`). */
export interface ArsenalNode {
	readonly number: number;
	readonly node: Node;
	/** How many restarts this node's supervisors made at or after node-clock time `since` (ms). */
	restartsSince(since: number): number;
	/**
	 * The node's live pids in spawn order, kept up to date (a ProcessIndex): lets a list count
	 * and page without building `node.processes()`. Without it, operations use that.
	 */
	readonly live?: ReadonlySet<Pid>;
	/**
	 * For a node in another worker (a sandbox): `node` is then a read-only mirror, pids are
	 * looked up here, and operations that act on the node's processes run there instead.
	 */
	readonly remote?: RemoteNode;
}

/** A node in another worker, reached by forwarding whole operations to its own registry. */
export interface RemoteNode {
	/** The live pid `<number.id.0>`, if the mirror knows it. */
	pidById(id: number): Pid | undefined;
	/** Runs the operation there, with the raw parameters; resolves or rejects as `execute`. */
	execute(operation: string, params: unknown): Promise<Executed>;
}

/** `answer`, or undefined once `ms` have passed: for asking nodes in other workers. */
export function within<T>(ms: number, answer: Promise<T>): Promise<T | undefined> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<undefined>((resolve) => {
		timer = setTimeout(() => resolve(undefined), ms);
	});
	return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

/** The live pids of a node, oldest first, and how many. */
export function livePids(entry: ArsenalNode): { size: number; pids: Iterable<Pid> } {
	if (entry.live) return { size: entry.live.size, pids: entry.live };
	const pids = entry.node.processes();
	return { size: pids.length, pids };
}

/** A module a learner may start under a supervisor by name (`POST /supervisors/:pid/children`). */
export interface KnownModule {
	/** As it shows in ProcessInfo.module: `'Demo.Counter'`. */
	readonly name: string;
	readonly description: string;
	readonly type: 'worker' | 'supervisor';
	/** The start argument's schema; a failing field answers 422 as `args.<field>`. */
	readonly args: z.ZodType;
	/** A child spec starting this module with parsed `args`. */
	childSpec(args: unknown, overrides: Partial<ChildSpec>): ChildSpec;
}

/**
 * The system as the runtime worker's keeper sees it. `degraded`: SuperLearner.Supervisor (or the
 * SandboxManager) died and the system is being restarted with its sandboxes; `failed`: it kept
 * dying and the keeper gave up. Either way the node may still answer, but not everything works.
 */
export type SystemHealth =
	{ status: 'ok' } | { status: 'degraded' | 'failed'; reason: string; since: number };

/** The crash and supervisor reports kept per node: the last 1,000 of each (see stream/reports.ts). */
export interface ReportSource {
	/** The names of the nodes whose reports are kept. */
	nodes(): string[];
	/** A node's reports that match, oldest first; undefined for a node with none kept. */
	list(
		node: string,
		filter: { pid?: string; kind?: ReportOut['kind'] }
	): readonly ReportOut[] | undefined;
}

export interface ArsenalContext {
	/** Every node operations may look at; pids are resolved by their node number. */
	readonly nodes: readonly ArsenalNode[];
	/** The SuperLearner.Supervisor tree, looked up live (its pids change as it restarts). */
	readonly systemPids: { has(pid: Pid): boolean };
	/** By name. */
	readonly modules: ReadonlyMap<string, KnownModule>;
	/** The registry executing the operation: the docs operations describe it. */
	readonly registry: OperationRegistry;
	/** The SandboxManager's client, where there is one (the system node). */
	readonly sandboxes?: SandboxService;
	/** Who is asking over REST; absent for the app's own pages, which are not rate limited. */
	readonly clientId?: string;
	/** The system's health, where someone keeps it (the runtime worker); `ok` without it. */
	readonly health?: () => SystemHealth;
	/** The reports of the system node and its sandboxes, where someone keeps them. */
	readonly reports?: ReportSource;
	/** The message tracer, where one runs (the system node): trace sessions and their events. */
	readonly tracer?: TraceService;
	/** The system analyzer's findings and rankings, where one runs (the system node). */
	readonly analyzer?: AnalyzerService;
	/** The timelines of the system node and its sandboxes' nodes, where someone keeps them. */
	readonly timeline?: TimelineService;
	/** The AnalyticsServer's client, where there is one (the system node). */
	readonly analytics?: AnalyticsService;
	/** The simulated cluster's client, where there is one (the system node). */
	readonly cluster?: ClusterService;
	/** The system's settings, where someone keeps them (the runtime worker's SystemHost). */
	readonly config?: ConfigService;
}

/** The node whose pids carry `number`. */
export function nodeByNumber(ctx: ArsenalContext, number: number): ArsenalNode | undefined {
	return ctx.nodes.find((n) => n.number === number);
}

/** The node a live pid lives on. */
export function nodeOfPid(ctx: ArsenalContext, pid: Pid): ArsenalNode {
	const entry = nodeByNumber(ctx, pid.node);
	if (!entry) throw new ArsenalError('noproc', `No node carries pids like ${String(pid)}.`);
	return entry;
}

const CANONICAL = /^<(\d+)\.(\d+)\.(\d+)>$/;

/** The live process a canonical pid text (or a registered name) names, if any. */
export function findPid(ctx: ArsenalContext, text: string): Pid | undefined {
	const m = CANONICAL.exec(text);
	if (!m) {
		for (const entry of ctx.nodes) {
			const named = entry.node.whereis(text);
			if (named) return named;
		}
		return undefined;
	}
	if (m[3] !== '0') return undefined;
	const entry = nodeByNumber(ctx, Number(m[1]));
	const id = Number(m[2]);
	if (!entry || id <= 0) return undefined;
	return entry.remote ? entry.remote.pidById(id) : pidOf(entry.node, id);
}

/**
 * The node in another worker that an operation's parameters point at — its `pid`'s node, or
 * the node named by `node` — if it is one: the operation then runs there.
 */
export function remoteTarget(
	ctx: ArsenalContext,
	params: { pid?: unknown; node?: unknown }
): RemoteNode | undefined {
	if (typeof params.pid === 'string') {
		// By the number a pid carries, even one newer than the mirror's last snapshot.
		const m = CANONICAL.exec(params.pid);
		if (m) return nodeByNumber(ctx, Number(m[1]))?.remote;
		const pid = findPid(ctx, params.pid);
		return pid ? nodeByNumber(ctx, pid.node)?.remote : undefined;
	}
	if (typeof params.node === 'string') {
		return ctx.nodes.find((n) => n.node.name === params.node)?.remote;
	}
	return undefined;
}

/** The live process `text` names with its node and info; 404 `noproc` otherwise. */
export function requirePid(
	ctx: ArsenalContext,
	text: string
): { pid: Pid; entry: ArsenalNode; info: ProcessInfo } {
	const pid = findPid(ctx, text);
	const entry = pid && nodeByNumber(ctx, pid.node);
	const info = pid && entry?.node.processInfo(pid);
	if (!pid || !entry || !info) {
		const message = CANONICAL.test(text)
			? `No process ${text}: it has exited, or never existed.`
			: `No process is registered as '${text}' (a pid looks like <0.42.0>).`;
		throw new ArsenalError('noproc', message, { pid: text });
	}
	return { pid, entry, info };
}

/**
 * As {@link requirePid}, for a process of a behaviour built on the server loop (it keeps state
 * and answers `:sys` requests: all but Task); otherwise 422 `not_genserver`, whose message ends
 * with `cannot` (what such a process cannot do).
 */
export function requireServer(
	ctx: ArsenalContext,
	text: string,
	cannot: string
): ReturnType<typeof requirePid> {
	const found = requirePid(ctx, text);
	const { behaviour } = found.info;
	if (!behaviour || !SERVER_BEHAVIOURS.has(behaviour)) {
		throw new ArsenalError(
			'not_genserver',
			`${text} is ${behaviour ? `a ${behaviour}` : 'a plain process'}: ${cannot}`,
			{ pid: text, behaviour: behaviour ?? 'none' }
		);
	}
	return found;
}

/** The refusal for acting on a system process without force, or true. */
export function guardSystem(
	ctx: ArsenalContext,
	text: string,
	force: boolean,
	action: string
): true | string {
	if (force) return true;
	const pid = findPid(ctx, text);
	if (!pid || !ctx.systemPids.has(pid)) return true;
	return `${text} belongs to SuperLearner's own supervision tree (SuperLearner.Supervisor); pass force=true to ${action} it anyway.`;
}
