// The runtime's figures from issue #3, measured through its public contract on the real clock.
// Each section runs in a fresh node; bench/peers/ measures the same programs on nact, xstate
// and the BEAM. Run through `npm run bench` (it bundles this file and passes --expose-gc).
import {
	createNode,
	GenServer,
	Supervisor,
	type ChildSpec,
	type GenServerModule,
	type Pid,
	type ProcessContext
} from '../../src/lib/runtime/index.ts';
import {
	atLeast,
	atMost,
	calibrate,
	liveHeap,
	log,
	medianOf,
	median,
	Report,
	REPS,
	SPAWNS,
	SERVERS,
	MESSAGES,
	ROUND_TRIPS,
	CALLS,
	KILLS,
	IDLE,
	REP_SECONDS
} from './kit.ts';

const fresh = (opts: Parameters<typeof createNode>[0] = {}) =>
	createNode({ clock: 'real', ...opts });

/**
 * A promise the benchmark's own processes resolve when a measured run is over; it rejects after
 * `ms`. Timed sections wait on this, not on `node.settle()`: a pending settle makes the
 * scheduler check for idleness, which is work the figure should not include.
 */
function signal<T = number>(what: string, ms = 60_000) {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((res, reject) => {
		const timer = setTimeout(() => reject(new Error(`${what} did not happen in ${ms} ms`)), ms);
		resolve = (value) => {
			clearTimeout(timer);
			res(value);
		};
	});
	return { promise, resolve };
}

/** Spawns `n` bodies that return at once and waits until all have exited; µs per process. */
async function spawnExit(n: number): Promise<number> {
	const node = fresh();
	const started = performance.now();
	for (let i = 0; i < n; i++) node.spawn(() => undefined);
	await node.settle();
	const perProcess = ((performance.now() - started) * 1000) / n;
	await node.shutdown();
	return perProcess;
}

const idleServer: GenServerModule<number> = {
	name: 'idle_server',
	init: (state: number) => ['ok', state],
	handleCall: (request, _from, state) => ['reply', request, state]
};

/** Starts `n` GenServers that then wait idle; heap bytes each. */
async function idleServers(n: number): Promise<number> {
	const node = fresh();
	const before = liveHeap();
	for (let i = 0; i < n; i++) await GenServer.start(node, idleServer, 0);
	await node.settle();
	const perServer = (liveHeap() - before) / n;
	await node.shutdown();
	return perServer;
}

/** A sender process sends `n` messages; the receiver counts them with receive(); msgs/s. */
async function oneWay(n: number): Promise<number> {
	const node = fresh();
	const finished = signal(`receiving ${n} messages`);
	const receiver = node.spawn(async (ctx) => {
		for (let i = 0; i < n; i++) await ctx.receive();
		finished.resolve(performance.now());
	});
	const started = performance.now();
	node.spawn((ctx) => {
		for (let i = 0; i < n; i++) ctx.send(receiver, i);
	});
	const rate = n / (((await finished.promise) - started) / 1000);
	await node.shutdown();
	return rate;
}

/** Two processes bounce a message `n` times; round trips/s. */
async function pingPong(n: number): Promise<number> {
	const node = fresh();
	const finished = signal(`${n} round trips`);
	const ponger = node.spawn(async (ctx) => {
		for (;;) ctx.send((await ctx.receive()) as Pid, 'pong');
	});
	const started = performance.now();
	node.spawn(async (ctx) => {
		for (let i = 0; i < n; i++) {
			ctx.send(ponger, ctx.self);
			await ctx.receive();
		}
		finished.resolve(performance.now());
	});
	const rate = n / (((await finished.promise) - started) / 1000);
	await node.shutdown();
	return rate;
}

/** A process calls a GenServer `n` times in a row; calls/s. */
async function calls(n: number): Promise<number> {
	const node = fresh();
	const started = await GenServer.start(node, idleServer, 0);
	if (started[0] !== 'ok') throw new Error(`GenServer.start gave ${JSON.stringify(started)}`);
	const server = started[1];
	await node.settle();
	const finished = signal(`${n} calls`);
	const t0 = performance.now();
	node.spawn(async (ctx) => {
		for (let i = 0; i < n; i++) await GenServer.call(ctx, server, 'ping');
		finished.resolve(performance.now());
	});
	const rate = n / (((await finished.promise) - t0) / 1000);
	await node.shutdown();
	return rate;
}

/**
 * Starts a supervisor of `children` GenServers whose init records when it ran, kills a child
 * `KILLS` times (round robin, after a tenth as many unrecorded kills) and returns the median µs
 * from the kill to the moment the last replacement's init has run.
 */
