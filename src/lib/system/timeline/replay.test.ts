/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- answers are JSON, read the way a client reads them */
// Replay: the demo application on the virtual clock with a seed gives the same log every run;
// a changed input shows where the logs part; over REST with bounds.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Recording } from '$lib/arsenal/timeline_schemas';
import { testSystem, type TestSystem } from '$lib/testing/arsenal';
import { digest, record, replay } from './replay';

const recording: Recording = {
	seed: 7,
	program: 'demo',
	durationMs: 45_000,
	inputs: [
		{ at: 4_000, action: { kind: 'kill', name: 'Demo.Counter', reason: 'kill' } },
		{
			at: 6_000,
			action: { kind: 'send', name: 'Demo.Counter', type: 'cast', message: 'increment' }
		},
		{
			at: 9_000,
			action: { kind: 'fault', name: 'Demo.Cache', fault: { kind: 'crash', reason: 'oops' } }
		}
	]
};

describe('replay', () => {
	it('gives an identical log for the same seed and inputs', async () => {
		const outcome = await replay(recording);
		expect(outcome.identical).toBe(true);
		expect(outcome.firstDifference).toBeUndefined();
		expect(outcome.digest).toBe(outcome.referenceDigest);
		expect(outcome.events).toBeGreaterThan(500);
		const log = await record(recording);
		expect(log.some((e) => e.type === 'restart' && e.childId === 'Demo.Counter')).toBe(true);
		expect(log.some((e) => e.type === 'restart' && e.reason === 'oops')).toBe(true);
		expect(await digest(log)).toBe(outcome.digest);
	});

	it('names the first event that differs when an input changes', async () => {
		const reference = await record(recording);
		const changed: Recording = {
			...recording,
			inputs: [{ ...recording.inputs[0], at: 5_000 }, ...recording.inputs.slice(1)]
		};
		const outcome = await replay(changed, { log: reference });
		expect(outcome.identical).toBe(false);
		const { index, reference: expected, replay: got } = outcome.firstDifference!;
		expect(reference.slice(0, index).every((e) => e.at < 5_000)).toBe(true);
		// The reference killed Demo.Counter at 4 s; the changed run had not yet.
		expect(expected).toMatchObject({ at: 4_000 });
		expect(got).not.toEqual(expected);
		const other = await replay(changed, { digest: await digest(reference) });
		expect(other).toMatchObject({ identical: false });
		expect(other.firstDifference).toBeUndefined();
	});
});

describe('replay_timeline', () => {
	let t: TestSystem;
	beforeEach(async () => {
		t = await testSystem();
	});
	afterEach(async () => {
		await t.system.shutdown();
	});

	it("replays the node's recorded inputs by default and compares with a digest", async () => {
		await t.node.advance(2_000);
		await t.del('/api/v1/processes/Demo.Flaky');
		const res = await t.post('/api/v1/timeline/replay', { seed: 3 });
		expect(res.status).toBe(200);
		expect(res.body.data).toMatchObject({
			identical: true,
			seed: 3,
			durationMs: 60_000,
			inputs: [{ at: 2_000, action: { kind: 'kill', name: 'Demo.Flaky', reason: 'kill' } }]
		});
		const again = await t.post('/api/v1/timeline/replay', {
			seed: 3,
			digest: res.body.data.digest
		});
		expect(again.body.data).toMatchObject({ identical: true, digest: res.body.data.digest });
		const otherSeed = await t.post('/api/v1/timeline/replay', {
			seed: 4,
			digest: res.body.data.digest
		});
		expect(otherSeed.body.data.identical).toBe(false);
	});

	it('answers 422 naming the field past its bounds', async () => {
		const long = await t.post('/api/v1/timeline/replay', { durationMs: 600_001 });
		expect([long.status, long.body.error?.details.field]).toEqual([422, 'durationMs']);
		const late = await t.post('/api/v1/timeline/replay', {
			durationMs: 1_000,
			inputs: [{ at: 2_000, action: { kind: 'kill', name: 'Demo.Flaky' } }]
		});
		expect([late.status, late.body.error?.details.field]).toEqual([422, 'inputs.0.at']);
		const many = await t.post('/api/v1/timeline/replay', {
			inputs: Array.from({ length: 1_001 }, () => ({
				at: 0,
				action: { kind: 'kill', name: 'Demo.Flaky' }
			}))
		});
		expect([many.status, many.body.error?.details.field]).toEqual([422, 'inputs']);
		const badAction = await t.post('/api/v1/timeline/replay', {
			inputs: [{ at: 0, action: { kind: 'explode', name: 'Demo.Flaky' } }]
		});
		expect(badAction.status).toBe(422);
		expect(badAction.body.error?.details.field).toMatch(/^inputs\.0\.action/);
	});
});
