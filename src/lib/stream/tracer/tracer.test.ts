// The message tracer's sessions on a virtual-clock node: each flag as the events read back,
// subtree with set_on_spawn across a restart, the limits (max events, a flood, duration), several
// sessions, stop and removal, and that a stopped trace leaves no flag behind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	GenServer,
	Supervisor,
	createNode,
	type Node,
	type Pid,
	type ProcessContext
} from '$lib/runtime';
import { tracedCount } from '$lib/runtime/host';
import { ArsenalError } from '$lib/arsenal/errors';
import { MAX_TRACE_SESSIONS, type TraceStart } from '$lib/arsenal/trace_schemas';
import { waitForProcessRestart } from '$lib/supertester';
import { counter, okPid } from '$lib/testing/runtime';
import { MessageTracer } from './tracer';

const all: TraceStart = {
	flags: ['send', 'receive', 'spawn', 'exit', 'link', 'call'],
	subtree: false,
	maxEvents: 1000,
	durationMs: 60_000
};

describe('MessageTracer', () => {
	let node: Node;
	let tracer: MessageTracer;

	beforeEach(() => {
		node = createNode({ clock: 'virtual' });
		tracer = new MessageTracer(0);
	});
	afterEach(async () => {
		tracer.nodeStopped(node);
		await node.shutdown();
	});

	const events = (id: string, filter: { after?: number; pid?: string } = {}) =>
		tracer.events(id, { after: 0, limit: 500, ...filter }).events;
	const texts = (id: string) => events(id).map((e) => `${e.kind} ${e.from ?? e.pid} ${e.to ?? ''}`);

	it('records call, reply, cast, info, exit and down messages with their kind and text', async () => {
		const server = okPid(await GenServer.start(node, counter, 0));
		const client = node.spawn(async (ctx: ProcessContext) => {
			ctx.trapExit(true);
			const child = ctx.spawnLink(async (c) => void (await c.receive()));
			ctx.monitor(child);
			await ctx.receive();
			await GenServer.call(ctx, server, 'get');
			GenServer.cast(ctx, server, 'bump');
			ctx.send(server, ['hello', 1]);
			ctx.exitSignal(child, 'kill');
			await ctx.receive();
			await ctx.receive();
		});
		await node.settle();
		const session = tracer.start(node, client, { ...all, flags: ['send', 'receive'] });
		const replies = tracer.start(node, server, { ...all, flags: ['send'] });
		node.send(client, 'go');
		await node.settle();
		const out = events(session.id);
		const c = String(client);
		const s = String(server);
		expect(out.map((e) => e.text)).toEqual([
			'receive info go',
			'call get',
			'receive reply 0',
			'cast bump',
			'info {hello, 1}',
			'receive down killed',
			'receive exit killed'
		]);
		expect(out.map((e) => e.kind)).toEqual([
			'receive',
			'call',
			'receive',
			'cast',
			'info',
			'receive',
			'receive'
		]);
		expect(out[1]).toMatchObject({ seq: 2, from: c, to: s, message: 'get' });
		expect(out[2]).toMatchObject({ pid: c, to: c, from: s, message: 0 });
		expect(out[4]).toMatchObject({ message: ['hello', 1] });
		expect(events(replies.id)).toEqual([
			expect.objectContaining({ kind: 'reply', from: s, to: c, message: 0, text: 'reply 0' })
		]);
	});

	it('spawn, link and exit flags: the process’s own events, then target_exited', async () => {
		const parent = node.spawn(async (ctx) => {
			await ctx.receive();
			ctx.spawnLink(() => undefined);
			ctx.exit('done');
		});
		await node.settle();
		const session = tracer.start(node, parent, { ...all, flags: ['spawn', 'link', 'exit'] });
		node.send(parent, 'go');
		await node.settle();
		const child = String(events(session.id)[0].to);
		const p = String(parent);
		expect(texts(session.id)).toEqual([`spawn ${p} ${child}`, `link ${p} ${child}`, `exit ${p} `]);
		expect(events(session.id)[2].text).toBe('exit done');
		expect(tracer.list()[0]).toMatchObject({ status: 'stopped', stopReason: 'target_exited' });
	});

	it('subtree: the supervisor’s children, and a restarted child (set_on_spawn)', async () => {
		const sup = okPid(
			await Supervisor.start(node, {
				init: () => [
					'ok',
					{ strategy: 'one_for_one', intensity: 3, period: 5 },
					[GenServer.childSpec(counter, 0, { id: 'a' })]
				]
			})
		);
		const [old] = await Supervisor.whichChildren(node, sup);
		const session = tracer.start(node, sup, { ...all, subtree: true, flags: ['receive', 'spawn'] });
		// The restart read from the trace: no call to the supervisor, which the session would see.
		const restarted = waitForProcessRestart(node, sup, 'a');
		node.exit(old.pid as Pid, 'kill');
		const fresh = await restarted;
		GenServer.cast(node, fresh, 'bump');
		await node.settle();
		const kinds = events(session.id).map((e) => `${e.kind} ${e.pid ?? e.to}`);
		expect(kinds).toContain(`spawn ${String(fresh)}`);
		expect(kinds.at(-1)).toBe(`receive ${String(fresh)}`);
		expect(events(session.id, { pid: String(fresh) }).length).toBeGreaterThanOrEqual(2);
	});

	it('stops at maxEvents, a flood included, and traces nothing more', async () => {
		const sink = node.spawn(async (ctx) => {
			for (;;) await ctx.receive();
		});
		const flooder = node.spawn(async (ctx) => {
			await ctx.receive();
			for (let i = 0; i < 100_000; i++) ctx.send(sink, i);
		});
		await node.settle();
		const session = tracer.start(node, flooder, { ...all, flags: ['send'], maxEvents: 250 });
		node.send(flooder, 'go');
		await node.settle();
		const [listed] = tracer.list();
		expect(listed).toMatchObject({ id: session.id, status: 'stopped', stopReason: 'max_events' });
		expect(listed.events).toBe(250);
		expect(events(session.id).at(-1)).toMatchObject({ seq: 250, message: 249 });
		expect(tracedCount(node)).toBe(0);
	});

	it('stops when its duration has passed on the node clock', async () => {
		const pid = okPid(await GenServer.start(node, counter, 0));
		const session = tracer.start(node, pid, { ...all, durationMs: 10_000 });
		await node.advance(9_999);
		expect(tracer.list()[0].status).toBe('running');
		await node.advance(1);
		expect(tracer.list()[0]).toMatchObject({
			status: 'stopped',
			stopReason: 'duration',
			endedAt: session.startedAt + 10_000
		});
		expect(tracedCount(node)).toBe(0);
	});

	it('runs several sessions at once, each with its own flags, up to the limit', async () => {
		const pid = okPid(await GenServer.start(node, counter, 0));
		const sends = tracer.start(node, pid, { ...all, flags: ['send'] });
		const receives = tracer.start(node, pid, { ...all, flags: ['receive'] });
		await GenServer.call(node, pid, 'get');
		expect(events(sends.id).map((e) => e.kind)).toEqual(['reply']);
		expect(events(receives.id).map((e) => e.kind)).toEqual(['receive']);
		for (let i = 2; i < MAX_TRACE_SESSIONS; i++) tracer.start(node, pid, all);
		expect(() => tracer.start(node, pid, all)).toThrow(
			expect.objectContaining({ code: 'limit_exceeded' }) as ArsenalError
		);
		// A stopped session gives way to a newer one: the oldest stopped goes.
		tracer.stop(sends.id);
		const newer = tracer.start(node, pid, all);
		const ids = tracer.list().map((s) => s.id);
		expect(ids).not.toContain(sends.id);
		expect(ids.at(-1)).toBe(newer.id);
		expect(ids).toHaveLength(MAX_TRACE_SESSIONS);
	});

	it('stop keeps the events; stopping again removes the session; unknown ids are not_found', async () => {
		const pid = okPid(await GenServer.start(node, counter, 0));
		const session = tracer.start(node, pid, all);
		GenServer.cast(node, pid, 'bump');
		await node.settle();
		expect(tracer.stop(session.id)).toMatchObject({
			removed: false,
			session: { status: 'stopped', stopReason: 'stopped', events: 1 }
		});
		expect(tracedCount(node)).toBe(0);
		GenServer.cast(node, pid, 'bump');
		await node.settle();
		expect(events(session.id)).toHaveLength(1);
		expect(tracer.stop(session.id).removed).toBe(true);
		expect(() => events(session.id)).toThrow(
			expect.objectContaining({ code: 'not_found' }) as ArsenalError
		);
		expect(() => tracer.stop('nope')).toThrow(
			expect.objectContaining({ code: 'not_found' }) as ArsenalError
		);
	});

	it('reads after a seq with a limit, and says when more is waiting', async () => {
		const pid = okPid(await GenServer.start(node, counter, 0));
		const session = tracer.start(node, pid, { ...all, flags: ['receive'] });
		for (let i = 0; i < 5; i++) GenServer.cast(node, pid, 'bump');
		await node.settle();
		const first = tracer.events(session.id, { after: 0, limit: 2 });
		expect(first.events.map((e) => e.seq)).toEqual([1, 2]);
		expect(first.meta).toMatchObject({
			total: 5,
			returned: 2,
			nextAfter: 2,
			more: true,
			status: 'running'
		});
		const rest = tracer.events(session.id, { after: first.meta.nextAfter, limit: 10 });
		expect(rest.events.map((e) => e.seq)).toEqual([3, 4, 5]);
		expect(rest.meta).toMatchObject({ nextAfter: 5, more: false });
		expect(tracer.events(session.id, { after: 5, limit: 10, kind: 'receive' }).events).toEqual([]);
	});

	it('names each session after its node: <node number>-<n>', async () => {
		const pid = okPid(await GenServer.start(node, counter, 0));
		expect([tracer.start(node, pid, all).id, tracer.start(node, pid, all).id]).toEqual([
			'0-1',
			'0-2'
		]);
		const sandboxes = new MessageTracer(3);
		expect(sandboxes.start(node, pid, all).id).toBe('3-1');
		expect(() => sandboxes.events('0-1', { after: 0, limit: 10 })).toThrow(
			expect.objectContaining({ code: 'not_found' }) as ArsenalError
		);
		sandboxes.nodeStopped(node);
	});

	it('ends the sessions of a node that stops with node_restarted', async () => {
		const pid = okPid(await GenServer.start(node, counter, 0));
		tracer.start(node, pid, all);
		tracer.nodeStopped(node);
		expect(tracer.list()[0]).toMatchObject({ status: 'stopped', stopReason: 'node_restarted' });
	});
});
