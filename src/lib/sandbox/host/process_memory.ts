/**
 * The memory of a sandbox node's processes (state and mailbox, as `processInfo().memory`
 * estimates it), kept up to date a slice at a time: each `sample` re-estimates the largest
 * processes seen so far, which a growing state or flooded mailbox quickly becomes, and then the
 * next others in turn, so that 10,000 processes cost a few hundred estimates per heartbeat.
 */
import type { Node, Pid } from '$lib/runtime';

/** How many of the largest processes are re-estimated every time. */
const LARGEST = 16;

export class ProcessMemory {
	readonly #bytes = new Map<Pid, number>();
	#turn: Pid[] = [];
	#next = 0;

	constructor(
		private readonly node: Node,
		private readonly live: ReadonlySet<Pid>
	) {}

	/** Re-estimates up to `budget` processes; the total of the latest estimates of the live ones. */
	sample(budget = 256): { total: number; largest?: { pid: string; bytes: number } } {
		for (const pid of this.#bytes.keys()) if (!this.live.has(pid)) this.#bytes.delete(pid);
		const largest = [...this.#bytes].sort((a, b) => b[1] - a[1]).slice(0, LARGEST);
		for (const [pid] of largest) this.#estimate(pid);
		let wrapped = false;
		for (let n = largest.length; n < budget; n++) {
			if (this.#next >= this.#turn.length) {
				if (wrapped) break; // every process has had its turn in this sample
				this.#turn = [...this.live];
				this.#next = 0;
				wrapped = true;
				if (this.#turn.length === 0) break;
			}
			this.#estimate(this.#turn[this.#next++]);
		}
		let total = 0;
		let top: { pid: string; bytes: number } | undefined;
		for (const [pid, bytes] of this.#bytes) {
			total += bytes;
			if (!top || bytes > top.bytes) top = { pid: String(pid), bytes };
		}
		return top ? { total, largest: top } : { total };
	}

	#estimate(pid: Pid): void {
		const info = this.node.processInfo(pid);
		if (info) this.#bytes.set(pid, info.memory);
		else this.#bytes.delete(pid);
	}
}
