import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
	createNode,
	Supervisor,
	type Pid,
	type ProcessContext,
	type TraceEvent
} from '$lib/runtime';
import { EventBatcher, toObserverEvent } from './event_batcher';
import { REPORT_BURST_LIMIT, type EventBatch } from './events';

const pid = (i: number) => ({ toString: () => `<0.${i}.0>` }) as unknown as Pid;
const spawn = (i: number): TraceEvent => ({ type: 'spawn', pid: pid(i), parent: pid(1), at: i });

describe('EventBatcher', () => {
	let batches: EventBatch[];

	beforeEach(() => {
		vi.useFakeTimers();
		batches = [];
	});
	afterEach(() => vi.useRealTimers());

	const collect = (opts: { ack?: 'now' | 'manual'; intervalMs?: number; maxEvents?: number }) => {
		const acks: Array<() => void> = [];
		const batcher = new EventBatcher(
			(batch) => {
				batches.push(batch);
				if (opts.ack === 'manual') return new Promise<void>((resolve) => acks.push(resolve));
			},
			{ node: 'n@test', now: () => 1000 + batches.length, ...opts }
		);
		return { batcher, acks };
	};

	it('sends a burst of 10,000 events as one batch, in order, with nothing lost', () => {
		const { batcher } = collect({});
		for (let i = 0; i < 10_000; i++) batcher.push(spawn(i));
		expect(batches).toHaveLength(0);
		vi.advanceTimersByTime(16);
		expect(batches).toHaveLength(1);
		expect(batches[0].events).toHaveLength(10_000);
		expect(batches[0].events.map((e) => e.at)).toEqual([...Array(10_000).keys()]);
		expect(batches[0]).toMatchObject({ seq: 1, node: 'n@test', dropped: 0 });
		vi.advanceTimersByTime(1000);
		expect(batches).toHaveLength(1);
	});

	it('sends at most one batch per frame while events keep coming, and loses none', () => {
		const { batcher } = collect({});
		// 10,000 events over one second: 10 every millisecond.
		for (let ms = 0; ms < 1000; ms++) {
			for (let k = 0; k < 10; k++) batcher.push(spawn(ms * 10 + k));
			vi.advanceTimersByTime(1);
		}
		vi.advanceTimersByTime(100);
		const flushedAt = batches.map((b) => b.now);
		expect(batches.length).toBeLessThanOrEqual(Math.ceil(1000 / 16) + 1);
		expect(batches.length).toBeGreaterThan(30);
		expect(flushedAt).toEqual([...flushedAt].sort((a, b) => a - b));
		const all = batches.flatMap((b) => b.events.map((e) => e.at));
		expect(all).toEqual([...Array(10_000).keys()]);
		expect(batches.map((b) => b.seq)).toEqual(batches.map((_, i) => i + 1));
	});

	it("carries a cluster node's nodeup and nodedown among its trace events, in order", () => {
		const { batcher } = collect({});
		batcher.push(spawn(2));
		batcher.pushObserved({ type: 'nodedown', node: 'b@sim', reason: 'disconnect', at: 3 });
		batcher.push(spawn(4));
		vi.advanceTimersByTime(16);
		expect(batches[0].events.map((e) => e.type)).toEqual(['spawn', 'nodedown', 'spawn']);
		expect(batches[0].events[1]).toEqual({
			type: 'nodedown',
			node: 'b@sim',
			reason: 'disconnect',
			at: 3
		});
	});

	it('keeps 16 ms between batches', () => {
		const { batcher } = collect({});
		const times: number[] = [];
		const start = Date.now();
		const sink = batches;
		for (let ms = 0; ms < 200; ms++) {
			batcher.push(spawn(ms));
			const before = sink.length;
			vi.advanceTimersByTime(1);
			if (sink.length > before) times.push(Date.now() - start);
		}
		const gaps = times.slice(1).map((t, i) => t - times[i]);
		expect(gaps.length).toBeGreaterThan(5);
		for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(16);
	});

	it('holds the next batch until the page acknowledges the previous one', async () => {
		const { batcher, acks } = collect({ ack: 'manual' });
		batcher.push(spawn(1));
		vi.advanceTimersByTime(16);
		for (let i = 2; i <= 500; i++) batcher.push(spawn(i));
		vi.advanceTimersByTime(200);
		expect(batches).toHaveLength(1);
		acks[0]();
		await vi.advanceTimersByTimeAsync(16);
		expect(batches).toHaveLength(2);
		expect(batches[1].events.map((e) => e.at)).toEqual([...Array(499).keys()].map((i) => i + 2));
	});

	it('counts sends and receives instead of carrying messages', () => {
		const { batcher } = collect({});
		for (let i = 0; i < 300; i++) {
			batcher.push({ type: 'send', from: pid(2), to: pid(3), message: { big: i }, at: i });
			if (i % 3 === 0) batcher.push({ type: 'receive', pid: pid(3), message: i, at: i });
		}
		vi.advanceTimersByTime(16);
		expect(batches).toHaveLength(1);
		expect(batches[0]).toMatchObject({ sent: 300, received: 100, events: [] });
	});

	it('counts what does not fit as dropped, so the page knows to read its snapshots again', () => {
		const { batcher } = collect({ maxEvents: 100 });
		for (let i = 0; i < 150; i++) batcher.push(spawn(i));
		vi.advanceTimersByTime(16);
		expect(batches[0].events).toHaveLength(100);
		expect(batches[0].dropped).toBe(50);
		batcher.push(spawn(200));
		vi.advanceTimersByTime(16);
		expect(batches[1]).toMatchObject({ dropped: 0, events: [{ at: 200 }] });
	});

	it('carries at most REPORT_BURST_LIMIT reports a second, and counts the rest', () => {
		const { batcher } = collect({});
		const crash = (at: number): TraceEvent => ({
			type: 'report',
			report: { kind: 'crash', pid: pid(at), reason: 'boom' },
			at
		});
		for (let i = 0; i < REPORT_BURST_LIMIT + 20; i++) batcher.push(crash(500 + i / 1000));
		batcher.push(spawn(600));
		vi.advanceTimersByTime(16);
		expect(batches[0].events.filter((e) => e.type === 'report')).toHaveLength(REPORT_BURST_LIMIT);
		expect(batches[0].events.at(-1)).toMatchObject({ type: 'spawn' });
		expect(batches[0].reportsDropped).toBe(20);
		// The next second has a whole budget again.
		batcher.push(crash(1_500));
		vi.advanceTimersByTime(16);
		expect(batches[1].events).toMatchObject([{ type: 'report' }]);
		expect(batches[1].reportsDropped).toBeUndefined();
	});

	it('closes and reports once when the page is gone', async () => {
		const onError = vi.fn();
		const batcher = new EventBatcher(() => Promise.reject(new Error('gone')), {
			node: 'n',
			now: () => 0,
			onError
		});
		batcher.push(spawn(1));
		await vi.advanceTimersByTimeAsync(16);
		batcher.push(spawn(2));
		await vi.advanceTimersByTimeAsync(100);
		expect(onError).toHaveBeenCalledTimes(1);
		expect(batcher.closed).toBe(true);
		expect(batcher.sent).toBe(1);
	});
});

