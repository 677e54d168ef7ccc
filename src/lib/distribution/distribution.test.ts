// Distribution between nodes in one thread, over real MessageChannels, after Erlang's
// distribution documentation and lib/kernel/test/erl_distribution_SUITE.erl (monitor_nodedown,
// link_to_dead, …): each node keeps a log of what its processes received, in order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	GenServer,
	TIMEOUT,
	createNode,
	type DownMessage,
	type ExitMessage,
	type GenServerModule,
	type Node as RuntimeNode,
	type Pid,
	type ProcessContext
} from '$lib/runtime';
import { LocalBroker, Node, rpc } from './index';

let cluster: LocalBroker;
let a: RuntimeNode;
let b: RuntimeNode;
let c: RuntimeNode;
/** What the processes started by `receiver` got, in order, as text. */
let log: string[];

function start(name: string, number: number): RuntimeNode {
	const node = createNode({ name, number, clock: 'virtual' });
	cluster.add(node, {
		seed: 7,
		modules: (m) => (m === 'math' ? { double: (x: number) => x * 2 } : undefined)
	});
	return node;
}

beforeEach(() => {
	cluster = new LocalBroker();
	a = start('a@sim', 1);
	b = start('b@sim', 2);
	c = start('c@sim', 3);
	log = [];
});

afterEach(async () => {
	cluster.close();
	await Promise.all([a, b, c].map((n) => n.shutdown()));
});

/** A process that logs every message it gets, as `tag: message`. */
function receiver(
	node: RuntimeNode,
	tag: string,
	opts: { name?: string; trapExit?: boolean } = {}
): Pid {
	return node.spawn(async (ctx) => {
		for (;;) log.push(`${tag}: ${text(await ctx.receive())}`);
	}, opts);
}

function text(m: unknown): string {
	const down = m as DownMessage;
	if (down?.kind === 'DOWN') {
		const pid =
			typeof down.pid === 'object' && !('id' in down.pid)
				? `{${down.pid.name},${down.pid.node}}`
				: String(down.pid);
		return `DOWN ${pid} ${String(down.reason)}`;
	}
	const exit = m as ExitMessage;
	if (exit?.kind === 'EXIT') return `EXIT ${String(exit.from)} ${String(exit.reason)}`;
	if (typeof m === 'symbol') return m.toString();
	return typeof m === 'string' ? m : JSON.stringify(m);
}

/** Runs `body` as a process of `node`. */
function run(
	node: RuntimeNode,
	body: (ctx: ProcessContext) => unknown,
	opts: { trapExit?: boolean } = {}
): Pid {
	return node.spawn(body, opts);
}

describe('messages', () => {
	it('sends to a pid on another node, which prints with its node number', async () => {
		const r = receiver(b, 'r');
		run(a, (ctx) => ctx.send(r, { hello: ctx.self }));
		await cluster.settle();
		expect(String(r)).toBe('<2.2.0>'); // <2.1.0> is b's rex
		expect(log).toEqual(['r: {"hello":"<1.2.0>"}']);
		expect(Node.list(a)).toEqual(['b@sim']);
		expect(Node.list(b)).toEqual(['a@sim']);
	});

	it('sends to {name, node}, connecting on first use', async () => {
		receiver(c, 'reg', { name: 'registry' });
		expect(Node.list(a)).toEqual([]);
		run(a, (ctx) => ctx.send({ name: 'registry', node: 'c@sim' }, 'ping'));
		await cluster.settle();
		expect(log).toEqual(['reg: ping']);
		expect(Node.list(a)).toEqual(['c@sim']);
	});

	it('drops a message to an unregistered {name, node} and to a dead remote pid', async () => {
		const gone = receiver(b, 'gone');
		b.exit(gone, 'kill');
		run(a, (ctx) => {
			ctx.send({ name: 'nobody', node: 'b@sim' }, 'x');
			ctx.send(gone, 'y');
		});
		await cluster.settle();
		expect(log).toEqual([]);
	});

	it('a pid that travels there and back is the same object', async () => {
		let back: unknown;
		const echo = b.spawn(async (ctx) => {
			const m = (await ctx.receive()) as { from: Pid };
			ctx.send(m.from, { you: m.from });
		});
		const asker = run(a, async (ctx) => {
			ctx.send(echo, { from: ctx.self });
			back = ((await ctx.receive()) as { you: Pid }).you;
		});
		await cluster.settle();
		expect(back).toBe(asker);
	});

	it('keeps the order of messages between one pair of processes', async () => {
		const r = receiver(b, 'r');
		run(a, (ctx) => {
			for (let i = 0; i < 1000; i++) ctx.send(r, i);
		});
		await cluster.settle();
		expect(log).toEqual(Array.from({ length: 1000 }, (_, i) => `r: ${i}`));
	});

	it('refuses to send a function, and says why', async () => {
		const r = receiver(b, 'r');
		let error: unknown;
		run(a, (ctx) => {
			try {
				ctx.send(r, { f: () => 1 });
			} catch (e) {
				error = e;
			}
		});
		await cluster.settle();
		expect(String(error)).toMatch(/function cannot be sent to another node/);
	});
});

