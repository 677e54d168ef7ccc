/**
 * Trace listeners. A listener that throws must not stop delivery or unwind the runtime: its
 * error is reported in a later macrotask (like xstate's reportUnhandledError) and the other
 * listeners still get the event.
 */
import type { TraceEvent } from './types';

export class Tracer {
	#listeners: Array<(e: TraceEvent) => void> = [];
	/** Cheap check on hot paths: events are only built when someone listens. */
	active = false;

	add(listener: (e: TraceEvent) => void): () => void {
		this.#listeners = [...this.#listeners, listener];
		this.active = true;
		return () => {
			this.#listeners = this.#listeners.filter((l) => l !== listener);
			this.active = this.#listeners.length > 0;
		};
	}

	emit(event: TraceEvent): void {
		for (const listener of this.#listeners) {
			try {
				listener(event);
			} catch (error) {
				setTimeout(() => {
					throw error;
				}, 0);
			}
		}
	}
}
