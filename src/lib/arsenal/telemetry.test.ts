import { describe, expect, it } from 'vitest';
import { Telemetry, type Measurements, type Metadata } from './telemetry';

function recorder(telemetry: Telemetry, id: string, events: string[]) {
	const seen: Array<[string, Measurements, Metadata]> = [];
	telemetry.attach(id, events, (event, measurements, metadata) =>
		seen.push([event, measurements, metadata])
	);
	return seen;
}

describe('Telemetry', () => {
	it('delivers events to the handlers attached to them, in attach order, with their config', () => {
		const telemetry = new Telemetry();
		const calls: string[] = [];
		telemetry.attach(
			'a',
			['x.y'],
			(_e, _m, _d, config: string) => calls.push(`a:${config}`),
			'cfg'
		);
		telemetry.attach('b', 'x.y', () => calls.push('b'));
		telemetry.attach('c', ['other'], () => calls.push('c'));
		telemetry.execute('x.y', { n: 1 });
		expect(calls).toEqual(['a:cfg', 'b']);
		expect(telemetry.hasHandlers('x.y')).toBe(true);
		expect(telemetry.hasHandlers('nothing')).toBe(false);
	});

	it('refuses a taken id and detaches by id, as :telemetry does', () => {
		const telemetry = new Telemetry();
		expect(telemetry.attach('h', ['e'], () => {})).toBe('ok');
		expect(telemetry.attach('h', ['e'], () => {})).toEqual(['error', 'already_exists']);
		expect(telemetry.listHandlers('e')).toEqual([{ id: 'h', events: ['e'], config: undefined }]);
		expect(telemetry.detach('h')).toBe('ok');
		expect(telemetry.detach('h')).toEqual(['error', 'not_found']);
		expect(telemetry.listHandlers()).toEqual([]);
	});

	it('detaches a handler that throws, reports it, and still runs the others', () => {
		const failures: Array<[unknown, string, string]> = [];
		const telemetry = new Telemetry({
			onHandlerError: (e, id, event) => failures.push([e, id, event])
		});
		const boom = new Error('boom');
		telemetry.attach('bad', ['e'], () => {
			throw boom;
		});
		const seen = recorder(telemetry, 'good', ['e']);
		telemetry.execute('e', {});
		telemetry.execute('e', {});
		expect(failures).toEqual([[boom, 'bad', 'e']]);
		expect(seen).toHaveLength(2);
		expect(telemetry.listHandlers().map((h) => h.id)).toEqual(['good']);
	});

	it('spans a synchronous function with start and stop, and the duration between', () => {
		let clock = 100;
		const telemetry = new Telemetry({ now: () => clock });
		const seen = recorder(telemetry, 't', ['job.start', 'job.stop', 'job.exception']);
		const result = telemetry.span(
			'job',
			{ id: 7 },
			() => {
				clock += 25;
				return 'done';
			},
			(r) => ({ result: r })
		);
		expect(result).toBe('done');
		expect(seen.map(([e]) => e)).toEqual(['job.start', 'job.stop']);
		expect(seen[0][1]).toMatchObject({ monotonicTime: 100 });
		expect(seen[0][1].systemTime).toBeGreaterThan(0);
		expect(seen[1][1]).toEqual({ duration: 25, monotonicTime: 125 });
		expect(seen[1][2]).toEqual({ id: 7, result: 'done' });
	});

	it('spans an async function and emits exception with the duration when it rejects', async () => {
		let clock = 0;
		const telemetry = new Telemetry({ now: () => clock });
		const seen = recorder(telemetry, 't', ['job.start', 'job.stop', 'job.exception']);
		const failing = telemetry.span('job', { id: 1 }, async () => {
			await Promise.resolve();
			clock = 40;
			throw new Error('nope');
		});
		await expect(failing).rejects.toThrow('nope');
		expect(seen.map(([e]) => e)).toEqual(['job.start', 'job.exception']);
		expect(seen[1][1]).toEqual({ duration: 40, monotonicTime: 40 });
		expect(seen[1][2]).toMatchObject({ id: 1, kind: 'error', reason: new Error('nope') });
		expect(await telemetry.span('job', {}, () => Promise.resolve(3))).toBe(3);
		expect(seen.at(-1)?.[0]).toBe('job.stop');
	});

	it('emits exception for a synchronous throw and rethrows it', () => {
		const telemetry = new Telemetry();
		const seen = recorder(telemetry, 't', ['job.exception']);
		expect(() =>
			telemetry.span('job', {}, () => {
				throw new Error('sync');
			})
		).toThrow('sync');
		expect(seen).toHaveLength(1);
		expect(seen[0][1].duration).toBeGreaterThanOrEqual(0);
	});
});