describe('toObserverEvent', () => {
	it('turns pids into strings and reasons into JSON', () => {
		const reason = Object.assign(new Error('boom'), { code: 'x' });
		expect(toObserverEvent({ type: 'exit', pid: pid(7), reason, at: 3 }, 'n@h')).toEqual({
			type: 'exit',
			pid: '<0.7.0>',
			reason: { name: 'Error', message: 'boom', code: 'x' },
			at: 3
		});
		expect(
			toObserverEvent(
				{
					type: 'restart',
					supervisor: pid(2),
					childId: 'worker',
					oldPid: pid(3),
					newPid: pid(4),
					reason: 'killed',
					at: 9,
					intensity: 3,
					period: 5,
					counted: true
				},
				'n@h'
			)
		).toEqual({
			type: 'restart',
			supervisor: '<0.2.0>',
			childId: 'worker',
			oldPid: '<0.3.0>',
			newPid: '<0.4.0>',
			reason: 'killed',
			at: 9,
			intensity: 3,
			period: 5
		});
		expect(toObserverEvent({ type: 'send', to: pid(1), message: 1, at: 0 }, 'n@h')).toBeUndefined();
	});
});

describe('EventBatcher on a real node', () => {
	it('delivers every spawn, exit and restart of a supervised crash storm', async () => {
		const node = createNode({ name: 'batch@test' });
		const batches: EventBatch[] = [];
		const batcher = new EventBatcher(
			(b) => {
				batches.push(b);
			},
			{ node: node.name, now: () => node.now() }
		);
		const off = node.onTrace((e) => batcher.push(e));
		const specs = Array.from({ length: 20 }, (_, i) => ({
			id: `w${i}`,
			start: (ctx: ProcessContext) =>
				Promise.resolve(['ok', ctx.spawnLink((c) => c.receive())] as ['ok', Pid])
		}));
		const started = await Supervisor.start(node, {
			init: () => ['ok', { strategy: 'one_for_one', intensity: 1000, period: 5 }, specs]
		});
		if (started === 'ignore' || started[0] !== 'ok') throw new Error('no supervisor');
		const sup = started[1];
		for (let round = 0; round < 5; round++) {
			for (const child of node.processes()) {
				if (node.processInfo(child)?.parent === sup) node.exit(child, 'kill');
			}
			await node.settle();
		}
		await new Promise((resolve) => setTimeout(resolve, 60));
		off();
		batcher.close();
		const events = batches.flatMap((b) => b.events);
		const restarts = events.filter((e) => e.type === 'restart');
		const children = events.filter((e) => e.type === 'spawn' && e.parent === String(sup));
		const killed = new Set(restarts.map((r) => r.oldPid));
		expect(restarts).toHaveLength(100);
		// 20 children, then 100 replacements, each of which the trace saw start and exit.
		expect(children).toHaveLength(120);
		expect(events.filter((e) => e.type === 'exit' && killed.has(e.pid))).toHaveLength(100);
		expect(batches.every((b) => b.dropped === 0)).toBe(true);
		await node.shutdown();
	});
});
