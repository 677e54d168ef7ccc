/**
 * Which nodes of a supervision tree restart faster than anyone can read them. Such a node gets
 * a new pid many times a second; drawn as it is, its label changes on every redraw (and the
 * drawing measures and paints it again) while nobody can read one pid of them. The view shows
 * it as "restarting fast" instead, a label that holds still while the storm lasts.
 *
 * ```ts
 * const storms = new StormWatch();
 * const storming = storms.look(model, performance.now()); // at each redraw
 * ```
 */
import type { SupervisionModel } from './supervision_model';

export class StormWatch {
	/** Each node's restart count at the last look, and when that was. */
	#seen = new Map<string, number>();
	#lastLook = -Infinity;

	/**
	 * @param minRate Restarts a second from which a node storms (it must also have restarted at
	 *   least twice since the last look).
	 */
	constructor(readonly minRate = 5) {}

	/** The keys of the nodes that restarted at `minRate` or faster since the last look. */
	look(model: SupervisionModel, now: number): ReadonlySet<string> {
		const seconds = Math.max(0.001, (now - this.#lastLook) / 1000);
		const storming = new Set<string>();
		const seen = new Map<string, number>();
		for (const node of model.walk()) {
			const grew = node.restarts - (this.#seen.get(node.key) ?? node.restarts);
			if (grew >= 2 && grew / seconds >= this.minRate) storming.add(node.key);
			seen.set(node.key, node.restarts);
		}
		this.#seen = seen;
		this.#lastLook = now;
		return storming;
	}
}
