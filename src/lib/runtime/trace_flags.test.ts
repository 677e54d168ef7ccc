// Per-process trace flags (trace_flags.ts): each flag, set_on_spawn through a supervisor's
// restart, several sinks on one process, clearing, and the message classes of messageKind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	GenServer,
	Supervisor,
	createNode,
	type ExitReason,
	type GenServerModule,
	type Node,
	type Pid,
	type ProcessContext
} from './index';
import {
	clearTraceFlags,
	messageKind,
	messagePayload,
	setTraceFlags,
	traceFlagBits,
	tracedCount,
	type TraceFlag,
	type TraceSink
} from './host';
import { okPid } from '$lib/testing/runtime';

/** One line as the Recorder writes it. */
const line = (...parts: unknown[]) => parts.map(String).join(' ');

/** A sink that writes each event as a line of text. */
class Recorder implements TraceSink {
	readonly lines: string[] = [];
	send(from: Pid | undefined, to: Pid, message: unknown) {
		this.lines.push(`send ${String(from)} ${String(to)} ${messageKind(message)}`);
	}
	receive(to: Pid, from: Pid | undefined, message: unknown) {
		this.lines.push(`receive ${String(to)} ${String(from)} ${messageKind(message)}`);
	}
	spawn(parent: Pid, child: Pid) {
		this.lines.push(`spawn ${String(parent)} ${String(child)}`);
	}
	link(type: 'link' | 'unlink', pid: Pid, other: Pid) {
		this.lines.push(`${type} ${String(pid)} ${String(other)}`);
	}
	exit(pid: Pid, reason: ExitReason) {
		this.lines.push(`exit ${String(pid)} ${String(reason)}`);
	}
	gone(pid: Pid) {
		this.lines.push(`gone ${String(pid)}`);
	}
}

const echo: GenServerModule<number> = {
	name: 'echo',
	init: (n: number) => ['ok', n],
	handleCall: (request, _from, state) => ['reply', request, state],
	handleCast: (_message, state) => ['noreply', state + 1]
};

/** A process that waits for messages and forwards each `['to', pid, msg]`. */
const relay = async (ctx: ProcessContext) => {
	for (;;) {
		const m = await ctx.receive();
		if (Array.isArray(m) && m[0] === 'to') ctx.send(m[1] as Pid, m[2]);
	}
};

