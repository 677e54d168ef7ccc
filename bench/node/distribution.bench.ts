// Distribution between nodes in two worker threads (issue 16): each node is a runtime in its
// own thread, as in the app, and this main thread is their broker — it hands each pair the two
// ends of one MessageChannel. Figures:
// - node start → first remote message: from `new Worker` (a new node) to the moment a process on
//   the other node has its first message (it connects on first use through the broker); beside
//   it, the part after the node is made, and an empty worker thread's own start (the floor);
// - throughput: a process sends 1,000,000 numbers to the sink's pid on the other node (found
//   with rpc.call of erlang:whereis); the sink counts them;
// - remote send latency: half the round trip of a ping to a process on the other node, p50 of
//   10,000 sequential pings (no simulated latency).
// This file is also the workers' program (`isMainThread` false).
import {
	isMainThread,
	MessageChannel,
	parentPort,
	Worker,
	workerData,
	type MessagePort
} from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { createNode, type Pid } from '../../src/lib/runtime/index.ts';
import { Distribution, rpc, type PortLike } from '../../src/lib/distribution/index.ts';
import { atLeast, atMost, median, medianOf, Report } from './kit.ts';

const MESSAGES = 1_000_000;
const PINGS = 10_000;

interface Boot {
	name: string;
	number: number;
	/** Sends 'hello' to `{ sink, a@sim }` as soon as the node is up. */
	greet?: boolean;
}

type ToWorker =
	| { type: 'attach'; peer: { name: string; number: number }; port: MessagePort }
	| { type: 'flood'; n: number; byName: boolean }
	| { type: 'ping'; n: number }
	| { type: 'expect'; n: number };

type FromWorker =
	| { type: 'request'; peer: string | number }
	| { type: 'counted'; at: number }
	| { type: 'pinged'; halfRoundTripsMs: number[] }
	/** `at`: when the worker began to make its node. */
	| { type: 'ready'; at: number };

const now = () => performance.timeOrigin + performance.now();

/** A node in this worker thread: a sink that counts, an echo, and the tasks main asks for. */
function runNode(boot: Boot): void {
	const startedAt = now();
	const port = parentPort!;
	const post = (m: FromWorker) => port.postMessage(m);
	const node = createNode({ name: boot.name, number: boot.number });
	const dist = new Distribution({
		node,
		broker: { request: (_self, peer) => post({ type: 'request', peer }) }
	});
	let expected = 1;
	node.spawn(
		async (ctx) => {
			for (let count = 0; ;) {
				await ctx.receive();
				if (++count === expected) {
					post({ type: 'counted', at: now() });
					count = 0;
				}
			}
		},
		{ name: 'sink' }
	);
	node.spawn(
		async (ctx) => {
			for (;;) {
				const from = (await ctx.receive()) as Pid;
				ctx.send(from, 'pong');
			}
		},
		{ name: 'echo' }
	);
	port.on('message', (m: ToWorker) => {
		// A Node MessagePort posts and closes as the DOM's does.
		if (m.type === 'attach') dist.attach(m.peer, m.port as unknown as PortLike);
		else if (m.type === 'expect') expected = m.n;
		else if (m.type === 'flood') {
			node.spawn(async (ctx) => {
				const sink = m.byName
					? { name: 'sink', node: 'a@sim' }
					: ((await rpc.call(ctx, 'a@sim', 'erlang', 'whereis', ['sink'])) as Pid);
				for (let i = 0; i < m.n; i++) ctx.send(sink, i);
			});
		} else {
			node.spawn(async (ctx) => {
				const times: number[] = [];
				const echo = { name: 'echo', node: 'a@sim' };
				for (let i = 0; i < m.n; i++) {
					const t0 = performance.now();
					ctx.send(echo, ctx.self);
					await ctx.receive();
					times.push((performance.now() - t0) / 2);
				}
				post({ type: 'pinged', halfRoundTripsMs: times });
			});
		}
	});
	if (boot.greet) node.spawn((ctx) => ctx.send({ name: 'sink', node: 'a@sim' }, 'hello'));
	post({ type: 'ready', at: startedAt });
}

/** Starts a node in a worker; `listen` hears what it posts. */
function startNode(
	boot: Boot,
	cluster: Map<string, Worker>,
	listen: (m: FromWorker) => void
): Worker {
	const worker = new Worker(fileURLToPath(import.meta.url), { workerData: boot });
	cluster.set(boot.name, worker);
	worker.on('message', (m: FromWorker) => {
		if (m.type === 'request') broker(cluster, boot, m.peer);
		listen(m);
	});
	return worker;
}