describe('calls and rpc', () => {
	const Counter: GenServerModule<number> = {
		init: () => ['ok', 0],
		handleCall: (req, _from, n) => (req === 'inc' ? ['reply', n + 1, n + 1] : ['reply', n, n])
	};

	it('GenServer.call reaches a server registered on another node', async () => {
		await GenServer.start(b, Counter, undefined, { name: 'counter' });
		const replies: unknown[] = [];
		run(a, async (ctx) => {
			replies.push(await GenServer.call(ctx, { name: 'counter', node: 'b@sim' }, 'inc'));
			replies.push(await GenServer.call(ctx, { name: 'counter', node: 'b@sim' }, 'inc'));
		});
		await cluster.settle();
		expect(replies).toEqual([1, 2]);
	});

	it('a call to a node that is cut off exits with noconnection', async () => {
		await GenServer.start(b, Counter, undefined, { name: 'counter' });
		let error: unknown;
		run(a, async (ctx) => {
			await GenServer.call(ctx, { name: 'counter', node: 'b@sim' }, 'get');
			cluster.partition([['a@sim'], ['b@sim']]);
			await GenServer.call(ctx, { name: 'counter', node: 'b@sim' }, 'get').catch(
				(e: unknown) => (error = e)
			);
		});
		await cluster.settle();
		expect((error as { reason: unknown }).reason).toBe('noconnection');
	});

	it('rpc.call runs a module function there; bad ones are badrpc', async () => {
		const answers: unknown[] = [];
		run(a, async (ctx) => {
			answers.push(await rpc.call(ctx, 'b@sim', 'math', 'double', [21]));
			answers.push(await rpc.call(ctx, 'b@sim', 'erlang', 'node', []));
			answers.push(await rpc.call(ctx, 'b@sim', 'math', 'triple', [1]));
			answers.push(await rpc.call(ctx, 'nowhere@sim', 'erlang', 'node', []));
		});
		await cluster.settle();
		expect(answers).toEqual([
			42,
			'b@sim',
			{ badrpc: ['EXIT', ['undef', 'math', 'triple']] },
			{ badrpc: 'nodedown' }
		]);
	});
});

describe('monitors', () => {
	it('DOWN with the exit reason when a remote process exits', async () => {
		const target = receiver(b, 't');
		run(a, async (ctx) => {
			ctx.monitor(target);
			log.push(`w: ${text(await ctx.receive())}`);
		});
		await cluster.settle();
		b.exit(target, 'bye');
		await cluster.settle();
		expect(log).toEqual(['w: DOWN <2.2.0> bye']);
	});

	it('DOWN noproc for a dead remote pid, and for {name, node} with nothing there', async () => {
		const gone = receiver(b, 'gone');
		b.exit(gone, 'kill');
		run(a, async (ctx) => {
			ctx.monitor(gone);
			ctx.monitor({ name: 'nobody', node: 'b@sim' });
			log.push(`w: ${text(await ctx.receive())}`, `w: ${text(await ctx.receive())}`);
		});
		await cluster.settle();
		expect(log).toEqual(['w: DOWN <2.2.0> noproc', 'w: DOWN {nobody,b@sim} noproc']);
	});

	it('DOWN noconnection when a partition cuts the node off', async () => {
		receiver(b, 't', { name: 'worker' });
		run(a, async (ctx) => {
			ctx.monitor({ name: 'worker', node: 'b@sim' });
			log.push(`w: ${text(await ctx.receive())}`);
		});
		await cluster.settle();
		cluster.partition([['a@sim', 'c@sim'], ['b@sim']]);
		await cluster.settle();
		expect(log).toEqual(['w: DOWN {worker,b@sim} noconnection']);
	});

	it('a demonitor removes the monitor on the other node too', async () => {
		const target = receiver(b, 't');
		run(a, async (ctx) => {
			const ref = ctx.monitor(target);
			await ctx.receive({ timeout: 0 });
			ctx.demonitor(ref);
			log.push(`w: ${text(await ctx.receive({ timeout: 100 }))}`);
		});
		await cluster.settle();
		b.exit(target, 'bye');
		await cluster.advance(100);
		expect(log).toEqual([`w: ${String(TIMEOUT)}`]);
		expect(b.processInfo(target)).toBeUndefined();
	});
});

