import { describe, expect, it } from 'vitest';
import { MAX_STEPS, type Step } from '$lib/arsenal/experiment_schemas';
import {
	appendSteps,
	checkStep,
	moveStep,
	recordedWait,
	removeStep,
	ScenarioRecorder
} from './recorder';

const kill: Step = { kind: 'kill', target: { path: ['counter'] }, reason: 'kill' };
const send: Step = { kind: 'call', target: { path: ['counter'] }, message: 'get' };
const wait = (ms: number): Step => ({ kind: 'wait', ms });

/** A recorder on a clock the test moves. */
function recorderAt(start = 1000) {
	const clock = { now: start };
	return { clock, recorder: new ScenarioRecorder(() => clock.now) };
}

describe('recordedWait', () => {
	it('rounds a pause to 100 ms, keeps none under 50 ms, and caps it at the longest wait', () => {
		expect(recordedWait(2349)).toBe(2300);
		expect(recordedWait(2350)).toBe(2400);
		expect(recordedWait(60)).toBe(100);
		expect(recordedWait(49)).toBeNull();
		expect(recordedWait(10_000_000)).toBe(600_000);
	});
});

describe('ScenarioRecorder', () => {
	it('records nothing until started, nor after it stops', () => {
		const { recorder } = recorderAt();
		const steps: Step[] = [];
		expect(recorder.record(steps, kill)).toBe(steps);
		recorder.start();
		recorder.stop();
		expect(recorder.record(steps, kill)).toEqual([]);
	});

	it('records each action after the wait since the previous one', () => {
		const { clock, recorder } = recorderAt();
		recorder.start();
		let steps = recorder.record([], kill);
		clock.now += 2349;
		steps = recorder.record(steps, send);
		clock.now += 20;
		steps = recorder.record(steps, kill);
		expect(steps).toEqual([kill, wait(2300), send, kill]);
	});

	it('starts the rhythm afresh when recording starts again', () => {
		const { clock, recorder } = recorderAt();
		recorder.start();
		let steps = recorder.record([wait(500)], kill);
		recorder.stop();
		clock.now += 60_000;
		recorder.start();
		steps = recorder.record(steps, send);
		expect(steps).toEqual([wait(500), kill, send]);
	});

	it('records no action whose wait and step do not both fit in a scenario', () => {
		const { clock, recorder } = recorderAt();
		recorder.start();
		const almostFull = Array.from({ length: MAX_STEPS - 1 }, () => kill);
		recorder.record([], kill);
		clock.now += 1000;
		expect(recorder.record(almostFull, send)).toBe(almostFull);
	});
});

describe('editing steps', () => {
	const steps: Step[] = [kill, wait(100), send];

	it('moves a step up or down, and not past either end', () => {
		expect(moveStep(steps, 2, -1)).toEqual([kill, send, wait(100)]);
		expect(moveStep(steps, 0, 1)).toEqual([wait(100), kill, send]);
		expect(moveStep(steps, 0, -1)).toBe(steps);
		expect(moveStep(steps, 2, 1)).toBe(steps);
	});

	it('removes one step', () => {
		expect(removeStep(steps, 1)).toEqual([kill, send]);
	});

	it('appends steps by hand while they fit', () => {
		expect(appendSteps(steps, [wait(5)])).toEqual([...steps, wait(5)]);
		const full = Array.from({ length: MAX_STEPS }, () => kill);
		expect(appendSteps(full, [wait(5)])).toBe(full);
	});
});

describe('checkStep', () => {
	const counter = { path: ['counter'] };

	it('makes an assert step, with a value only for the checks that compare one', () => {
		expect(checkStep('restarted', counter, 'ignored')).toEqual({
			ok: true,
			step: { kind: 'assert', check: 'restarted', target: counter }
		});
		expect(checkStep('childCount', { path: [] }, 1)).toEqual({
			ok: true,
			step: { kind: 'assert', check: 'childCount', target: { path: [] }, value: 1 }
		});
		expect(checkStep('state', counter, { count: 0 })).toMatchObject({ ok: true });
	});

	it('says why a check cannot be made', () => {
		expect(checkStep('childCount', { path: [] }, undefined)).toEqual({
			ok: false,
			error: 'childCount compares with a value: type one.'
		});
		expect(checkStep('childCount', { path: [] }, -1)).toMatchObject({ ok: false });
		expect(checkStep('strategy', { path: [] }, 'one_for_none')).toEqual({
			ok: false,
			error: 'One of one_for_one, one_for_all, rest_for_one.'
		});
		expect(checkStep('restarted', { pid: '<3.6.0>' }, undefined)).toEqual({
			ok: false,
			error: 'restarted needs a child of the tree, found by its path.'
		});
	});
});
