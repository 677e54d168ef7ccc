/**
 * The demo application: a real supervision tree on the system node, with enough life to explore
 * before writing any code. Every strategy is in it, a DynamicSupervisor pool, a Registry,
 * messages flowing between workers, and Demo.Flaky, which crashes now and then (switchable), so
 * restarts happen without the learner doing anything.
 *
 * Demo.Supervisor (one_for_one)
 * ├─ Demo.Registry         Registry of the pool's jobs
 * ├─ Demo.Counter          GenServer: call 'get', ['add', n], 'reset'; cast 'increment'
 * ├─ Demo.Pipeline         rest_for_one: Producer → Transformer → Consumer, an event a second
 * ├─ Demo.CacheSupervisor  one_for_all: Demo.Cache and Demo.Janitor, which evicts old entries
 * ├─ Demo.Jobs             DynamicSupervisor: jobs that write to Demo.Cache
 * └─ Demo.Flaky            crashes every 20–40 s while crashes are on
 */
import { z } from 'zod';
import {
	DynamicSupervisor,
	GenServer,
	Registry,
	Supervisor,
	type ChildSpec,
	type GenServerModule,
	type Node,
	type Pid,
	type ProcessContext,
	type SupervisorModule
} from '$lib/runtime';
import type { KnownModule } from '$lib/arsenal/context';
import { seededRandom } from '$lib/runtime/host';

export const DEMO_SUPERVISOR = 'Demo.Supervisor';
export const DEMO_REGISTRY = 'Demo.Registry';

export interface DemoOptions {
	/** Whether Demo.Flaky crashes on its own. Default true. */
	crashes?: boolean;
	/** Demo.Flaky's crashes come this many ms apart, at random within the range. Default 20–40 s. */
	crashEveryMs?: [number, number];
	/** Demo.Producer's interval. Default 1000 ms. */
	eventEveryMs?: number;
	/** Seeds the randomness of crash times. Default 1. */
	seed?: number;
	/** Jobs started in the pool. Default alpha, beta and gamma. */
	jobs?: Array<{ name: string; everyMs: number }>;
}

/** What Demo.Flaky reads on every tick: shared, so a restart keeps the switch. */
export interface DemoSettings {
	crashes: boolean;
	crashEveryMs: [number, number];
	random(): number;
}

export interface DemoApp {
	supervisor: Pid;
	settings: DemoSettings;
	/** The modules start_child may start, by name. */
	modules: Map<string, KnownModule>;
}

/**
 * A process that sends `message` to its owner every `ms` until the owner is gone; linked, so it
 * dies with an owner that crashes (the runtime has no send_after, so a timer is a process).
 */
function every(ctx: ProcessContext, ms: number, message: unknown): void {
	const owner = ctx.self;
	ctx.spawnLink(
		async (timer) => {
			for (;;) {
				await timer.sleep(ms);
				if (!timer.node.isAlive(owner)) return;
				timer.send(owner, message);
			}
		},
		{ label: `timer ${ms} ms` }
	);
}

const isTuple = (m: unknown, tag: string): m is unknown[] => Array.isArray(m) && m[0] === tag;

export const Counter: GenServerModule<{ count: number }, { initial: number }> = {
	name: 'Demo.Counter',
	init: ({ initial }) => ['ok', { count: initial }],
	handleCall(request, _from, state) {
		if (request === 'get') return ['reply', state.count, state];
		if (request === 'reset') return ['reply', 0, { count: 0 }];
		if (isTuple(request, 'add') && typeof request[1] === 'number') {
			const count = state.count + request[1];
			return ['reply', count, { count }];
		}
		return ['reply', ['error', 'unknown_call'], state];
	},
	handleCast(message, state) {
		return message === 'increment' ? ['noreply', { count: state.count + 1 }] : ['noreply', state];
	}
};