const numbers = new Map<string, number>();

/** The broker: the two ends of one channel to both nodes. */
function broker(cluster: Map<string, Worker>, self: Boot, peer: string | number): void {
	const name = typeof peer === 'string' ? peer : [...numbers].find(([, n]) => n === peer)?.[0];
	const other = name && cluster.get(name);
	if (!other || !name) return;
	const { port1, port2 } = new MessageChannel();
	cluster.get(self.name)!.postMessage(
		{
			type: 'attach',
			peer: { name, number: numbers.get(name)! },
			port: port1
		} satisfies ToWorker,
		[port1]
	);
	other.postMessage(
		{
			type: 'attach',
			peer: { name: self.name, number: self.number },
			port: port2
		} satisfies ToWorker,
		[port2]
	);
}

function next(worker: Worker, type: FromWorker['type']): Promise<FromWorker> {
	return new Promise((resolve) => {
		const on = (m: FromWorker) => {
			if (m.type !== type) return;
			worker.off('message', on);
			resolve(m);
		};
		worker.on('message', on);
	});
}

async function main(): Promise<void> {
	const report = new Report('distribution');
	const cluster = new Map<string, Worker>();
	numbers.set('a@sim', 1);
	const a = startNode({ name: 'a@sim', number: 1 }, cluster, () => {});
	await next(a, 'ready');

	let serial = 2;
	/** Each new node's times: from `new Worker`, and from the moment its thread made the node. */
	const starts: Array<{ total: number; fromNode: number }> = [];
	for (let i = 0; i < 11; i++) {
		const name = `n${serial}@sim`;
		const number = serial++;
		numbers.set(name, number);
		const counted = next(a, 'counted');
		const t0 = now();
		const worker = startNode({ name, number, greet: true }, cluster, () => {});
		const ready = next(worker, 'ready');
		const { at } = (await counted) as { at: number };
		const { at: made } = (await ready) as { at: number };
		await worker.terminate();
		cluster.delete(name);
		if (i >= 2) starts.push({ total: at - t0, fromNode: at - made });
	}
	await report.figure(
		'node start → first remote message (new worker)',
		'ms',
		atMost(50, '≤ 50 ms'),
		() => Promise.resolve(median(starts.map((s) => s.total)))
	);
	await report.figure('node made → first remote message (connect + send)', 'ms', undefined, () =>
		Promise.resolve(median(starts.map((s) => s.fromNode)))
	);
	await report.figure(
		"an empty worker thread's first message (the platform's floor)",
		'ms',
		undefined,
		() =>
			medianOf(9, async () => {
				const t0 = now();
				const worker = new Worker("require('node:worker_threads').parentPort.postMessage(0)", {
					eval: true
				});
				await new Promise((resolve) => worker.once('message', resolve));
				const ms = now() - t0;
				await worker.terminate();
				return ms;
			})
	);

	numbers.set('b@sim', 99);
	const b = startNode({ name: 'b@sim', number: 99 }, cluster, () => {});
	await next(b, 'ready');

	for (const byName of [false, true]) {
		await report.figure(
			byName ? 'cross-node throughput to {name, node}' : 'cross-node throughput, batched',
			'msgs/s',
			byName ? undefined : atLeast(1_000_000, '≥ 1 M msgs/s'),
			() =>
				medianOf(
					5,
					async () => {
						a.postMessage({ type: 'expect', n: MESSAGES } satisfies ToWorker);
						const counted = next(a, 'counted');
						const t0 = now();
						b.postMessage({ type: 'flood', n: MESSAGES, byName } satisfies ToWorker);
						const { at } = (await counted) as { at: number };
						return MESSAGES / ((at - t0) / 1000);
					},
					1
				)
		);
	}

	await report.figure(
		'remote send latency p50 (half a round trip)',
		'ms',
		atMost(0.1, '≤ 0.1 ms'),
		async () => {
			b.postMessage({ type: 'ping', n: PINGS } satisfies ToWorker);
			const { halfRoundTripsMs } = (await next(b, 'pinged')) as { halfRoundTripsMs: number[] };
			return median(halfRoundTripsMs.slice(1000));
		}
	);

	report.save();
	for (const worker of cluster.values()) await worker.terminate();
}

if (!isMainThread) runNode(workerData as Boot);
else await main();
