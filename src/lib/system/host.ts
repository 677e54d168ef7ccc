/**
 * The runtime worker's keeper of the system node. SuperLearner is a permanent application: when
 * SuperLearner.Supervisor dies (killed over REST with force, or its children crashing past its
 * restart intensity) the node is of no use, as a BEAM node whose permanent application stops is
 * taken down; and like `heart`, the keeper starts it again. The fresh system node's
 * SandboxManager adopts the sandboxes of the old one and starts the running ones again from their
 * files (sandboxes/manager.ts). Until then the health operations answer 503 `degraded`, and the
 * incident is kept for the page to show. A SandboxManager restarted by its own supervisor does the
 * same adoption; the keeper reports that too.
 *
 * Why the system node is restarted here, inside the runtime worker, and not by the page
 * replacing the whole worker:
 * - the sandboxes' files, versions and consoles live in this worker's SandboxTable, which
 *   survives the node; the page's IndexedDB autosave only holds what an editor has shown, and
 *   nothing of a sandbox made over REST;
 * - the service worker's ports to this worker stay valid, so REST answers across a heal;
 * - a hidden tab's timers are throttled to once a minute, this worker's are not: the system heals
 *   without waiting for the learner to look at the tab.
 * A runtime worker that dies or hangs as a whole is still the page's to replace (RuntimeHost).
 *
 * ```ts
 * const host = await SystemHost.start({ clock: 'virtual' });
 * (await host.current()).node.exit(pid, 'kill'); // pid: SuperLearner.Supervisor's
 * host.info().health; // { status: 'degraded', reason: 'SuperLearner.Supervisor exited (killed)…' }
 * ```
 */
import type { Node, Pid } from '$lib/runtime';
import { describeReason } from '$lib/runtime/host';
import type { SystemHealth } from '$lib/arsenal/context';
import type { RateLimitOptions } from '$lib/arsenal/rate_limit';
import { SANDBOX_MANAGER, type RestoreEvent } from '$lib/system/sandboxes/manager';
import { loadTable, type SavedSandboxes } from '$lib/system/sandboxes/journal';
import { SandboxTable } from '$lib/system/sandboxes/table';
import { MessageTracer } from '$lib/stream/tracer/tracer';
import { SandboxTimelines } from '$lib/system/timeline/sources';
import { Analytics } from './analytics/analytics';
import { SystemSettings } from './config';
import { SYSTEM_SUPERVISOR } from './application';
import {
	startSystemRuntime,
	type NodeInfo,
	type SystemRuntime,
	type SystemRuntimeOptions
} from './node';

/** Like a supervisor's intensity: more heals than this within HEAL_PERIOD_MS, and the keeper gives up. */
export const MAX_HEALS = 3;
export const HEAL_PERIOD_MS = 60_000;
const KEPT_INCIDENTS = 10;
/**
 * How long the old node may run on after the new one starts, so that requests under way on it
 * (the kill that caused the heal, say) end with an answer.
 */
const OLD_NODE_GRACE_MS = 1_000;

/** A system process that died, and what the keeper did about it. */
export interface Incident {
	/** Increasing: a page shows the incidents newer than the last one it was told to hide. */
	id: number;
	/** What died: SuperLearner.Supervisor, or SuperLearner.SandboxManager. */
	process: string;
	/** Its exit reason, as text. */
	reason: string;
	/** Epoch ms. */
	at: number;
	/** `failed`: the keeper gave up (it died too often, or did not start again). */
	status: 'healing' | 'healed' | 'failed';
	/** Epoch ms; once healed or failed. */
	endedAt?: number;
	/** Why it failed, for people. */
	failure?: string;
	sandboxes: {
		/** Every sandbox, with its files, as the restarted manager found it. */
		kept: string[];
		/** Those that were running and run again. */
		restarted: string[];
		/** Those that were running and did not start again, with why. */
		failed: Array<{ id: string; reason: string }>;
	};
}

/** The system node, and how the system is. */
export interface SystemInfo extends NodeInfo {
	/** 1 for the first system node, one more for each heal: a page's streams are per incarnation. */
	incarnation: number;
	health: SystemHealth;
	/** The last few incidents, oldest first. */
	incidents: Incident[];
}

export interface SystemHostOptions extends Omit<
	SystemRuntimeOptions,
	'table' | 'health' | 'sandboxTimelines'
> {
	/** Epoch ms, for incidents and the heal intensity; `Date.now` by default. */
	now?: () => number;
	/** The sandboxes an earlier runtime worker journalled: kept, and the running ones started again. */
	saved?: SavedSandboxes;
}