export const Echo: GenServerModule<{ calls: number; casts: unknown[]; infos: unknown[] }> = {
	name: 'Demo.Echo',
	init: () => ['ok', { calls: 0, casts: [], infos: [] }],
	handleCall: (request, _from, s) => ['reply', request, { ...s, calls: s.calls + 1 }],
	handleCast: (message, s) => ['noreply', { ...s, casts: [...s.casts, message].slice(-10) }],
	handleInfo: (message, s) => ['noreply', { ...s, infos: [...s.infos, message].slice(-10) }]
};

interface ProducerState {
	sent: number;
	everyMs: number;
}

export const Producer: GenServerModule<ProducerState, { everyMs: number }> = {
	name: 'Demo.Producer',
	init({ everyMs }, ctx) {
		every(ctx, everyMs, 'tick');
		return ['ok', { sent: 0, everyMs }];
	},
	handleInfo(message, state, ctx) {
		if (message !== 'tick') return ['noreply', state];
		const sent = state.sent + 1;
		ctx.cast('Demo.Transformer', ['event', sent]);
		return ['noreply', { ...state, sent }];
	}
};

export const Transformer: GenServerModule<{ handled: number }> = {
	name: 'Demo.Transformer',
	init: () => ['ok', { handled: 0 }],
	handleCast(message, state, ctx) {
		if (!isTuple(message, 'event') || typeof message[1] !== 'number') return ['noreply', state];
		ctx.cast('Demo.Consumer', ['processed', message[1], message[1] * message[1]]);
		return ['noreply', { handled: state.handled + 1 }];
	}
};

interface ConsumerState {
	received: number;
	sum: number;
	last: number | null;
	lastInfo: unknown;
}

export const Consumer: GenServerModule<ConsumerState> = {
	name: 'Demo.Consumer',
	init: () => ['ok', { received: 0, sum: 0, last: null, lastInfo: null }],
	handleCast(message, state) {
		if (!isTuple(message, 'processed') || typeof message[2] !== 'number') return ['noreply', state];
		return [
			'noreply',
			{
				...state,
				received: state.received + 1,
				sum: state.sum + message[2],
				last: message[1] as number
			}
		];
	},
	handleInfo: (message, state) => ['noreply', { ...state, lastInfo: message }]
};

interface CacheState {
	entries: Record<string, { value: unknown; at: number }>;
	evicted: number;
}

/** Entries older than this are evicted by Demo.Janitor's sweeps. */
const CACHE_TTL_MS = 30_000;

export const Cache: GenServerModule<CacheState> = {
	name: 'Demo.Cache',
	init: () => ['ok', { entries: {}, evicted: 0 }],
	handleCall(request, _from, state, ctx) {
		if (isTuple(request, 'put') && typeof request[1] === 'string') {
			const entries = { ...state.entries, [request[1]]: { value: request[2], at: ctx.node.now() } };
			return ['reply', 'ok', { ...state, entries }];
		}
		if (isTuple(request, 'get') && typeof request[1] === 'string') {
			return [
				'reply',
				Object.hasOwn(state.entries, request[1]) ? state.entries[request[1]].value : null,
				state
			];
		}
		if (request === 'size') return ['reply', Object.keys(state.entries).length, state];
		return ['reply', ['error', 'unknown_call'], state];
	},
	handleCast(message, state, ctx) {
		if (message !== 'evict_old') return ['noreply', state];
		const cutoff = ctx.node.now() - CACHE_TTL_MS;
		const kept = Object.entries(state.entries).filter(([, e]) => e.at >= cutoff);
		const evicted = Object.keys(state.entries).length - kept.length;
		return ['noreply', { entries: Object.fromEntries(kept), evicted: state.evicted + evicted }];
	}
};

export const Janitor: GenServerModule<{ sweeps: number }> = {
	name: 'Demo.Janitor',
	init(_args, ctx) {
		every(ctx, 5000, 'sweep');
		return ['ok', { sweeps: 0 }];
	},
	handleInfo(message, state, ctx) {
		if (message !== 'sweep') return ['noreply', state];
		ctx.cast('Demo.Cache', 'evict_old');
		return ['noreply', { sweeps: state.sweeps + 1 }];
	}
};

