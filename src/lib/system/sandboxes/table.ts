/**
 * The sandboxes that exist, shared by the SandboxManager (which changes them) and the system
 * runtime (which shows their nodes to Arsenal). It outlives a restart of the manager, and of the
 * whole system node: the manager that starts next adopts what it finds here (see
 * sandboxes/manager.ts), so the learner's sandboxes are never lost with a system process.
 */
import type { ArsenalNode } from '$lib/arsenal/context';
import { ArsenalError } from '$lib/arsenal/errors';
import { WATCHDOG_MS } from '$lib/sandbox/protocol';
import type { EventBatch } from '$lib/stream/events';
import type { Sandbox } from './sandbox';

export class SandboxTable {
	readonly byId = new Map<string, Sandbox>();
	/**
	 * The simulated cluster's nodes, by node name: sandbox nodes too (their pids and trace reach
	 * Arsenal, analytics and the timeline as a sandbox's do), but not the learner's sandboxes.
	 */
	readonly clusterNodes = new Map<string, Sandbox>();
	/**
	 * The N of the next sandbox node. Never reused, even across manager restarts: a pid a page
	 * or a REST client still holds must not come to name another sandbox's process.
	 */
	nextNumber = 1;
	/** Told the next number each time one is taken (the journal keeps it across reloads). */
	onNumber: ((next: number) => void) | undefined;
	/**
	 * Filled from the journal by a fresh runtime worker (a reload): the manager that adopts the
	 * sandboxes knows it is no manager's death, and says so in the consoles of those it restarts.
	 */
	reloaded = false;

	/** The newest creation time given (see {@link creationTime}). */
	#lastCreated = 0;
	readonly #batchListeners = new Set<(node: string, batch: EventBatch) => void>();
	readonly #snapshotListeners = new Set<(node: string) => void>();

	/**
	 * Calls `listener` with every trace batch of every sandbox's node, present and future, as the
	 * batch arrives from its worker (before any page's coalescing). Returns the way to stop.
	 */
	onBatch(listener: (node: string, batch: EventBatch) => void): () => void {
		this.#batchListeners.add(listener);
		return () => this.#batchListeners.delete(listener);
	}

	/** Calls `listener` with a sandbox's node name each time its mirror takes a snapshot. */
	onSnapshot(listener: (node: string) => void): () => void {
		this.#snapshotListeners.add(listener);
		return () => this.#snapshotListeners.delete(listener);
	}

	/** Passes `sb`'s batches and snapshots to the listeners; the manager calls it as it makes one. */
	watch(sb: Sandbox): Sandbox {
		sb.onBatch = (batch) => {
			for (const listener of this.#batchListeners) listener(sb.nodeName, batch);
		};
		sb.onSnapshot = () => {
			for (const listener of this.#snapshotListeners) listener(sb.nodeName);
		};
		return sb;
	}

	/**
	 * A new sandbox's creation time, epoch ms, later than every other's: two made in the same
	 * millisecond keep their order when a reload lists them oldest first.
	 */
	creationTime(now = Date.now()): number {
		this.#lastCreated = Math.max(now, this.#lastCreated + 1);
		return this.#lastCreated;
	}

	/** Adds `sb`, made by an earlier run (the journal's, after a reload), to the table. */
	adopt(sb: Sandbox): void {
		this.byId.set(sb.id, this.watch(sb));
		this.#lastCreated = Math.max(this.#lastCreated, sb.createdAt);
	}

	/** The number of a new sandbox node. */
	takeNumber(): number {
		const number = this.nextNumber++;
		this.onNumber?.(this.nextNumber);
		return number;
	}

	/** The nodes of the running sandboxes and cluster nodes, as Arsenal sees them. */
	nodes(): ArsenalNode[] {
		return runningNodes([...this.byId.values(), ...this.clusterNodes.values()]);
	}

	/** The sandbox whose node has this name. */
	byNode(name: string): Sandbox | undefined {
		const clusterNode = this.clusterNodes.get(name);
		if (clusterNode) return clusterNode;
		for (const sb of this.byId.values()) if (sb.nodeName === name) return sb;
		return undefined;
	}
}

/** The nodes of those of `sandboxes` that run, as Arsenal sees them. */
function runningNodes(sandboxes: Iterable<Sandbox>): ArsenalNode[] {
	const out: ArsenalNode[] = [];
	for (const sb of sandboxes) {
		const { mirror, worker } = sb;
		if (!mirror || !worker) continue;
		out.push({
			number: mirror.number,
			node: mirror,
			restartsSince: (since) => mirror.restartsSince(since),
			live: mirror.live,
			remote: {
				pidById: (id) => mirror.livePid(id),
				execute: (operation, params) =>
					forwarded(sb, operation, worker.api.execute(operation, params))
			}
		});
	}
	return out;
}

/**
 * An error from the sandbox's registry keeps its code (404, 422…) on this side. A worker that
 * the watchdog ended while it ran the operation (a handleCall looping forever) is the sandbox's
 * failure, `unresponsive`, not a missing process: its pending call only sees the worker gone.
 */
async function forwarded<T>(sb: Sandbox, operation: string, answer: Promise<T>): Promise<T> {
	const worker = sb.worker;
	try {
		return await answer;
	} catch (error) {
		if (sb.worker !== worker && sb.status === 'killed' && sb.reason === 'unresponsive') {
			throw new ArsenalError(
				'unresponsive',
				`Sandbox '${sb.id}' stopped answering during ${operation}: its code ran for ${WATCHDOG_MS / 1000} s without yielding (an endless loop?), and the watchdog ended it.`,
				{ id: sb.id, operation }
			);
		}
		const { code, details } = error as { code?: unknown; details?: unknown };
		if (error instanceof Error && typeof code === 'string') {
			throw new ArsenalError(code, error.message, details);
		}
		throw error;
	}
}
