/** A played scenario's result in words, as the Scenario pane and the /share page show it. */
import type { ExperimentResult, StepResult } from '$lib/arsenal/experiment_schemas';
import { durationText } from '$lib/supertester/runner/results';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * `Played 4 steps in 1.20 s: all ok · 1 restart · checks: 1 passed`, or with what failed:
 * `3 of 4 steps ok, 1 failed`.
 */
export function experimentSummary(result: ExperimentResult): string {
	const total = result.steps.length;
	const failed = result.steps.filter((s) => s.status === 'failed').length;
	const { passed, failed: checksFailed } = result.assertions;
	return [
		`Played ${plural(total, 'step')} in ${durationText(result.durationMs)}: ${
			failed ? `${total - failed} ok, ${failed} failed` : 'all ok'
		}`,
		plural(result.restarts, 'restart'),
		...(passed + checksFailed
			? [`checks: ${passed} passed${checksFailed ? `, ${checksFailed} failed` : ''}`]
			: [])
	].join(' · ');
}

/** `counter restarted after killed`: one restart a step caused, without its pids. */
export function restartText(restart: StepResult['restarts'][number]): string {
	return `${restart.childId} restarted after ${restart.reason}`;
}

/** A failed step's error: `noproc: no process at counter`. */
export function stepErrorText(error: NonNullable<StepResult['error']>): string {
	return error.message.startsWith(error.code) ? error.message : `${error.code}: ${error.message}`;
}
