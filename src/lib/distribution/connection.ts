/**
 * One node's end of a connection to another: what it sends is batched per turn (one
 * postMessage for everything a burst of processes sent), and the link's simulated latency,
 * loss and one-way cut are applied here, by the sender, on its own clock and seeded random
 * numbers — so under the virtual clock a run is the same every time. One connection is one
 * ordered stream: messages between two processes arrive in the order sent, as Erlang's
 * distribution promises; a latency change never lets a later frame overtake an earlier one.
 */
import type { Node } from '$lib/runtime';
import { nodeTimeout } from '$lib/runtime/host';
import { arityOf, OP_SEND, OP_SEND_TAGGED, type Frame } from './frames';

/** What a connection needs of a port: a MessagePort, or anything that posts like one. */
export type PortLike = Pick<MessagePort, 'postMessage' | 'onmessage' | 'close'>;

export interface LinkSettings {
	/** Every frame waits this long on the sender's clock before it leaves. */
	latencyMs: number;
	/** The share (0..1) of messages lost; signals (links, monitors, exits) are never lost. */
	loss: number;
	/** This direction drops everything: a one-way partition. */
	blocked: boolean;
}

/** Entries of a batch (about 16K message frames) past which it is posted at once. */
const MAX_BATCH = 65_536;

export const NO_FAULTS: LinkSettings = { latencyMs: 0, loss: 0, blocked: false };

export interface LinkStats {
	sent: number;
	received: number;
	dropped: number;
	/** Batches posted and received: in-thread clusters settle once they match everywhere. */
	batchesOut: number;
	batchesIn: number;
}

export class Connection {
	readonly stats: LinkStats = { sent: 0, received: 0, dropped: 0, batchesOut: 0, batchesIn: 0 };
	settings: LinkSettings;
	#out: unknown[] = [];
	#flushQueued = false;
	/** Frames held back by latency, in order, with when each may leave. */
	#delayed: Array<{ due: number; frame: Frame }> = [];
	#lastDue = 0;
	#cancelTimer: (() => void) | undefined;
	#closed = false;
	/** When a batch last came in, and whether one went out since the last tick (node clock). */
	lastIn: number;
	sentSinceTick = false;

	constructor(
		readonly port: PortLike,
		readonly node: Node,
		settings: LinkSettings,
		readonly random: () => number,
		onBatch: (batch: unknown[]) => void
	) {
		this.settings = settings;
		this.lastIn = node.now();
		port.onmessage = (event) => {
			this.stats.batchesIn++;
			this.lastIn = this.node.now();
			onBatch(event.data as unknown[]);
		};
	}

	/** Queues a frame; a message (not a signal) may be lost to the link's loss. */
	send(frame: Frame): void {
		const op = frame[0] as number;
		if (op === OP_SEND || op === OP_SEND_TAGGED) this.sendMessage(op, frame[1], frame[2], frame[3]);
		else if (!this.#closed) this.#route(frame);
	}

	/** A message frame, without making an array for it when nothing holds it back. */
	sendMessage(op: number, from: unknown, to: unknown, message: unknown): void {
		if (this.#closed) return;
		this.stats.sent++;
		if (this.settings.loss > 0 && this.random() < this.settings.loss) {
			this.stats.dropped++;
			return;
		}
		if (this.settings.latencyMs > 0 || this.#delayed.length > 0) {
			this.#delay([op, from, to, message], this.settings.latencyMs);
			return;
		}
		this.#out.push(op, from, to, message);
		this.#scheduleFlush();
	}

	#route(frame: Frame): void {
		const { latencyMs } = this.settings;
		if (latencyMs > 0 || this.#delayed.length > 0) this.#delay(frame, latencyMs);
		else this.#queue(frame);
	}

	#delay(frame: Frame, latencyMs: number): void {
		const due = Math.max(this.node.now() + latencyMs, this.#lastDue);
		this.#lastDue = due;
		this.#delayed.push({ due, frame });
		if (this.#delayed.length === 1) this.#arm();
	}

	#arm(): void {
		const head = this.#delayed[0];
		if (!head) return;
		this.#cancelTimer = nodeTimeout(this.node, Math.max(0, head.due - this.node.now()), () => {
			this.#cancelTimer = undefined;
			const now = this.node.now();
			let n = 0;
			while (n < this.#delayed.length && this.#delayed[n].due <= now)
				this.#queue(this.#delayed[n++].frame);
			this.#delayed.splice(0, n);
			this.#arm();
		});
	}

	#queue(frame: Frame): void {
		for (const part of frame) this.#out.push(part);
		this.#scheduleFlush();
	}

	/**
	 * Posts at the end of the turn; a batch that grows past MAX_BATCH goes at once, so that a
	 * flood reaches the other node in pieces it works on while this one still sends.
	 */
	#scheduleFlush(): void {
		if (this.#out.length >= MAX_BATCH) this.#flush();
		else if (!this.#flushQueued) {
			this.#flushQueued = true;
			queueMicrotask(this.#flushAtTurnEnd);
		}
	}

	readonly #flushAtTurnEnd = () => {
		this.#flushQueued = false;
		this.#flush();
	};

	readonly #flush = () => {
		if (this.#closed || this.#out.length === 0) return;
		const batch = this.#out;
		this.#out = [];
		if (this.settings.blocked) {
			this.stats.dropped += countMessages(batch);
			return;
		}
		this.stats.batchesOut++;
		this.sentSinceTick = true;
		this.port.postMessage(batch);
	};

	/** Posts `last` (if any) after what is queued, then closes: nothing more goes either way. */
	close(last?: Frame): void {
		if (this.#closed) return;
		this.#cancelTimer?.();
		this.#delayed = [];
		if (last) for (const part of last) this.#out.push(part);
		this.#flush();
		this.#closed = true;
		this.port.onmessage = null;
		this.port.close();
	}

	get closed(): boolean {
		return this.#closed;
	}
}

function countMessages(batch: unknown[]): number {
	let n = 0;
	for (let i = 0; i < batch.length;) {
		const op = batch[i] as number;
		if (op === OP_SEND || op === OP_SEND_TAGGED) n++;
		i += 1 + arityOf(op);
	}
	return n;
}