export class SystemHost {
	/** The sandboxes, which outlive every system node. */
	readonly table = new SandboxTable();
	/** The trace sessions, which outlive every system node (a heal ends those on the old one). */
	readonly tracer = new MessageTracer(0);
	/** The restart history, which outlives every system node and AnalyticsServer. */
	readonly analytics: Analytics;
	/** The sandbox nodes' timelines, which outlive every system node as the table does. */
	readonly timelines = new SandboxTimelines(this.table);
	/** The system's settings, which outlive every system node. */
	readonly settings: SystemSettings;
	#opts: SystemHostOptions;
	readonly #now: () => number;
	#runtime: Promise<SystemRuntime>;
	/** The newest runtime that started; the one whose node is watched. */
	#live: SystemRuntime | undefined;
	#incarnation = 0;
	#health: SystemHealth = { status: 'ok' };
	readonly #incidents: Incident[] = [];
	#nextIncident = 1;
	/** The incident being healed, and what it still waits for. */
	#healing: { incident: Incident; systemDown: boolean; restoring: boolean } | undefined;
	/** When the last heals happened, for the intensity. */
	#heals: number[] = [];
	/** The last exit reason of each watched system process. */
	readonly #lastExit = new Map<string, string>();
	#stopped = false;

	private constructor(opts: SystemHostOptions) {
		this.settings = opts.settings ?? new SystemSettings();
		this.#opts = { ...opts, settings: this.settings };
		const { maxEventsPerSupervisor } = this.settings.current.analytics;
		this.analytics = opts.analytics ?? new Analytics({ maxEventsPerSupervisor });
		// A rate limit set in the settings replaces one set at run time (setRateLimit).
		this.settings.onChange((_config, changed) => {
			if (changed.some((path) => path.startsWith('arsenal.rateLimit'))) {
				const { rateLimit: _, ...rest } = this.#opts;
				this.#opts = rest;
			}
		});
		this.#now = opts.now ?? Date.now;
		if (opts.saved) loadTable(this.table, opts.saved);
		this.#runtime = this.#start();
	}

	/** Starts the system node; resolves once it runs. */
	static async start(opts: SystemHostOptions = {}): Promise<SystemHost> {
		const host = new SystemHost(opts);
		await host.#runtime;
		return host;
	}

	/** The runtime requests go to: during a heal, the one being started (so they wait for it). */
	current(): Promise<SystemRuntime> {
		return this.#runtime;
	}

	get health(): SystemHealth {
		return this.#health;
	}

