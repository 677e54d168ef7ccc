/**
 * The page's end of the event stream: batches that arrive between two animation frames are
 * applied together on the next frame, in one call, so the stores change (and Svelte renders)
 * at most once per frame. Each batch's acknowledgement resolves on that frame, which is what
 * paces the worker's batcher: a tab that gets no frames receives no more batches.
 *
 * ```ts
 * const receive = frameReceiver((batches) => feed.apply(batches));
 * await api.subscribe(proxy(receive));
 * ```
 */
import type { EventBatch } from './events';

export type FrameScheduler = (callback: () => void) => unknown;

const nextFrame: FrameScheduler = (callback) => requestAnimationFrame(callback);

export function frameReceiver(
	apply: (batches: EventBatch[]) => void,
	frame: FrameScheduler = nextFrame
): (batch: EventBatch) => Promise<void> {
	let queue: EventBatch[] = [];
	let acks: Array<() => void> = [];
	let scheduled = false;

	const run = () => {
		scheduled = false;
		const batches = queue;
		const done = acks;
		queue = [];
		acks = [];
		try {
			apply(batches);
		} finally {
			for (const ack of done) ack();
		}
	};

	return (batch) =>
		new Promise<void>((resolve) => {
			queue.push(batch);
			acks.push(resolve);
			if (!scheduled) {
				scheduled = true;
				frame(run);
			}
		});
}
