// xstate v5 running runtime.bench.ts's programs, with the same N, warm-up and median. The
// actors are `fromTransition` reducers, xstate's lightest actor logic (a state and a handler,
// as a GenServer has). xstate has no supervision or request/reply: it has no restart or call
// figures. Run through `npm run bench -- --peers`.
import { createActor, fromTransition, type AnyActorRef } from 'xstate';
import {
	calibrate,
	liveHeap,
	medianOf,
	Report,
	REPS,
	SPAWNS,
	SERVERS,
	MESSAGES,
	ROUND_TRIPS,
	REP_SECONDS
} from '../node/kit.ts';

type Event = { type: 'message' } | { type: 'ping'; from: AnyActorRef } | { type: 'pong' };
const message: Event = { type: 'message' };
const counter = fromTransition((count: number, _event: Event) => count + 1, 0);

function spawnStop(n: number): number {
	const started = performance.now();
	for (let i = 0; i < n; i++) createActor(counter).start().stop();
	return ((performance.now() - started) * 1000) / n;
}

function idleActors(n: number): number {
	const before = liveHeap();
	const actors = [];
	for (let i = 0; i < n; i++) actors.push(createActor(counter).start());
	const perActor = (liveHeap() - before) / n;
	for (const actor of actors) actor.stop();
	return perActor;
}

function oneWay(n: number): number {
	const receiver = createActor(counter).start();
	const started = performance.now();
	for (let i = 0; i < n; i++) receiver.send(message);
	const rate = n / ((performance.now() - started) / 1000);
	if (receiver.getSnapshot().context !== n) throw new Error('messages were lost');
	receiver.stop();
	return rate;
}

/** xstate delivers synchronously: each send runs the receiver's transition before returning. */
function pingPong(n: number): number {
	const ponger = createActor(
		fromTransition((count: number, event: Event) => {
			if (event.type !== 'ping') return count;
			event.from.send({ type: 'pong' });
			return count + 1;
		}, 0)
	).start();
	const pinger = createActor(
		fromTransition((count: number, _event: Event, { self }) => {
			if (count < n) ponger.send({ type: 'ping', from: self });
			return count + 1;
		}, 0)
	).start();
	const started = performance.now();
	pinger.send({ type: 'pong' });
	const rate = n / ((performance.now() - started) / 1000);
	if (ponger.getSnapshot().context !== n) throw new Error('round trips were lost');
	pinger.stop();
	ponger.stop();
	return rate;
}

async function throughput(max: number, run: (n: number) => number) {
	const n = await calibrate(max, REP_SECONDS, run);
	return { value: (await medianOf(REPS, () => run(n))) / 1e6, n };
}

const report = new Report('xstate');
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
report.finish();