	info(): SystemInfo {
		const live = this.#live;
		if (!live) throw new Error('The system node has not started.');
		return {
			...live.info(),
			incarnation: this.#incarnation,
			health: this.#health,
			incidents: structuredClone(this.#incidents)
		};
	}

	/**
	 * Sets the REST clients' rate limit, for this system node and the ones a heal starts, until
	 * the settings' rate limit changes: `false` lifts it; the fields `limit` leaves out are the
	 * settings' (so `{}` restores the settings' limit).
	 */
	async setRateLimit(limit: RateLimitOptions | false): Promise<void> {
		const set = limit === false ? false : { ...this.settings.current.arsenal.rateLimit, ...limit };
		this.#opts = { ...this.#opts, rateLimit: set };
		(await this.#runtime).registry.setRateLimit(set);
	}

	async shutdown(): Promise<void> {
		this.#stopped = true;
		const runtime = await this.#runtime.catch(() => undefined);
		await runtime?.shutdown();
		this.analytics.detach();
	}

	async #start(): Promise<SystemRuntime> {
		const sandboxes = this.#opts.sandboxes && {
			...this.#opts.sandboxes,
			onRestore: (event: RestoreEvent) => this.#onRestore(event)
		};
		const runtime = await startSystemRuntime({
			...this.#opts,
			...(sandboxes && { sandboxes }),
			table: this.table,
			tracer: this.tracer,
			analytics: this.analytics,
			sandboxTimelines: this.timelines,
			health: () => this.#health
		});
		this.#live = runtime;
		this.#incarnation++;
		watchExits(runtime.node, [SYSTEM_SUPERVISOR, SANDBOX_MANAGER], (name, reason) => {
			if (this.#live !== runtime || this.#stopped) return;
			this.#lastExit.set(name, describeReason(reason));
			// Out of the node's exit handling first: the heal starts another node.
			if (name === SYSTEM_SUPERVISOR) queueMicrotask(() => void this.#heal(runtime));
		});
		return runtime;
	}

	async #heal(old: SystemRuntime): Promise<void> {
		const reason = this.#lastExit.get(SYSTEM_SUPERVISOR) ?? 'unknown';
		// Dying again while healing (or after the manager's restarts) is one incident that grows.
		const incident = this.#healing?.incident ?? this.#open(SYSTEM_SUPERVISOR, reason);
		Object.assign(incident, { process: SYSTEM_SUPERVISOR, reason });
		const healing = { incident, systemDown: true, restoring: false };
		this.#healing = healing;
		const now = this.#now();
		this.#heals = this.#heals.filter((at) => now - at < HEAL_PERIOD_MS);
		if (this.#heals.length >= MAX_HEALS) {
			const times = `${MAX_HEALS + 1} times within ${HEAL_PERIOD_MS / 1000} s`;
			return this.#fail(incident, `${SYSTEM_SUPERVISOR} died ${times}; reload the tab.`);
		}
		this.#heals.push(now);
		this.#degrade(`${SYSTEM_SUPERVISOR} exited (${reason}); restarting the system node`);
		this.#runtime = this.#start();
		try {
			await this.#runtime;
		} catch (error) {
			return this.#fail(incident, `the system node did not start again: ${describeReason(error)}`);
		}
		await quiet(old.node, OLD_NODE_GRACE_MS);
		await old.shutdown();
		healing.systemDown = false;
		this.#settle();
	}

	#onRestore(event: RestoreEvent): void {
		// A reload is no incident: the sandboxes' consoles say they were started again.
		if (event.phase === 'started' && event.cause === 'reload') return;
		if (event.phase === 'started') {
			this.#healing ??= {
				incident: this.#open(SANDBOX_MANAGER, this.#lastExit.get(SANDBOX_MANAGER) ?? 'unknown'),
				systemDown: false,
				restoring: false
			};
			const { incident } = this.#healing;
			this.#healing.restoring = true;
			incident.sandboxes = { kept: event.kept, restarted: [], failed: [] };
			const count = event.restarting.length;
			const what = count === 1 ? '1 sandbox from its files' : `${count} sandboxes from their files`;
			this.#degrade(`${incident.process} exited (${incident.reason}); restarting ${what}`);
			return;
		}
		if (!this.#healing?.restoring) return;
		this.#healing.restoring = false;
		this.#healing.incident.sandboxes.restarted = event.restarted;
		this.#healing.incident.sandboxes.failed = event.failed;
		this.#settle();
	}

	#open(process: string, reason: string): Incident {
		const incident: Incident = {
			id: this.#nextIncident++,
			process,
			reason,
			at: this.#now(),
			status: 'healing',
			sandboxes: { kept: [], restarted: [], failed: [] }
		};
		this.#incidents.push(incident);
		if (this.#incidents.length > KEPT_INCIDENTS) this.#incidents.shift();
		return incident;
	}

	#degrade(reason: string): void {
		if (this.#health.status === 'failed') return;
		this.#health = {
			status: 'degraded',
			reason,
			since: this.#health.status === 'degraded' ? this.#health.since : this.#now()
		};
	}

	/** Healed once the system node runs again and its sandboxes were restarted. */
	#settle(): void {
		const healing = this.#healing;
		if (!healing || healing.systemDown || healing.restoring) return;
		this.#healing = undefined;
		healing.incident.status = 'healed';
		healing.incident.endedAt = this.#now();
		if (this.#health.status === 'degraded') this.#health = { status: 'ok' };
	}

	#fail(incident: Incident, why: string): void {
		this.#healing = undefined;
		incident.status = 'failed';
		incident.failure = why;
		incident.endedAt = this.#now();
		this.#health = { status: 'failed', reason: why, since: this.#now() };
	}
}

/**
 * Calls `onExit` when a process registered under one of `names` exits, from the node's trace: a
 * listener, which no REST call can kill, unlike a watching process would be.
 */
function watchExits(
	node: Node,
	names: string[],
	onExit: (name: string, reason: unknown) => void
): () => void {
	const watched = new Map<Pid, string>();
	for (const name of names) {
		const pid = node.whereis(name);
		if (pid) watched.set(pid, name);
	}
	return node.onTrace((event) => {
		if (event.type === 'register' && names.includes(event.name)) {
			watched.set(event.pid, event.name);
		} else if (event.type === 'exit') {
			const name = watched.get(event.pid);
			if (name === undefined) return;
			watched.delete(event.pid);
			onExit(name, event.reason);
		}
	});
}

/** Resolves once `node` has nothing left to run, or after `ms` if it keeps busy. */
function quiet(node: Node, ms: number): Promise<void> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
	return Promise.race([node.settle(), late]).finally(() => clearTimeout(timer));
}
