/**
 * SuperLearner's own application tree, started as real processes of the system node so that
 * the product demonstrates itself: the /supervisors page shows it beside the demo application,
 * and Arsenal protects it (kill, message and fault requests answer 403 without force).
 *
 * SuperLearner.Supervisor (one_for_one)
 * ├─ SuperLearner.Telemetry        counts Arsenal's operation events: calls, errors, durations
 * ├─ SuperLearner.TracerRegistry   Registry for message tracers, one per traced pid
 * ├─ Arsenal.Registry              the registry's operations, as the process's state
 * └─ …the managers later work adds (AnalyticsServer, SandboxManager, …) through `children`
 */
import {
	GenServer,
	Supervisor,
	type ChildSpec,
	type GenServerModule,
	type Node,
	type Pid,
	type SupervisorModule
} from '$lib/runtime';
import type { OperationRegistry } from '$lib/arsenal/registry';
import type { Telemetry } from '$lib/arsenal/telemetry';
import { registryChild } from './demo_app';

export const SYSTEM_SUPERVISOR = 'SuperLearner.Supervisor';
export const TRACER_REGISTRY = 'SuperLearner.TracerRegistry';
/** SuperLearner.Telemetry's registered name; its `stats` call answers the operations' figures. */
export const TELEMETRY_SERVER = 'SuperLearner.Telemetry';
const TELEMETRY_HANDLER = TELEMETRY_SERVER;
const OPERATION_EVENTS = [
	'arsenal.operation.start',
	'arsenal.operation.stop',
	'arsenal.operation.exception'
];

export interface OperationStats {
	started: number;
	succeeded: number;
	failed: number;
	totalMs: number;
	maxMs: number;
	/** Error codes seen, with counts. */
	errors: Record<string, number>;
}

interface TelemetryState {
	operations: Record<string, OperationStats>;
}

type Sample = ['event', string, string, number, string | undefined];

/** Attached to Arsenal's events; each event becomes a cast to this process. */
const TelemetryServer: GenServerModule<TelemetryState, Telemetry> = {
	name: 'SuperLearner.Telemetry',
	init(telemetry, ctx) {
		ctx.trapExit(true);
		const { node, self } = ctx;
		// A restarted server takes the handler over from its predecessor.
		telemetry.detach(TELEMETRY_HANDLER);
		telemetry.attach(TELEMETRY_HANDLER, OPERATION_EVENTS, (event, measurements, metadata) => {
			const sample: Sample = [
				'event',
				event.slice('arsenal.operation.'.length),
				String(metadata.operation),
				measurements.duration ?? 0,
				typeof metadata.reason === 'string' ? metadata.reason : undefined
			];
			node.cast(self, sample);
		});
		return ['ok', { operations: {} }];
	},
	handleCast(message, state) {
		const [, kind, operation, duration, code] = message as Sample;
		const stats = (state.operations[operation] ??= {
			started: 0,
			succeeded: 0,
			failed: 0,
			totalMs: 0,
			maxMs: 0,
			errors: {}
		});
		if (kind === 'start') stats.started++;
		else {
			if (kind === 'stop') stats.succeeded++;
			else {
				stats.failed++;
				if (code) stats.errors[code] = (stats.errors[code] ?? 0) + 1;
			}
			stats.totalMs += duration;
			stats.maxMs = Math.max(stats.maxMs, duration);
		}
		return ['noreply', state];
	},
	handleCall(request, _from, state) {
		return request === 'stats'
			? ['reply', state.operations, state]
			: ['reply', ['error', 'unknown_call'], state];
	}
};

interface RegistryState {
	operations: Array<{ name: string; category: string; method: string; path: string }>;
}

/** Owns the operation registry, as Arsenal.Registry owned its ETS table in the original. */
const ArsenalRegistryServer: GenServerModule<RegistryState, OperationRegistry> = {
	name: 'Arsenal.Registry',
	init: (registry) => [
		'ok',
		{
			operations: registry
				.list()
				.map(({ name, category, method, path }) => ({ name, category, method, path }))
		}
	],
	handleCall(request, _from, state) {
		if (request === 'list') return ['reply', state.operations.map((o) => o.name), state];
		if (Array.isArray(request) && request[0] === 'lookup') {
			return ['reply', state.operations.find((o) => o.name === request[1]) ?? null, state];
		}
		return ['reply', ['error', 'unknown_call'], state];
	}
};

export interface SystemAppOptions {
	telemetry: Telemetry;
	registry: OperationRegistry;
	/** More children, started after the built-in ones (the managers). */
	children?: ChildSpec[];
}

const Root: SupervisorModule<SystemAppOptions> = {
	name: SYSTEM_SUPERVISOR,
	init: ({ telemetry, registry, children = [] }) => [
		'ok',
		{ strategy: 'one_for_one', intensity: 3, period: 5 },
		[
			GenServer.childSpec(TelemetryServer, telemetry, {
				start: (sup) =>
					GenServer.startLink(sup, TelemetryServer, telemetry, { name: TelemetryServer.name })
			}),
			registryChild(TRACER_REGISTRY),
			GenServer.childSpec(ArsenalRegistryServer, registry, {
				start: (sup) =>
					GenServer.startLink(sup, ArsenalRegistryServer, registry, {
						name: ArsenalRegistryServer.name
					})
			}),
			...children
		]
	]
};

/** Starts SuperLearner.Supervisor on `node`; resolves with its pid once its children run. */
export async function startSystemApp(node: Node, opts: SystemAppOptions): Promise<Pid> {
	const started = await Supervisor.start(node, Root, opts, { name: SYSTEM_SUPERVISOR });
	if (started === 'ignore' || started[0] !== 'ok') {
		throw new Error(`SuperLearner.Supervisor did not start: ${JSON.stringify(started)}`);
	}
	return started[1];
}

/**
 * The processes of the system tree, kept from the node's trace events: SuperLearner.Supervisor
 * once it registers its name, and every process spawned by one of them (a supervisor's children
 * are spawned by it). Start it before the system app, so that it sees every spawn; `has` is then
 * a set lookup, however many processes the node runs.
 */
export class SystemPids {
	readonly #pids = new Set<Pid>();
	readonly #unsubscribe: () => void;

	constructor(node: Node) {
		this.#unsubscribe = node.onTrace((event) => {
			if (event.type === 'spawn') {
				if (event.parent && this.#pids.has(event.parent)) this.#pids.add(event.pid);
			} else if (event.type === 'exit') {
				this.#pids.delete(event.pid);
			} else if (event.type === 'register' && event.name === SYSTEM_SUPERVISOR) {
				this.#pids.add(event.pid);
			}
		});
	}

	has(pid: Pid): boolean {
		return this.#pids.has(pid);
	}

	stop(): void {
		this.#unsubscribe();
	}
}