describe('links', () => {
	it('a remote link carries exits both ways', async () => {
		const onB = b.spawn(async (ctx) => void (await ctx.receive()), { trapExit: true });
		const onA = run(a, async (ctx) => {
			ctx.link(onB);
			await ctx.receive();
		});
		await cluster.settle();
		a.exit(onA, 'boom');
		await cluster.settle();
		expect(b.isAlive(onB)).toBe(false);

		// And the other way: a dies with the reason of b's process.
		const other = b.spawn(async (ctx) => void (await ctx.receive()));
		const linked = run(a, async (ctx) => {
			ctx.link(other);
			await ctx.receive();
		});
		await cluster.settle();
		b.exit(other, 'crash');
		await cluster.settle();
		expect(a.isAlive(linked)).toBe(false);
	});

	it('a trapping process gets EXIT noconnection when the link is cut, and noproc for a dead pid', async () => {
		const onB = receiver(b, 'b');
		const gone = receiver(b, 'gone');
		b.exit(gone, 'kill');
		run(
			a,
			async (ctx) => {
				ctx.link(gone);
				log.push(`t: ${text(await ctx.receive())}`);
				ctx.link(onB);
				await ctx.receive({ timeout: 0 });
				cluster.partition([['a@sim'], ['b@sim']]);
				log.push(`t: ${text(await ctx.receive())}`);
			},
			{ trapExit: true }
		);
		await cluster.settle();
		expect(log).toEqual(['t: EXIT <2.3.0> noproc', 't: EXIT <2.2.0> noconnection']);
		// b's side lost the link too: its process lives on.
		expect(b.isAlive(onB)).toBe(true);
	});

	it('an unlink stops the exit from crossing', async () => {
		const onB = b.spawn(async (ctx) => void (await ctx.receive()));
		const onA = run(a, async (ctx) => {
			ctx.link(onB);
			ctx.unlink(onB);
			await ctx.receive();
		});
		await cluster.settle();
		a.exit(onA, 'boom');
		await cluster.settle();
		expect(b.isAlive(onB)).toBe(true);
	});
});

describe('nodes', () => {
	it('monitorNode: nodedown when the connection is lost, nodeup/nodedown for monitorAll', async () => {
		run(a, async (ctx) => {
			Node.monitorAll(ctx, true);
			Node.monitor(ctx, 'b@sim', true);
			for (;;) log.push(`a: ${text(await ctx.receive())}`);
		});
		await cluster.settle();
		expect(log).toEqual(['a: {"kind":"nodeup","node":"b@sim"}']);
		cluster.partition([['a@sim'], ['b@sim']]);
		await cluster.settle();
		expect(log.slice(1).sort()).toEqual([
			'a: {"kind":"nodedown","node":"b@sim"}',
			'a: {"kind":"nodedown","node":"b@sim"}'
		]);
	});

	it('monitorNode on a node that cannot be reached: nodedown at once', async () => {
		run(a, async (ctx) => {
			Node.monitor(ctx, 'ghost@sim', true);
			log.push(`a: ${text(await ctx.receive())}`);
		});
		await cluster.settle();
		expect(log).toEqual(['a: {"kind":"nodedown","node":"ghost@sim"}']);
	});

	it('ping: pong for a node there, pang across a partition; heal restores delivery', async () => {
		const r = receiver(b, 'r', { name: 'r' });
		const answers: string[] = [];
		cluster.partition([['a@sim'], ['b@sim', 'c@sim']]);
		run(a, async (ctx) => {
			answers.push(await Node.ping(ctx, 'b@sim'));
			ctx.send({ name: 'r', node: 'b@sim' }, 'lost');
		});
		await cluster.settle();
		cluster.heal();
		await cluster.settle();
		// As in Erlang, a healed network connects again on next use.
		expect(Node.list(a)).toEqual([]);
		run(a, async (ctx) => {
			answers.push(await Node.ping(ctx, 'b@sim'));
			ctx.send(r, 'after heal');
		});
		await cluster.settle();
		expect(answers).toEqual(['pang', 'pong']);
		expect(log).toEqual(['r: after heal']);
		expect(Node.list(a)).toEqual(['b@sim']);
	});
});

