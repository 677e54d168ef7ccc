// nact 7 running runtime.bench.ts's programs, with the same N, warm-up and median. nact handles
// each message in its own setImmediate. Its supervision is an `onCrash` policy: `reset` re-runs
// the crashed actor's initialStateFunc (one_for_one), `resetAll` its siblings' too
// (one_for_all); a crash stands in for the kill, since nact cannot restart a stopped actor.
// GenServer.call is nact's `query`. Run through `npm run bench -- --peers`.
import { dispatch, query, spawn, start, stop, type Ref } from 'nact';
import {
	calibrate,
	liveHeap,
	median,
	medianOf,
	Report,
	REPS,
	SPAWNS,
	SERVERS,
	MESSAGES,
	ROUND_TRIPS,
	CALLS,
	KILLS,
	REP_SECONDS
} from '../node/kit.ts';

type Reply = { sender: Ref<unknown> };
const nothing = (state: number) => state;

async function spawnStop(n: number): Promise<number> {
	const system = start();
	let stopped = 0;
	let done!: () => void;
	const allStopped = new Promise<void>((resolve) => (done = resolve));
	const afterStop = () => {
		if (++stopped === n) done();
	};
	const started = performance.now();
	for (let i = 0; i < n; i++) stop(spawn(system, nothing, `a${i}`, { afterStop }));
	await allStopped;
	const perActor = ((performance.now() - started) * 1000) / n;
	stop(system);
	return perActor;
}

function idleActors(n: number): number {
	const system = start();
	const before = liveHeap();
	for (let i = 0; i < n; i++) spawn(system, nothing, `a${i}`, { initialState: 0 });
	const perActor = (liveHeap() - before) / n;
	stop(system);
	return perActor;
}

async function oneWay(n: number): Promise<number> {
	const system = start();
	let done!: (at: number) => void;
	const finished = new Promise<number>((resolve) => (done = resolve));
	const receiver = spawn(
		system,
		(count: number, _message: number) => {
			if (count + 1 === n) done(performance.now());
			return count + 1;
		},
		'receiver',
		{ initialState: 0 }
	);
	const started = performance.now();
	for (let i = 0; i < n; i++) dispatch(receiver, i);
	const rate = n / (((await finished) - started) / 1000);
	stop(system);
	return rate;
}

async function pingPong(n: number): Promise<number> {
	const system = start();
	let done!: (at: number) => void;
	const finished = new Promise<number>((resolve) => (done = resolve));
	const ponger = spawn(
		system,
		(state: number, message: Reply, ctx) => {
			dispatch(message.sender, { sender: ctx.self });
			return state;
		},
		'ponger'
	);
	const pinger = spawn(
		system,
		(count: number, _message: Reply, ctx) => {
			if (count < n) dispatch(ponger, { sender: ctx.self });
			else done(performance.now());
			return count + 1;
		},
		'pinger',
		{ initialState: 0 }
	);
	const started = performance.now();
	dispatch(pinger, { sender: ponger });
	const rate = n / (((await finished) - started) / 1000);
	stop(system);
	return rate;
}

async function calls(n: number): Promise<number> {
	const system = start();
	const server = spawn(
		system,
		(state: number, message: Reply) => {
			dispatch(message.sender, 'pong');
			return state;
		},
		'server'
	);
	const started = performance.now();
	for (let i = 0; i < n; i++) await query(server, (sender) => ({ sender }), 5000);
	const rate = n / ((performance.now() - started) / 1000);
	stop(system);
	return rate;
}

/** Crashes a child KILLS times (after a tenth as many unrecorded); median µs to the last init. */
async function restart(policy: 'reset' | 'resetAll', children: number): Promise<number> {
	const system = start();
	const supervisor = spawn(system, nothing, 'supervisor');
	const initAt: number[] = [];
	let awaited = 0;
	let wake = () => {};
	const refs = [];
	for (let id = 0; id < children; id++) {
		const child = spawn(
			supervisor,
			(_state: number, _message: 'crash'): number => {
				throw new Error('crash');
			},
			`c${id}`,
			{
				initialStateFunc: () => {
					initAt[id] = performance.now();
					if (--awaited === 0) wake();
					return id;
				},
				onCrash: (_message, _error, ctx) => ctx[policy]
			}
		);
		refs.push(child);
	}
	const latencies: number[] = [];
	const warmups = KILLS / 10;
	for (let k = 0; k < warmups + KILLS; k++) {
		const id = k % children;
		awaited = policy === 'reset' ? 1 : children;
		const restarted = new Promise<void>((resolve) => (wake = resolve));
		const crashedAt = performance.now();
		dispatch(refs[id], 'crash');
		await restarted;
		const last = policy === 'reset' ? initAt[id] : Math.max(...initAt);
		if (k >= warmups) latencies.push((last - crashedAt) * 1000);
	}
	stop(system);
	return median(latencies);
}

async function throughput(max: number, run: (n: number) => Promise<number>) {
	const n = await calibrate(max, REP_SECONDS, run);
	return { value: (await medianOf(REPS, () => run(n))) / 1e6, n };
}

const report = new Report('nact');
await report.figure('spawn+exit', 'µs', undefined, async () => ({
	value: await medianOf(REPS, () => spawnStop(SPAWNS)),
	n: SPAWNS
}));
await report.figure('memory per idle GenServer', 'B', undefined, async () => ({
	value: await medianOf(3, () => idleActors(SERVERS), 0),
	n: SERVERS
}));
await report.figure('one-way messages', 'M msgs/s', undefined, () => throughput(MESSAGES, oneWay));
await report.figure('ping-pong', 'M round trips/s', undefined, () =>
	throughput(ROUND_TRIPS, pingPong)
);
await report.figure('GenServer.call', 'M calls/s', undefined, () => throughput(CALLS, calls));
await report.figure('one_for_one restart, 1,000 children', 'µs', undefined, () =>
	restart('reset', 1000)
);
await report.figure('one_for_all restart, 10 children', 'µs', undefined, () =>
	restart('resetAll', 10)
);
report.finish();
