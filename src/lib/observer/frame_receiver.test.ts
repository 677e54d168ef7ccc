import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Pid, TraceEvent } from '$lib/runtime';
import { EventBatcher } from '$lib/stream/event_batcher';
import type { EventBatch } from '$lib/stream/events';
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

const seqs = (calls: EventBatch[][][]) => calls.map(([batches]) => batches.map((b) => b.seq));

describe('frameReceiver', () => {
	it('applies a batch at once, and acknowledges it on the next frame', async () => {
		const frames: Array<() => void> = [];
		const apply = vi.fn<(batches: EventBatch[]) => void>();
		const receive = frameReceiver(apply, (cb) => frames.push(cb));
		let acked = false;
		void receive(batch(1)).then(() => (acked = true));
		expect(seqs(apply.mock.calls)).toEqual([[1]]);
		await Promise.resolve();
		expect(acked).toBe(false);
		frames.shift()!();
		await Promise.resolve();
		expect(acked).toBe(true);
	});

	it('gives batches that arrive after this frame has its update one update in a later frame', async () => {
		const frames: Array<() => void> = [];
		const apply = vi.fn<(batches: EventBatch[]) => void>();
		const receive = frameReceiver(apply, (cb) => frames.push(cb));
		const acks = [receive(batch(1)), receive(batch(2)), receive(batch(3))];
		expect(seqs(apply.mock.calls)).toEqual([[1]]);
		expect(frames).toHaveLength(1);
		frames.shift()!(); // the frame that shows batch 1
		expect(apply).toHaveBeenCalledTimes(1);
		frames.shift()!(); // the next one shows 2 and 3, together
		expect(seqs(apply.mock.calls)).toEqual([[1], [2, 3]]);
		frames.shift()!();
		await expect(Promise.all(acks)).resolves.toHaveLength(3);
		expect(frames).toHaveLength(0);
	});

	it('acknowledges even when applying throws, so the stream does not stall', async () => {
		vi.useFakeTimers();
		try {
			const frames: Array<() => void> = [];
			const receive = frameReceiver(
				() => {
					throw new Error('bad store');
				},
				(cb) => frames.push(cb)
			);
			const ack = receive(batch(1));
			frames.shift()!();
			await expect(ack).resolves.toBeUndefined();
			expect(() => vi.runAllTimers()).toThrow('bad store');
		} finally {
			vi.useRealTimers();
		}
	});
});

describe('batcher → frameReceiver', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('gives the page one update per frame during a burst, with every event', async () => {
		// A 60 Hz display: frame k is painted after its callbacks, at k × 16.7 ms.
		let frame = 0;
		let inFrame = false;
		const painted: number[] = [];
		let seen = 0;
		const receive = frameReceiver(
			(batches) => {
				// An update during frame k's callbacks shows in frame k; between frames, in the next.
				painted.push(inFrame ? frame : frame + 1);
				seen += batches.reduce((n, b) => n + b.events.length, 0);
			},
			(cb) =>
				setTimeout(
					() => {
						frame++;
						inFrame = true;
						cb();
						inFrame = false;
					},
					16.7 - (Date.now() % 16.7)
				)
		);
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
		expect(seen).toBe(10_000);
		expect(new Set(painted).size).toBe(painted.length);
		expect(painted.length).toBeGreaterThan(10);
	});
});