describe('links with latency and loss', () => {
	it('holds messages for the latency, on the sender’s clock', async () => {
		const r = receiver(b, 'r');
		cluster.get('a@sim')!.setLink('b@sim', { latencyMs: 50 });
		run(a, (ctx) => ctx.send(r, 'slow'));
		await cluster.settle();
		expect(log).toEqual([]);
		await cluster.advance(49);
		expect(log).toEqual([]);
		await cluster.advance(1);
		expect(log).toEqual(['r: slow']);
	});

	it('a lower latency never lets a later message overtake', async () => {
		const r = receiver(b, 'r');
		const dist = cluster.get('a@sim')!;
		dist.setLink('b@sim', { latencyMs: 100 });
		run(a, (ctx) => {
			ctx.send(r, 1);
			dist.setLink('b@sim', { latencyMs: 0 });
			ctx.send(r, 2);
		});
		await cluster.advance(100);
		expect(log).toEqual(['r: 1', 'r: 2']);
	});

	it('loses the same messages for the same seed, never signals', async () => {
		async function lost(): Promise<number[]> {
			const got: number[] = [];
			const x = createNode({ name: 'x@sim', number: 8, clock: 'virtual' });
			const y = createNode({ name: 'y@sim', number: 9, clock: 'virtual' });
			const pair = new LocalBroker();
			pair.add(x, { seed: 3 }).setLink('y@sim', { loss: 0.5 });
			pair.add(y);
			const r = y.spawn(async (ctx) => {
				for (;;) got.push((await ctx.receive()) as number);
			});
			x.spawn((ctx) => {
				for (let i = 0; i < 20; i++) ctx.send(r, i);
			});
			await pair.settle();
			pair.close();
			await Promise.all([x.shutdown(), y.shutdown()]);
			return got;
		}
		const first = await lost();
		expect(first.length).toBeGreaterThan(2);
		expect(first.length).toBeLessThan(18);
		expect(await lost()).toEqual(first);
	});

	it('a one-way cut drops what one side sends; the other direction flows', async () => {
		const onA = receiver(a, 'a', { name: 'ra' });
		const onB = receiver(b, 'b', { name: 'rb' });
		run(a, (ctx) => ctx.send(onB, 'hello b'));
		await cluster.settle();
		cluster.partitionOneWay('a@sim', 'b@sim');
		run(a, (ctx) => ctx.send(onB, 'lost'));
		run(b, (ctx) => ctx.send(onA, 'hello a'));
		await cluster.settle();
		expect(log).toEqual(['b: hello b', 'a: hello a']);
	});

	it('ticks keep an idle connection up; a one-way cut is noticed after net_ticktime', async () => {
		receiver(a, 'a', { name: 'ra' });
		run(b, (ctx) => {
			Node.monitor(ctx, 'a@sim', true);
			ctx.send({ name: 'ra', node: 'a@sim' }, 'hello');
			return ctx.receive().then((m) => log.push(`b: ${text(m)}`));
		});
		await cluster.settle();
		await cluster.advance(180_000);
		expect(Node.list(b)).toEqual(['a@sim']);
		cluster.partitionOneWay('a@sim', 'b@sim');
		// As OTP's kernel docs say: noticed between 3/4 and 5/4 of net_ticktime (60 s) after.
		await cluster.advance(44_000);
		expect(Node.list(b)).toEqual(['a@sim']);
		await cluster.advance(31_000);
		expect(log).toEqual(['a: hello', 'b: {"kind":"nodedown","node":"a@sim"}']);
		expect(Node.list(b)).toEqual([]);
		expect(Node.list(a)).toEqual([]);
	});
});
