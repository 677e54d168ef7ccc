/**
 * Where a chaos helper called without a seed gets one. The test runner seeds each test's node
 * with the run's seed, so those helpers draw the same seeds, in the same order, whenever the
 * run's seed is the same: a run replays with `--seed`. On a node nobody seeded, Math.random
 * picks (and the helper reports what it picked). Internal: not in the public entry.
 *
 * ```ts
 * seedChaos(node, 42);
 * pickSeed(node); // the same number on every node seeded with 42
 * ```
 */
import type { Node } from '$lib/runtime';
import { seededRandom } from '$lib/runtime/host';

const draws = new WeakMap<Node, () => number>();

/** Makes the chaos helpers on `node` draw their seeds from `seed`. */
export function seedChaos(node: Node, seed: number): void {
	draws.set(node, seededRandom(seed));
}

/** A seed for a chaos helper on `node` that was given none. */
export function pickSeed(node: Node): number {
	return seedFrom(draws.get(node) ?? Math.random);
}

/** A 32-bit seed drawn from `random`. */
export function seedFrom(random: () => number): number {
	return Math.floor(random() * 2 ** 32);
}
