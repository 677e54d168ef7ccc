/**
 * The page's end of the event stream. A batch is applied as soon as it arrives, so that the
 * frame about to be drawn shows it (cytoscape and the browser paint on their next animation
 * frame); its acknowledgement resolves on that frame, which is what paces the worker's batcher.
 * The stores therefore change at most once per frame: a batch that arrives when this frame has
 * already had its update waits, with any others, for the next frame and is applied there in one
 * call. A tab that gets no frames acknowledges nothing and so receives nothing more.
 *
 * ```ts
 * const receive = frameReceiver((batches) => feed.apply(batches));
 * await api.subscribe(proxy(receive));
 * ```
 */
import type { EventBatch } from '$lib/stream/events';

export type FrameScheduler = (callback: () => void) => unknown;

const nextFrame: FrameScheduler = (callback) => requestAnimationFrame(callback);

export function frameReceiver(
	apply: (batches: EventBatch[]) => void,
	frame: FrameScheduler = nextFrame
): (batch: EventBatch) => Promise<void> {
	/** Batches waiting for a frame of their own. */
	let queue: EventBatch[] = [];
	let queuedAcks: Array<() => void> = [];
	/** Batches applied since the last frame, acknowledged on the next one. */
	let appliedAcks: Array<() => void> = [];
	/** Whether the frame being prepared already has its update. */
	let updated = false;
	let scheduled = false;

	const run = (batches: EventBatch[], acks: Array<() => void>) => {
		appliedAcks.push(...acks);
		try {
			apply(batches);
		} catch (error) {
			// A failing store must not end the stream: report the error and go on.
			setTimeout(() => {
				throw error;
			}, 0);
		}
	};

	const onFrame = () => {
		scheduled = false;
		const done = appliedAcks;
		appliedAcks = [];
		for (const ack of done) ack();
		if (queue.length === 0) {
			updated = false;
			return;
		}
		if (updated) {
			// The frame now drawn had an update already: the queue goes in the next one.
			updated = false;
			schedule();
			return;
		}
		const batches = queue;
		const acks = queuedAcks;
		queue = [];
		queuedAcks = [];
		schedule();
		run(batches, acks);
	};

	function schedule() {
		if (scheduled) return;
		scheduled = true;
		frame(onFrame);
	}

	return (batch) =>
		new Promise<void>((resolve) => {
			schedule();
			if (!updated && queue.length === 0) {
				updated = true;
				run([batch], [resolve]);
			} else {
				queue.push(batch);
				queuedAcks.push(resolve);
			}
		});
}
