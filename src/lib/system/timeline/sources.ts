/**
 * Where timelines get their events: a node in this worker (the system node, a replay's node)
 * through its trace, and every sandbox node through the trace batches its worker sends
 * (`SandboxTable.onBatch`), sampled from its mirror. Runtime worker.
 */
import type { Node, ProcessInfo } from '$lib/runtime';
import { pidOf } from '$lib/runtime/host';
import type { Sample } from '$lib/arsenal/timeline_schemas';
import type { EventBatch } from '$lib/stream/events';
import type { SandboxTable } from '$lib/system/sandboxes/table';
import { pidKey } from './ring';
import { Timeline, type TimelineOptions } from './timeline';

export type SourceOptions = Omit<TimelineOptions, 'node' | 'now'>;

export function toSample(info: ProcessInfo): Sample {
	return {
		...(info.module !== undefined && { module: info.module }),
		...(info.behaviour !== undefined && { behaviour: info.behaviour }),
		...(info.name !== undefined && { name: info.name }),
		status: info.status,
		messageQueueLen: info.messageQueueLen,
		memory: info.memory
	};
}

/** A pid key's process id (its node is the timeline's own). */
const idOf = (key: number): number => key % 2 ** 32;

/**
 * Records `node`'s trace into `timeline`. With `sample`, a trace event that finds a sampling
 * pass due runs one once the event's own work is done (a microtask later): a node changes only
 * through events, so a quiet node needs no pass. Between passes, the processes just seen
 * starting — a new one, the parent that spawned it (running by then, so its behaviour is
 * known), one that registered a name — are sampled at once: a moment a second after a tree
 * started shows it with its supervisors, not as processes of no known kind.
 */
export function recordNode(node: Node, timeline: Timeline, sample: boolean): () => void {
	let pending = false;
	const fresh = new Set<number>();
	const read = (key: number) => {
		const pid = pidOf(node, idOf(key));
		const info = pid && node.processInfo(pid);
		return info ? toSample(info) : undefined;
	};
	const pass = () => {
		pending = false;
		const now = node.now();
		if (timeline.sampleDue(now)) timeline.recordSamples(now, read);
		else timeline.recordSamples(now, read, fresh);
		fresh.clear();
	};
	return node.onTrace((e) => {
		timeline.record(e);
		if (!sample) return;
		if (e.type === 'spawn') {
			fresh.add(pidKey(e.pid.node, e.pid.id));
			if (e.parent) fresh.add(pidKey(e.parent.node, e.parent.id));
		} else if (e.type === 'register') fresh.add(pidKey(e.pid.node, e.pid.id));
		if (!pending && (fresh.size > 0 || timeline.sampleDue(e.at))) {
			pending = true;
			queueMicrotask(pass);
		}
	});
}

/** A timeline of `node`'s events from now on. */
export function nodeTimeline(
	node: Node,
	opts: SourceOptions & { sample?: boolean } = {}
): { timeline: Timeline; stop: () => void } {
	const timeline = new Timeline({ ...opts, node: node.name, now: () => node.now() });
	return { timeline, stop: recordNode(node, timeline, opts.sample ?? true) };
}

/** Where a sandbox's timeline is on its clock. */
interface SandboxClock {
	/**
	 * Added to the node's clock: a sandbox started again is a new worker whose clock starts at
	 * 0, and its timeline goes on after the previous run's last moment.
	 */
	offset: number;
	/** The last batch's clock, on the timeline's clock. */
	lastAt: number;
}

interface SandboxEntry {
	timeline: Timeline;
	clock: SandboxClock;
}

/**
 * A timeline per sandbox node, fed by the table's trace batches. A sandbox's messages come
 * only as counts per batch; its samples come from its mirror (the worker's last process
 * snapshot). A destroyed sandbox's timeline goes with it.
 */
export class SandboxTimelines {
	readonly #table: SandboxTable;
	readonly #opts: SourceOptions;
	readonly #entries = new Map<string, SandboxEntry>();
	readonly #stops: Array<() => void>;

	constructor(table: SandboxTable, opts: SourceOptions = {}) {
		this.#table = table;
		this.#opts = opts;
		this.#stops = [
			table.onBatch((node, batch) => this.#take(node, batch)),
			// A node quiet in its trace (a server woken by its timeout) still changes: its
			// snapshots are when its processes' info is known, so they are sampled then too.
			table.onSnapshot((node) => {
				const entry = this.#entries.get(node);
				if (entry) this.#sample(node, entry, this.#now(node, entry.clock));
			})
		];
	}

	/** The timeline of a sandbox node that still exists. */
	get(node: string): Timeline | undefined {
		this.#prune();
		return this.#entries.get(node)?.timeline;
	}

	nodes(): string[] {
		this.#prune();
		return [...this.#entries.keys()];
	}

	stop(): void {
		for (const stop of this.#stops) stop();
		this.#entries.clear();
	}

	#take(node: string, batch: EventBatch): void {
		let entry = this.#entries.get(node);
		if (!entry) {
			const clock: SandboxClock = { offset: 0, lastAt: 0 };
			const now = () => this.#now(node, clock);
			entry = { timeline: new Timeline({ ...this.#opts, node, now }), clock };
			this.#entries.set(node, entry);
		} else if (batch.seq === 1) {
			// A fresh worker's first batch: the processes of the run before are gone.
			entry.clock.offset = entry.clock.lastAt;
			entry.timeline.recordReset(entry.clock.offset);
		}
		const { timeline, clock } = entry;
		for (const e of batch.events) timeline.recordObserved(e, clock.offset);
		clock.lastAt = Math.max(clock.lastAt, batch.now + clock.offset);
		if (batch.sent > 0 || batch.received > 0) {
			timeline.recordMessages(batch.sent, batch.received, clock.lastAt);
		}
		this.#sample(node, entry, clock.lastAt);
	}

	/**
	 * A sampling pass over the mirror's snapshot when one is due at `at`; otherwise, of the
	 * processes not sampled yet (the snapshot after a start comes before the next pass is due).
	 */
	#sample(node: string, { timeline }: SandboxEntry, at: number): void {
		const mirror = this.#table.byNode(node)?.mirror;
		if (!mirror) return;
		const read = (key: number) => {
			const pid = mirror.livePid(idOf(key));
			const info = pid && mirror.processInfo(pid);
			return info ? toSample(info) : undefined;
		};
		if (timeline.sampleDue(at)) timeline.recordSamples(at, read);
		else timeline.recordSamples(at, read, [...timeline.unsampled()]);
	}

	#now(node: string, clock: SandboxClock): number {
		const mirror = this.#table.byNode(node)?.mirror;
		return mirror ? Math.max(clock.lastAt, mirror.now() + clock.offset) : clock.lastAt;
	}

	#prune(): void {
		for (const node of this.#entries.keys()) {
			if (!this.#table.byNode(node)) this.#entries.delete(node);
		}
	}
}