interface JobState {
	name: string;
	runs: number;
	failures: number;
	lastError: string | null;
}

export const Job: GenServerModule<JobState, { name: string; everyMs: number }> = {
	name: 'Demo.Job',
	init({ name, everyMs }, ctx) {
		every(ctx, everyMs, 'work');
		return ['ok', { name, runs: 0, failures: 0, lastError: null }];
	},
	async handleInfo(message, state, ctx) {
		if (message !== 'work') return ['noreply', state];
		const runs = state.runs + 1;
		try {
			await ctx.call('Demo.Cache', ['put', `job:${state.name}`, runs], 1000);
			return ['noreply', { ...state, runs }];
		} catch (error) {
			// The cache restarting is no reason for the job to crash: it tries again next time.
			const lastError = error instanceof Error ? error.message : String(error);
			return ['noreply', { ...state, runs, failures: state.failures + 1, lastError }];
		}
	}
};

interface FlakyState {
	ticks: number;
	/** Node clock ms of the next crash (while crashes are on). */
	crashAt: number;
	settings: DemoSettings;
}

export const Flaky: GenServerModule<FlakyState, DemoSettings> = {
	name: 'Demo.Flaky',
	init(settings, ctx) {
		every(ctx, 1000, 'tick');
		return ['ok', { ticks: 0, crashAt: nextCrash(settings, ctx.node.now()), settings }];
	},
	handleInfo(message, state, ctx) {
		if (message !== 'tick') return ['noreply', state];
		const next = { ...state, ticks: state.ticks + 1 };
		if (state.settings.crashes && ctx.node.now() >= state.crashAt) {
			return ['stop', 'chaos_monkey', next];
		}
		return ['noreply', next];
	},
	handleCall(request, _from, state, ctx) {
		if (isTuple(request, 'set_crashes') && typeof request[1] === 'boolean') {
			state.settings.crashes = request[1];
			const crashAt = nextCrash(state.settings, ctx.node.now());
			return ['reply', { crashes: request[1] }, { ...state, crashAt }];
		}
		if (request === 'status') {
			const { crashes } = state.settings;
			return [
				'reply',
				{ crashes, nextCrashInMs: crashes ? state.crashAt - ctx.node.now() : null },
				state
			];
		}
		return ['reply', ['error', 'unknown_call'], state];
	}
};

function nextCrash(settings: DemoSettings, now: number): number {
	const [min, max] = settings.crashEveryMs;
	return now + min + Math.floor(settings.random() * (max - min));
}

/** A child spec that registers the server under its module name. */
function named<A>(
	mod: GenServerModule<unknown, A>,
	args: A,
	overrides: Partial<ChildSpec> = {}
): ChildSpec {
	return GenServer.childSpec(mod, args, {
		start: (sup) => GenServer.startLink(sup, mod, args, { name: mod.name }),
		...overrides
	});
}

/** A Registry under a supervisor: Registry.start, linked to the supervisor. */
export function registryChild(name: string): ChildSpec {
	return {
		id: name,
		start: async (sup) => {
			const result = await Registry.start(sup, { name });
			if (result !== 'ignore' && result[0] === 'ok') sup.link(result[1]);
			return result;
		},
		type: 'worker',
		modules: ['Registry']
	};
}

function jobSpec(
	args: { name: string; everyMs: number },
	overrides: Partial<ChildSpec> = {}
): ChildSpec {
	return {
		id: `job:${args.name}`,
		start: (sup) =>
			GenServer.startLink(sup, Job, args, { name: Registry.via(DEMO_REGISTRY, args.name) }),
		restart: 'permanent',
		shutdown: 5000,
		type: 'worker',
		modules: ['Demo.Job'],
		...overrides
	};
}

const Pipeline: SupervisorModule<number> = {
	name: 'Demo.Pipeline',
	init: (everyMs) => [
		'ok',
		{ strategy: 'rest_for_one', intensity: 5, period: 10 },
		[named(Producer, { everyMs }), named(Transformer, undefined), named(Consumer, undefined)]
	]
};

