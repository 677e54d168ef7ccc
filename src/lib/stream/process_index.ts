/**
 * The live processes of a node in spawn order, kept from its trace events (spawn adds, exit
 * removes), so that Arsenal can count them and read a page of them without building the list
 * of every pid that `node.processes()` returns: with 100,000 processes that list alone costs
 * more than the whole first page of GET /processes may.
 */
import type { Node, Pid } from '$lib/runtime';

export class ProcessIndex {
	readonly #live = new Set<Pid>();
	readonly #unsubscribe: () => void;

	constructor(node: Node) {
		this.#unsubscribe = node.onTrace((event) => {
			if (event.type === 'spawn') this.#live.add(event.pid);
			else if (event.type === 'exit') this.#live.delete(event.pid);
		});
		// Nothing runs between subscribing and this, so no spawn or exit falls in between.
		for (const pid of node.processes()) this.#live.add(pid);
	}

	/** The live pids, oldest first: a view, not a copy. */
	get live(): ReadonlySet<Pid> {
		return this.#live;
	}

	stop(): void {
		this.#unsubscribe();
	}
}