async function restart(strategy: 'one_for_one' | 'one_for_all', children: number) {
	const node = fresh();
	const pids: Pid[] = [];
	const initAt: number[] = [];
	let awaited = 0;
	let restarted: ReturnType<typeof signal<void>> | undefined;
	const worker: GenServerModule<number, number> = {
		name: 'restart_worker',
		init: (id: number, ctx: ProcessContext) => {
			initAt[id] = performance.now();
			pids[id] = ctx.self;
			if (--awaited === 0) restarted?.resolve();
			return ['ok', id];
		}
	};
	const specs: ChildSpec[] = [];
	for (let id = 0; id < children; id++)
		specs.push(GenServer.childSpec(worker, id, { id: `c${id}` }));
	const started = await Supervisor.start(node, {
		name: 'restart_sup',
		init: () => ['ok', { strategy, intensity: 1_000_000, period: 1 }, specs]
	});
	if (started[0] !== 'ok') throw new Error(`Supervisor.start gave ${JSON.stringify(started)}`);
	await node.settle();

	const latencies: number[] = [];
	const warmups = KILLS / 10;
	for (let k = 0; k < warmups + KILLS; k++) {
		const id = k % children;
		awaited = strategy === 'one_for_one' ? 1 : children;
		restarted = signal<void>(`restart ${k} of child ${id}`, 5000);
		const killedAt = performance.now();
		node.exit(pids[id], 'kill');
		await restarted.promise;
		const last = strategy === 'one_for_one' ? initAt[id] : Math.max(...initAt);
		if (k >= warmups) latencies.push((last - killedAt) * 1000);
		await node.settle(); // let the supervisor finish its bookkeeping before the next kill
	}
	await node.shutdown();
	return { value: median(latencies), n: KILLS };
}

/** One million processes blocked in receive() in one node; bytes each and seconds to spawn. */
async function idleProcesses(): Promise<{ bytes: number; seconds: number }> {
	const node = fresh({ maxProcesses: 1_100_000 });
	const before = liveHeap();
	const started = performance.now();
	const idle = (ctx: ProcessContext) => ctx.receive();
	for (let i = 0; i < IDLE; i++) node.spawn(idle);
	await node.settle();
	const seconds = (performance.now() - started) / 1000;
	const alive = node.processes().length;
	if (alive < IDLE) throw new Error(`only ${alive} of ${IDLE} processes are alive`);
	return { bytes: (liveHeap() - before) / IDLE, seconds };
}

/** Runs a throughput figure: calibrated n (at most `max`), warm-up, median of REPS. */
async function throughput(max: number, run: (n: number) => Promise<number>) {
	const n = await calibrate(max, REP_SECONDS, run);
	if (n < max) log(`slow: ${n} operations per repetition instead of ${max}`);
	return { value: (await medianOf(REPS, () => run(n))) / 1e6, n };
}

const report = new Report('runtime');
await report.figure('spawn+exit', 'µs', atMost(0.5, '≤ 0.5 µs'), async () => ({
	value: await medianOf(REPS, () => spawnExit(SPAWNS)),
	n: SPAWNS
}));
await report.figure('memory per idle GenServer', 'B', atMost(1024, '≤ 1 KB'), async () => ({
	value: await medianOf(3, () => idleServers(SERVERS), 0),
	n: SERVERS
}));
await report.figure('one-way messages', 'M msgs/s', atLeast(8, '≥ 8 M msgs/s'), () =>
	throughput(MESSAGES, oneWay)
);
await report.figure('ping-pong', 'M round trips/s', atLeast(2, '≥ 2 M/s'), () =>
	throughput(ROUND_TRIPS, pingPong)
);
await report.figure('GenServer.call', 'M calls/s', atLeast(1, '≥ 1 M/s'), () =>
	throughput(CALLS, calls)
);
await report.figure('one_for_one restart, 1,000 children', 'µs', atMost(20, '≤ 20 µs'), () =>
	restart('one_for_one', 1000)
);
await report.figure('one_for_all restart, 10 children', 'µs', atMost(40, '≤ 40 µs'), () =>
	restart('one_for_all', 10)
);
let seconds = NaN;
await report.figure('1M idle processes', 'B', atMost(1024, 'succeeds, ≤ 1 KB each'), async () => {
	const measured = await idleProcesses();
	seconds = measured.seconds;
	return { value: measured.bytes, n: IDLE };
});
await report.figure('1M idle processes: spawn time', 's', undefined, () => {
	if (Number.isNaN(seconds)) throw new Error('the 1M processes did not start');
	return Promise.resolve(seconds);
});
report.finish();