const CacheSupervisor: SupervisorModule = {
	name: 'Demo.CacheSupervisor',
	init: () => [
		'ok',
		{ strategy: 'one_for_all', intensity: 3, period: 5 },
		[named(Cache, undefined), named(Janitor, undefined)]
	]
};

const Root: SupervisorModule<{ settings: DemoSettings; everyMs: number }> = {
	name: 'Demo.Supervisor',
	init: ({ settings, everyMs }) => [
		'ok',
		{ strategy: 'one_for_one', intensity: 10, period: 60 },
		[
			registryChild(DEMO_REGISTRY),
			named(Counter, { initial: 0 }),
			Supervisor.childSpec(Pipeline, everyMs, {
				start: (sup) => Supervisor.startLink(sup, Pipeline, everyMs, { name: 'Demo.Pipeline' })
			}),
			Supervisor.childSpec(CacheSupervisor, undefined, {
				start: (sup) =>
					Supervisor.startLink(sup, CacheSupervisor, undefined, { name: 'Demo.CacheSupervisor' })
			}),
			{
				id: 'Demo.Jobs',
				start: (sup) => DynamicSupervisor.startLink(sup, { name: 'Demo.Jobs', maxChildren: 20 }),
				type: 'supervisor',
				shutdown: 'infinity',
				modules: ['DynamicSupervisor']
			},
			named(Flaky, settings)
		]
	]
};

/** The modules a learner may start with start_child. */
export function demoModules(): Map<string, KnownModule> {
	const modules: KnownModule[] = [
		{
			name: 'Demo.Counter',
			description: "A counter: call 'get', ['add', n] or 'reset'; cast 'increment'.",
			type: 'worker',
			args: z.object({ initial: z.number().int().default(0) }).prefault({}),
			childSpec: (args, overrides) => GenServer.childSpec(Counter, args, overrides)
		},
		{
			name: 'Demo.Echo',
			description: 'Replies to every call with the request; keeps the last 10 casts and messages.',
			type: 'worker',
			args: z.null().optional().describe('No argument.'),
			childSpec: (_args, overrides) => GenServer.childSpec(Echo, undefined, overrides)
		},
		{
			name: 'Demo.Job',
			description:
				'A pool job: writes job:<name> into Demo.Cache every everyMs, registered in Demo.Registry as name.',
			type: 'worker',
			args: z.object({
				name: z
					.string()
					.min(1)
					.max(50)
					.regex(/^[\w-]+$/),
				everyMs: z.number().int().min(100).max(60_000).default(2000)
			}),
			childSpec: (args, overrides) => jobSpec(args as { name: string; everyMs: number }, overrides)
		}
	];
	return new Map(modules.map((m) => [m.name, m]));
}

/** Starts the demo application on `node`, from the node's root; resolves once it runs. */
export async function startDemoApp(node: Node, opts: DemoOptions = {}): Promise<DemoApp> {
	const settings: DemoSettings = {
		crashes: opts.crashes ?? true,
		crashEveryMs: opts.crashEveryMs ?? [20_000, 40_000],
		random: seededRandom(opts.seed ?? 1)
	};
	const started = await Supervisor.start(
		node,
		Root,
		{ settings, everyMs: opts.eventEveryMs ?? 1000 },
		{ name: DEMO_SUPERVISOR }
	);
	if (started === 'ignore' || started[0] !== 'ok') {
		throw new Error(`The demo application did not start: ${JSON.stringify(started)}`);
	}
	const jobs = opts.jobs ?? [
		{ name: 'alpha', everyMs: 2000 },
		{ name: 'beta', everyMs: 3000 },
		{ name: 'gamma', everyMs: 5000 }
	];
	for (const job of jobs) {
		await DynamicSupervisor.startChild(node, 'Demo.Jobs', jobSpec(job));
	}
	return { supervisor: started[1], settings, modules: demoModules() };
}
