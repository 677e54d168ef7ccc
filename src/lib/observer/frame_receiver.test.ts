import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Pid, TraceEvent } from '$lib/runtime';
import { EventBatcher } from './event_batcher';
import type { EventBatch } from './events';
import { frameReceiver } from './frame_receiver';

const batch = (seq: number): EventBatch => ({
	seq,
	node: 'n',
	now: seq,
	events: [],
	sent: seq,
	received: 0,
	dropped: 0
});

describe('frameReceiver', () => {
	it('applies the batches that arrive within one frame together, once', async () => {
		const frames: Array<() => void> = [];
		const apply = vi.fn<(batches: EventBatch[]) => void>();
		const receive = frameReceiver(apply, (cb) => frames.push(cb));
		const acks = [receive(batch(1)), receive(batch(2)), receive(batch(3))];
		expect(apply).not.toHaveBeenCalled();
		expect(frames).toHaveLength(1);
		frames[0]();
		expect(apply).toHaveBeenCalledTimes(1);
		expect(apply.mock.calls[0][0].map((b) => b.seq)).toEqual([1, 2, 3]);
		await expect(Promise.all(acks)).resolves.toHaveLength(3);
		void receive(batch(4));
		expect(frames).toHaveLength(2);
	});

	it('acknowledges even when applying throws, so the stream does not stall', async () => {
		const frames: Array<() => void> = [];
		const receive = frameReceiver(
			() => {
				throw new Error('bad store');
			},
			(cb) => frames.push(cb)
		);
		const ack = receive(batch(1));
		expect(() => frames[0]()).toThrow('bad store');
		await expect(ack).resolves.toBeUndefined();
	});
});

describe('batcher → frameReceiver', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('gives the page one update per frame during a burst, with every event', async () => {
		const updates: number[] = [];
		let frame = 0;
		let seen = 0;
		// A 60 Hz display: a frame every 16.7 ms.
		const receive = frameReceiver(
			(batches) => {
				updates.push(frame);
				seen += batches.reduce((n, b) => n + b.events.length, 0);
			},
			(cb) => setTimeout(cb, 16.7 - (Date.now() % 16.7))
		);
		const ticker = setInterval(() => frame++, 16.7);
		const batcher = new EventBatcher(receive, { node: 'n', now: () => Date.now() });
		const pid = { toString: () => '<0.2.0>' } as unknown as Pid;
		for (let ms = 0; ms < 500; ms++) {
			for (let k = 0; k < 20; k++) {
				const e: TraceEvent = { type: 'spawn', pid, at: ms };
				batcher.push(e);
			}
			await vi.advanceTimersByTimeAsync(1);
		}
		await vi.advanceTimersByTimeAsync(100);
		clearInterval(ticker);
		expect(seen).toBe(10_000);
		expect(new Set(updates).size).toBe(updates.length);
		expect(updates.length).toBeGreaterThan(15);
	});
});
