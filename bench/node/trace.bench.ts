// The message tracer's figures (issue 13): how fast a trace session captures, and what tracing
// costs one-way messages — with no session (the runtime's own figure: per-process flags cost one
// read per delivery) and with a session on an unrelated process. Real clock; run through
// `npm run bench -- --node-only trace`.
import { createNode, type Node, type Pid } from '../../src/lib/runtime/index.ts';
import { TraceSession } from '../../src/lib/stream/tracer/session.ts';
import { MAX_MAX_EVENTS, type TraceStart } from '../../src/lib/arsenal/trace_schemas.ts';
import {
	atLeast,
	atMost,
	calibrate,
	log,
	median,
	medianOf,
	Report,
	REPS,
	MESSAGES,
	REP_SECONDS
} from './kit.ts';

const ALL: TraceStart = {
	flags: ['send', 'receive', 'spawn', 'exit', 'link', 'call'],
	subtree: false,
	maxEvents: MAX_MAX_EVENTS,
	durationMs: 600_000
};

/** Resolves with performance.now() once `n` messages were received; rejects after a minute. */
function receiverOf(node: Node, n: number): { pid: Pid; done: Promise<number> } {
	let resolve!: (at: number) => void;
	const done = new Promise<number>((res, reject) => {
		const timer = setTimeout(() => reject(new Error(`${n} messages did not arrive`)), 60_000);
		resolve = (at) => {
			clearTimeout(timer);
			res(at);
		};
	});
	const pid = node.spawn(async (ctx) => {
		for (let i = 0; i < n; i++) await ctx.receive();
		resolve(performance.now());
	});
	return { pid, done };
}

/**
 * A process sends `n` messages to another; msgs/s from the sender's spawn to the last receive.
 * `trace`: nothing, a session on an unrelated idle process, or one on the sender (its sends).
 */
async function oneWay(n: number, trace: 'none' | 'unrelated' | 'sender'): Promise<number> {
	const node = createNode({ clock: 'real' });
	const receiver = receiverOf(node, n);
	let session: TraceSession | undefined;
	if (trace === 'unrelated') {
		const idle = node.spawn((ctx) => ctx.receive());
		session = new TraceSession('bench', node, idle, ALL);
		session.start();
	}
	const started = performance.now();
	const sender = node.spawn((ctx) => {
		for (let i = 0; i < n; i++) ctx.send(receiver.pid, i);
	});
	if (trace === 'sender') {
		// Set before the sender's first turn: every send is captured.
		session = new TraceSession('bench', node, sender, { ...ALL, flags: ['send'], maxEvents: n });
		session.start();
	}
	const rate = n / (((await receiver.done) - started) / 1000);
	if (trace === 'sender' && session?.records.length !== n) {
		throw new Error(`captured ${session?.records.length} of ${n} sends`);
	}
	session?.stop('stopped');
	await node.shutdown();
	return rate;
}

/** Without a session and with one on an unrelated process, run in turns; the slowdown, %. */
async function pairedSlowdown(n: number): Promise<number> {
	for (let i = 0; i < 2; i++) {
		await oneWay(n, 'none');
		await oneWay(n, 'unrelated');
	}
	const off: number[] = [];
	const on: number[] = [];
	for (let i = 0; i < REPS; i++) {
		off.push(await oneWay(n, 'none'));
		on.push(await oneWay(n, 'unrelated'));
	}
	log(`off: ${off.map((v) => (v / 1e6).toFixed(2)).join(', ')} M/s`);
	log(`on:  ${on.map((v) => (v / 1e6).toFixed(2)).join(', ')} M/s`);
	return (1 - median(on) / median(off)) * 100;
}

const report = new Report('trace');
const n = await calibrate(MESSAGES, REP_SECONDS, (k) => oneWay(k, 'none'));
if (n < MESSAGES) log(`slow: ${n} messages per repetition instead of ${MESSAGES}`);

await report.figure('trace capture', 'k events/s', atLeast(200, '≥ 200k events/s'), async () => ({
	value: (await medianOf(REPS, () => oneWay(MAX_MAX_EVENTS, 'sender'))) / 1e3,
	n: MAX_MAX_EVENTS
}));
await report.figure('one-way messages, no trace session', 'M msgs/s', undefined, async () => ({
	value: (await medianOf(REPS, () => oneWay(n, 'none'))) / 1e6,
	n
}));
await report.figure(
	'one-way messages, a session on an unrelated process',
	'M msgs/s',
	undefined,
	async () => ({ value: (await medianOf(REPS, () => oneWay(n, 'unrelated'))) / 1e6, n })
);
await report.figure(
	'one-way slowdown with that session (paired runs)',
	'%',
	atMost(5, '≤ 5 %'),
	async () => ({ value: await pairedSlowdown(n), n })
);
report.finish();
