/**
 * The sandbox host's process snapshots: after its node changed, every live process goes to the
 * system node as `processes` events, from which the SandboxMirror there answers the process
 * list, health and the sandbox's figures without asking this worker.
 *
 * A big node is read in pieces: PIECE_ROWS rows per task, each piece posted as soon as it is
 * read (`more: true` on all but the last), so that neither this worker nor the runtime worker,
 * which answers the app's REST requests, is held for long. And the next snapshot waits longer
 * after a big one — at least `minGapMs`, and a tenth of a millisecond per row — so that a busy
 * node of 10,000 processes costs its observers about what a busy node of 1,000 does.
 *
 * ```ts
 * const snapshots = new Snapshots(node, index.live, (event) => port.postMessage(event));
 * node.onTrace((e) => snapshots.observe(e));
 * ```
 */
import { realTimers, type Timers } from '$lib/common/timers';
import type { Node, Pid, ProcessInfo, TraceEvent } from '$lib/runtime';
import type { ProcessInfoWire, SandboxEvent } from '$lib/sandbox/protocol';

export interface SnapshotOptions {
	/** Rows read and posted per task. Default 1,000. */
	pieceRows?: number;
	/** The least time between the end of a snapshot and the start of the next, ms. Default 100. */
	minGapMs?: number;
	/** Rows a millisecond of gap buys: a bigger snapshot waits longer before the next. Default 10. */
	rowsPerGapMs?: number;
	timers?: Timers;
}

export class Snapshots {
	readonly #node: Node;
	readonly #live: ReadonlySet<Pid>;
	readonly #post: (event: Extract<SandboxEvent, { type: 'processes' }>) => void;
	readonly #pieceRows: number;
	readonly #minGapMs: number;
	readonly #rowsPerGapMs: number;
	readonly #timers: Timers;
	/** Restarts since the node started, as its trace told them. */
	#restarts = 0;
	/** The earliest time the next snapshot may start. */
	#notBefore = -Infinity;
	#timer: unknown;
	/** A snapshot is being read (between its pieces). */
	#reading = false;
	/** The node changed while a snapshot was being read: another follows it. */
	#changedSince = false;
	#closed = false;

	constructor(
		node: Node,
		live: ReadonlySet<Pid>,
		post: (event: Extract<SandboxEvent, { type: 'processes' }>) => void,
		opts: SnapshotOptions = {}
	) {
		this.#node = node;
		this.#live = live;
		this.#post = post;
		this.#pieceRows = opts.pieceRows ?? 1_000;
		this.#minGapMs = opts.minGapMs ?? 100;
		this.#rowsPerGapMs = opts.rowsPerGapMs ?? 10;
		this.#timers = opts.timers ?? realTimers;
	}

	get restarts(): number {
		return this.#restarts;
	}

	/** Takes one trace event of the node: it changed, so a snapshot follows (soon, not at once). */
	observe(e: TraceEvent): void {
		if (e.type === 'restart') this.#restarts++;
		if (this.#reading) this.#changedSince = true;
		else this.#schedule();
	}

	dispose(): void {
		this.#closed = true;
		if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	#schedule(): void {
		if (this.#timer !== undefined || this.#closed) return;
		const wait = Math.max(0, this.#notBefore - this.#timers.now());
		this.#timer = this.#timers.setTimeout(() => {
			this.#timer = undefined;
			this.#reading = true;
			this.#piece([...this.#live], 0);
		}, wait);
	}

	#piece(pids: Pid[], from: number): void {
		if (this.#closed) return;
		const to = Math.min(pids.length, from + this.#pieceRows);
		const rows: ProcessInfoWire[] = [];
		for (let i = from; i < to; i++) {
			const row = this.#row(pids[i]);
			if (row) rows.push(row);
		}
		const more = to < pids.length;
		this.#post({ type: 'processes', rows, restarts: this.#restarts, ...(more && { more }) });
		if (more) {
			this.#timer = this.#timers.setTimeout(() => {
				this.#timer = undefined;
				this.#piece(pids, to);
			}, 0);
			return;
		}
		this.#reading = false;
		this.#notBefore =
			this.#timers.now() + Math.max(this.#minGapMs, pids.length / this.#rowsPerGapMs);
		if (this.#changedSince) {
			this.#changedSince = false;
			this.#schedule();
		}
	}

	/** A live process's row; none for one that has exited, or one that cannot be read. */
	#row(pid: Pid): ProcessInfoWire | undefined {
		try {
			const info = this.#node.processInfo(pid);
			return info && infoToWire(info);
		} catch {
			// Reading a hostile state is guarded deeper down; should anything else throw, the row is
			// left out, not the snapshot.
			return undefined;
		}
	}
}

export function infoToWire(info: ProcessInfo): ProcessInfoWire {
	const { pid, links, monitors, monitoredBy, parent, ...rest } = info;
	const row: ProcessInfoWire = {
		...rest,
		pid: String(pid),
		links: links.map(String),
		monitors: monitors.map(String),
		monitoredBy: monitoredBy.map(String)
	};
	if (parent) row.parent = String(parent);
	return row;
}
