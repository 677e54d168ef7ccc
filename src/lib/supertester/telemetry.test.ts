import { afterEach, describe, expect, it } from 'vitest';
import {
	assertion,
	attachSupertester,
	helper,
	type SupertesterEvent,
	type SupertesterHandler
} from './telemetry';

/** The measurements of an event with a duration. */
const timed = { duration: expect.any(Number) as unknown };

type Seen = Array<[SupertesterEvent, Record<string, number>, { name: string; error?: string }]>;

describe('telemetry', () => {
	const detachers: Array<() => void> = [];
	/** Attaches a handler that records every event, detached after the test. */
	function record(): Seen {
		const seen: Seen = [];
		detachers.push(attachSupertester((event, m, meta) => seen.push([event, m, meta])));
		return seen;
	}
	afterEach(() => {
		for (const detach of detachers.splice(0)) detach();
	});

	it('brackets a helper between start and stop, with its duration', async () => {
		const seen = record();
		expect(await helper('castAndSync', () => Promise.resolve(7))).toBe(7);
		expect(seen).toEqual([
			['supertester.helper.start', {}, { name: 'castAndSync' }],
			['supertester.helper.stop', timed, { name: 'castAndSync' }]
		]);
	});

	it('emits stop for a helper that fails too, and passes its error on', async () => {
		const seen = record();
		const boom = new Error('boom');
		await expect(helper('waitForProcessDeath', () => Promise.reject(boom))).rejects.toBe(boom);
		expect(seen.map(([event]) => event)).toEqual([
			'supertester.helper.start',
			'supertester.helper.stop'
		]);
	});

	it('says passed for an assertion that holds, and failed with the message for one that does not', async () => {
		const seen = record();
		expect(await assertion('assertChildCount', () => 3)).toBe(3);
		const failure = new Error('expected 3 children, found 2');
		await expect(
			assertion('assertChildCount', () => {
				throw failure;
			})
		).rejects.toBe(failure);
		expect(seen).toEqual([
			['supertester.assertion.passed', timed, { name: 'assertChildCount' }],
			[
				'supertester.assertion.failed',
				timed,
				{ name: 'assertChildCount', error: 'expected 3 children, found 2' }
			]
		]);
	});

	it('detaches a handler that throws, and the others still get every event', async () => {
		let calls = 0;
		const broken: SupertesterHandler = () => {
			calls++;
			throw new Error('broken handler');
		};
		detachers.push(attachSupertester(broken));
		const seen = record();
		await assertion('assertProcessAlive', () => undefined);
		await assertion('assertProcessDead', () => undefined);
		expect(calls).toBe(1);
		expect(seen.map(([, , meta]) => meta.name)).toEqual([
			'assertProcessAlive',
			'assertProcessDead'
		]);
	});

	it('stops calling a handler once it is detached', async () => {
		const seen: SupertesterEvent[] = [];
		const detach = attachSupertester((event) => seen.push(event));
		await assertion('assertProcessAlive', () => undefined);
		detach();
		await assertion('assertProcessAlive', () => undefined);
		expect(seen).toEqual(['supertester.assertion.passed']);
	});
});
