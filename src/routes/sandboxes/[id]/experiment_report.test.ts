import { describe, expect, it } from 'vitest';
import type { ExperimentResult, StepResult } from '$lib/arsenal/experiment_schemas';
import { experimentSummary, restartText, stepErrorText } from './experiment_report';

const step = (over: Partial<StepResult> = {}): StepResult => ({
	index: 0,
	kind: 'kill',
	label: 'kill counter',
	status: 'ok',
	at: 0,
	restarts: [],
	exits: [],
	...over
});

function result(steps: StepResult[], over: Partial<ExperimentResult> = {}): ExperimentResult {
	return {
		ok: steps.every((s) => s.status === 'ok'),
		clock: 'virtual',
		seed: 1,
		durationMs: 1200,
		restarts: 0,
		assertions: { passed: 0, failed: 0 },
		steps,
		...over
	};
}

describe('experimentSummary', () => {
	it('says how many steps played, in how long, and that all went well', () => {
		expect(experimentSummary(result([step(), step()], { restarts: 1 }))).toBe(
			'Played 2 steps in 1.20 s: all ok · 1 restart'
		);
	});

	it('counts the failed steps and the checks', () => {
		const steps = [step(), step({ status: 'failed' }), step({ kind: 'assert' })];
		expect(
			experimentSummary(
				result(steps, { restarts: 2, durationMs: 40, assertions: { passed: 1, failed: 1 } })
			)
		).toBe('Played 3 steps in 40 ms: 2 ok, 1 failed · 2 restarts · checks: 1 passed, 1 failed');
		expect(experimentSummary(result([], { assertions: { passed: 0, failed: 0 } }))).toBe(
			'Played 0 steps in 1.20 s: all ok · 0 restarts'
		);
	});
});

describe('restartText and stepErrorText', () => {
	it('name the child and the reason, and the error with its code once', () => {
		expect(
			restartText({
				supervisor: '<3.1.0>',
				childId: 'counter',
				oldPid: '<3.2.0>',
				newPid: '<3.9.0>',
				reason: 'killed'
			})
		).toBe('counter restarted after killed');
		expect(stepErrorText({ code: 'noproc', message: 'No process at counter' })).toBe(
			'noproc: No process at counter'
		);
		expect(stepErrorText({ code: 'noproc', message: 'noproc: gone' })).toBe('noproc: gone');
	});
});
