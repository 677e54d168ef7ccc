/**
 * The live processes of a node, by number. Pids are numbered in spawn order, so the table is
 * an array indexed by number (no hashing on spawn and exit, the two hottest operations) that
 * drops its leading dead slots now and then so that it does not grow with every process ever
 * spawned.
 */
import type { Process } from '../process';

export class ProcessTable {
	#slots: Array<Process | undefined> = [];
	/** The process number of slot 0. */
	#base = 1;
	/** Slots before this one are all dead. */
	#head = 0;
	#size = 0;

	get size(): number {
		return this.#size;
	}

	/** Adds a process; numbers must come in increasing order, as spawn gives them. */
	add(p: Process): void {
		const at = p.self.id - this.#base;
		while (this.#slots.length < at) this.#slots.push(undefined);
		this.#slots.push(p);
		this.#size++;
	}

	get(id: number): Process | undefined {
		return this.#slots[id - this.#base];
	}

	remove(id: number): void {
		const at = id - this.#base;
		if (this.#slots[at] === undefined) return;
		this.#slots[at] = undefined;
		this.#size--;
		if (at !== this.#head) return;
		const slots = this.#slots;
		while (this.#head < slots.length && slots[this.#head] === undefined) this.#head++;
		if (this.#head >= 1024 && this.#head * 2 >= slots.length) {
			slots.splice(0, this.#head);
			this.#base += this.#head;
			this.#head = 0;
		}
	}

	/** Live processes in spawn order. */
	*values(): IterableIterator<Process> {
		for (let i = this.#head; i < this.#slots.length; i++) {
			const p = this.#slots[i];
			if (p) yield p;
		}
	}
}