describe('trace flags', () => {
	let node: Node;
	let sink: Recorder;

	beforeEach(() => {
		node = createNode({ clock: 'virtual' });
		sink = new Recorder();
	});
	afterEach(async () => {
		await node.shutdown();
	});

	const trace = (pid: Pid, flags: TraceFlag[], subtree = false) =>
		setTraceFlags(node, pid, sink, traceFlagBits(flags), { subtree });

	it('send: the traced process’s sends only; receive: what arrives in its mailbox', async () => {
		const a = node.spawn(relay);
		const b = node.spawn(relay);
		trace(a, ['send']);
		node.send(a, ['to', b, 'hi']);
		node.send(b, ['to', a, 'back']);
		await node.settle();
		expect(sink.lines).toEqual([line('send', a, b, 'info')]);

		sink.lines.length = 0;
		trace(a, ['receive']);
		node.send(a, 'x');
		node.send(b, 'y');
		await node.settle();
		expect(sink.lines).toEqual([line('receive', a, node.processInfo(a)?.parent, 'info')]);
	});

	it('spawn, link and exit', async () => {
		const parent = node.spawn(async (ctx) => {
			const child = ctx.spawnLink(async (c) => void (await c.receive()));
			ctx.unlink(child);
			await ctx.receive();
			ctx.exit('done');
		});
		trace(parent, ['spawn', 'link', 'exit']);
		await node.settle();
		const child = node.processes().find((p) => p !== parent)!;
		node.send(parent, 'go');
		await node.settle();
		expect(sink.lines).toEqual([
			line('spawn', parent, child),
			line('link', parent, child),
			line('unlink', parent, child),
			line('exit', parent, 'done'),
			line('gone', parent)
		]);
		expect(tracedCount(node)).toBe(0);
	});

	it('call: a client’s calls and their replies, once each, without its other sends', async () => {
		const server = okPid(await GenServer.start(node, echo, 0));
		const other = node.spawn(relay);
		const client = node.spawn(async (ctx) => {
			await ctx.receive();
			ctx.send(other, 'not a call');
			await GenServer.call(ctx, server, 'ping');
			GenServer.cast(ctx, server, 'bump');
		});
		trace(client, ['call']);
		trace(server, ['call']); // the same sink on both sides: still one event per message
		node.send(client, 'go');
		await node.settle();
		expect(sink.lines).toEqual([
			line('send', client, server, 'call'),
			line('send', server, client, 'reply'),
			line('gone', client)
		]);
	});

	it('set_on_spawn: a restarted child of a traced supervisor is traced too', async () => {
		const sup = okPid(
			await Supervisor.start(node, {
				init: () => [
					'ok',
					{ strategy: 'one_for_one', intensity: 5, period: 5 },
					[GenServer.childSpec(echo, 0, { id: 'a' }), GenServer.childSpec(echo, 0, { id: 'b' })]
				]
			})
		);
		const [a, b] = (await Supervisor.whichChildren(node, sup)).map((c) => c.pid as Pid);
		expect(trace(sup, ['spawn', 'exit', 'receive', 'set_on_spawn'], true)).toBe(3);
		node.exit(a, 'kill');
		await node.settle();
		const a2 = (await Supervisor.whichChildren(node, sup))[0].pid as Pid;
		expect(a2).not.toBe(a);
		expect(sink.lines).toContain(line('exit', a, 'killed'));
		expect(sink.lines).toContain(line('receive', sup, a, 'exit'));
		expect(sink.lines).toContain(line('spawn', sup, a2));
		sink.lines.length = 0;
		GenServer.cast(node, a2, 'bump');
		GenServer.cast(node, b, 'bump');
		await node.settle();
		expect(sink.lines).toEqual([
			line('receive', a2, '<0.0.0>', 'cast'),
			line('receive', b, '<0.0.0>', 'cast')
		]);
	});

	it('several sinks on one process, each with its own flags', async () => {
		const a = node.spawn(relay);
		const b = node.spawn(relay);
		const other = new Recorder();
		trace(a, ['send']);
		setTraceFlags(node, a, other, traceFlagBits(['receive']));
		node.send(a, ['to', b, 1]);
		await node.settle();
		expect(sink.lines).toEqual([line('send', a, b, 'info')]);
		expect(other.lines).toEqual([line('receive', a, '<0.0.0>', 'info')]);
		expect(tracedCount(node)).toBe(1);
		clearTraceFlags(node, sink);
		expect(tracedCount(node)).toBe(1);
		clearTraceFlags(node, other);
		expect(tracedCount(node)).toBe(0);
	});

	it('clearing leaves no flag behind: nothing more is traced', async () => {
		const sup = okPid(
			await Supervisor.start(node, {
				init: () => ['ok', { strategy: 'one_for_one' }, [GenServer.childSpec(echo, 0, { id: 'a' })]]
			})
		);
		trace(sup, ['send', 'receive', 'set_on_spawn'], true);
		expect(tracedCount(node)).toBe(2);
		clearTraceFlags(node, sink);
		expect(tracedCount(node)).toBe(0);
		const [child] = await Supervisor.whichChildren(node, sup);
		GenServer.cast(node, child.pid as Pid, 'bump');
		await node.settle();
		expect(sink.lines).toEqual([]);
	});

	it('answers 0 for a dead pid, and a sink that stops its trace from inside a call is safe', async () => {
		const dead = node.spawn(() => undefined);
		await node.settle();
		expect(trace(dead, ['send'])).toBe(0);

		const a = node.spawn(relay);
		const b = node.spawn(relay);
		const stopping = new Recorder();
		stopping.send = () => clearTraceFlags(node, stopping);
		setTraceFlags(node, a, stopping, traceFlagBits(['send']));
		trace(a, ['send']);
		node.send(a, ['to', b, 1]);
		node.send(a, ['to', b, 2]);
		await node.settle();
		expect(sink.lines).toEqual([line('send', a, b, 'info'), line('send', a, b, 'info')]);
	});
});

describe('messageKind', () => {
	it('tells calls, replies, casts, exits, downs, system messages and the rest apart', async () => {
		const node = createNode({ clock: 'virtual' });
		const seen: string[] = [];
		const sink = new Recorder();
		sink.receive = (_to, _from, message) => {
			seen.push(messageKind(message) + ':' + JSON.stringify(messagePayload(message) ?? null));
		};
		const server = okPid(await GenServer.start(node, echo, 0));
		const watcher = node.spawn(async (ctx) => {
			ctx.trapExit(true);
			const linked = ctx.spawnLink(() => undefined);
			ctx.monitor(linked);
			await GenServer.call(ctx, server, 'ping');
			GenServer.cast(ctx, server, 'bump');
			await GenServer.getState(ctx, server);
			ctx.send(server, { kind: 'EXIT', from: 'not a pid' });
			for (;;) await ctx.receive();
		});
		setTraceFlags(node, server, sink, traceFlagBits(['receive']));
		setTraceFlags(node, watcher, sink, traceFlagBits(['receive']));
		await node.settle();
		// The linked child exits while the call waits: its DOWN, then its EXIT (monitors fire first).
		expect(seen).toEqual([
			'call:"ping"',
			expect.stringMatching(/^down:\{"kind":"DOWN","ref":"#Ref<0\.\d+>","pid":"<0\.\d+\.0>"/),
			expect.stringMatching(/^exit:\{"kind":"EXIT","from":"<0\.\d+\.0>","reason":"normal"\}$/),
			'reply:"ping"',
			'cast:"bump"',
			'system:"get_state"',
			'reply:{"ok":1}',
			'info:{"kind":"EXIT","from":"not a pid"}'
		]);
		await node.shutdown();
	});
});
