/**
 * A scenario recorded from what the learner does: each kill in the tree and each message sent
 * becomes a step, after a wait step for the time since the previous one (rounded), so a replay
 * keeps the rhythm. Steps added by hand (a wait, a check) are taken as they are.
 *
 * ```ts
 * const recorder = new ScenarioRecorder();
 * recorder.start();
 * steps = recorder.record(steps, { kind: 'kill', target: { path: ['counter'] }, reason: 'kill' });
 * // 2.3 s later:
 * steps = recorder.record(steps, send); // […kill, { kind: 'wait', ms: 2300 }, send]
 * ```
 */
import { MAX_STEPS, type Check, type Step, type Target } from '$lib/arsenal/experiment_schemas';
import type { Json } from '$lib/arsenal/serialize';

/** Recorded waits are rounded to this many ms; a shorter pause records no wait. */
export const WAIT_ROUNDING_MS = 100;
/** The longest wait a step may have (the schema's bound). */
export const MAX_WAIT_MS = 600_000;

/** A recorded pause as a wait's length, or null when too short to keep. */
export function recordedWait(ms: number): number | null {
	const rounded = Math.round(ms / WAIT_ROUNDING_MS) * WAIT_ROUNDING_MS;
	return rounded > 0 ? Math.min(rounded, MAX_WAIT_MS) : null;
}

export class ScenarioRecorder {
	readonly #now: () => number;
	#lastAt: number | null = null;
	#recording = false;

	constructor(now: () => number = () => performance.now()) {
		this.#now = now;
	}

	get recording(): boolean {
		return this.#recording;
	}

	/** Starts recording: the first action records no wait before it. */
	start(): void {
		this.#recording = true;
		this.#lastAt = null;
	}

	stop(): void {
		this.#recording = false;
	}

	/**
	 * `steps` with `step` appended after the wait since the last recorded action, while
	 * recording; else `steps` unchanged.
	 */
	record(steps: readonly Step[], step: Step): readonly Step[] {
		if (!this.#recording) return steps;
		const now = this.#now();
		const wait = this.#lastAt === null ? null : recordedWait(now - this.#lastAt);
		this.#lastAt = now;
		return appendSteps(steps, wait === null ? [step] : [{ kind: 'wait', ms: wait }, step]);
	}
}

/** `steps` with `added` at the end; unchanged when they would not all fit under MAX_STEPS. */
export function appendSteps(steps: readonly Step[], added: readonly Step[]): readonly Step[] {
	return steps.length + added.length > MAX_STEPS ? steps : [...steps, ...added];
}

/** `steps` with the one at `index` moved by `by` places (kept in range). */
export function moveStep(steps: readonly Step[], index: number, by: number): readonly Step[] {
	const to = Math.max(0, Math.min(steps.length - 1, index + by));
	if (to === index || !steps[index]) return steps;
	const moved = steps.filter((_, i) => i !== index);
	moved.splice(to, 0, steps[index]);
	return moved;
}

export function removeStep(steps: readonly Step[], index: number): readonly Step[] {
	return steps.filter((_, i) => i !== index);
}

interface CheckValue {
	/** An example, as the learner types it. */
	example: string;
	/** Why `value` cannot be compared, or null. */
	problem?: (value: Json) => string | null;
}

const STRATEGIES = ['one_for_one', 'one_for_all', 'rest_for_one'];

/** What a check compares its target with, if anything. */
export const CHECK_VALUES: Record<Check, CheckValue | null> = {
	alive: null,
	dead: null,
	restarted: null,
	childCount: {
		example: '1',
		problem: (v) =>
			Number.isInteger(v) && (v as number) >= 0 ? null : 'A count of children: 0, 1, 2…'
	},
	allChildrenAlive: null,
	state: { example: '{"count": 0, "step": 1}' },
	strategy: {
		example: 'one_for_one',
		problem: (v) => (STRATEGIES.includes(v as string) ? null : `One of ${STRATEGIES.join(', ')}.`)
	},
	responsive: null
};

/**
 * An assert step, or why it cannot be one: a check that compares needs a value it can compare,
 * and `restarted` finds its child by a path.
 */
export function checkStep(
	check: Check,
	target: Target,
	value: Json | undefined
): { ok: true; step: Step } | { ok: false; error: string } {
	const compared = CHECK_VALUES[check];
	if (check === 'restarted' && !('path' in target)) {
		return { ok: false, error: 'restarted needs a child of the tree, found by its path.' };
	}
	if (!compared) return { ok: true, step: { kind: 'assert', check, target } };
	if (value === undefined) return { ok: false, error: `${check} compares with a value: type one.` };
	const problem = compared.problem?.(value) ?? null;
	if (problem) return { ok: false, error: problem };
	return { ok: true, step: { kind: 'assert', check, target, value } };
}
