/**
 * When is a node settled? When nothing is runnable and every running process is blocked
 * outside the runtime. A process that awaits only runtime waits and settled promises reaches
 * its next wait within the current microtask checkpoint; one still running after a host task
 * in which no turn was handed out awaits something else (a host timer, I/O, a promise that
 * never settles) and cannot make progress the runtime could wait for.
 *
 * Settling is also when `receive` with timeout 0 times out: once nothing else can happen.
 */
import type { Process } from '../process';
import type { Scheduler } from '../scheduler';

export class Settler {
	#zeroWaits = new Set<Process>();
	#waiters: Array<() => void> = [];
	#checkQueued = false;
	#hostCheckArmed = false;

	constructor(private readonly scheduler: Scheduler) {}

	/** Resolves once the node is settled. */
	settle(): Promise<void> {
		return new Promise((resolve) => {
			this.#waiters.push(resolve);
			this.#queueCheck();
		});
	}

	/** The scheduler found nothing runnable: worth a look if someone waits for it. */
	onIdle(): void {
		if (this.#waiters.length || this.#zeroWaits.size) this.#queueCheck();
	}

	addZeroWait(p: Process): void {
		this.#zeroWaits.add(p);
	}

	cancelZeroWait(p: Process): void {
		if (this.#zeroWaits.size) this.#zeroWaits.delete(p);
	}

	/** Releases every waiter: the node is shutting down. */
	release(): void {
		this.#zeroWaits.clear();
		this.#resolveWaiters();
	}

	#queueCheck(): void {
		if (this.#checkQueued) return;
		this.#checkQueued = true;
		queueMicrotask(() => {
			this.#checkQueued = false;
			const s = this.scheduler;
			if (s.runnable > 0) return;
			if (s.running === 0) return this.#settled();
			this.#checkAfterHostTask();
		});
	}

	/** One host timer at a time looks whether the running processes made any progress. */
	#checkAfterHostTask(): void {
		if (this.#hostCheckArmed) return;
		this.#hostCheckArmed = true;
		const s = this.scheduler;
		const turns = s.turns;
		setTimeout(() => {
			this.#hostCheckArmed = false;
			if (s.runnable > 0) return;
			if (s.running === 0 || s.turns === turns) this.#settled();
			else this.#queueCheck();
		}, 0);
	}

	#settled(): void {
		if (this.#zeroWaits.size) {
			const waiting = [...this.#zeroWaits];
			this.#zeroWaits.clear();
			for (const p of waiting) p.timeOut();
			return;
		}
		this.#resolveWaiters();
	}

	#resolveWaiters(): void {
		const waiters = this.#waiters;
		this.#waiters = [];
		for (const resolve of waiters) resolve();
	}
}
