import { describe, expect, it } from 'vitest';
import type { NumberedEvent, TimelineMoment } from '$lib/arsenal/timeline_schemas';
import type { TraceEventOut, TraceSessionOut } from '$lib/arsenal/trace_schemas';
import { filterEvents, forestAt, gaugeTimes, sessionStatus, timelineMarks } from './trace_model';

const session: TraceSessionOut = {
	id: 't1',
	node: 'system@superlearner',
	target: '<0.40.0>',
	subtree: false,
	flags: ['send', 'receive'],
	status: 'running',
	events: 120,
	maxEvents: 1000,
	durationMs: 60_000,
	startedAt: 0
};

describe('sessionStatus', () => {
	it('says how far a running session is, and why a stopped one stopped', () => {
		expect(sessionStatus(session)).toBe('Running: 120 of at most 1,000 events');
		expect(
			sessionStatus({ ...session, status: 'stopped', stopReason: 'max_events', events: 1000 })
		).toBe('Stopped at its limit of 1,000 events');
		expect(sessionStatus({ ...session, status: 'stopped', stopReason: 'duration' })).toBe(
			'Stopped at its time limit of 60 s, with 120 events'
		);
		expect(sessionStatus({ ...session, status: 'stopped', stopReason: 'target_exited' })).toBe(
			'Stopped: the traced process exited (120 events)'
		);
		expect(sessionStatus({ ...session, status: 'stopped', stopReason: 'stopped' })).toBe(
			'Stopped, with 120 events'
		);
	});
});

describe('filterEvents', () => {
	const events: TraceEventOut[] = [
		{ seq: 1, at: 0, kind: 'call', from: '<0.40.0>', to: '<0.41.0>', text: 'get' },
		{ seq: 2, at: 1, kind: 'reply', from: '<0.41.0>', to: '<0.40.0>', text: '{ok, 3}' },
		{ seq: 3, at: 2, kind: 'exit', pid: '<0.41.0>', text: 'boom' }
	];

	it('keeps the events of the kind asked whose pid or text holds the words', () => {
		expect(filterEvents(events, { kind: '', text: '' })).toBe(events);
		expect(filterEvents(events, { kind: 'reply', text: '' }).map((e) => e.seq)).toEqual([2]);
		expect(filterEvents(events, { kind: '', text: 'BOOM' }).map((e) => e.seq)).toEqual([3]);
		expect(filterEvents(events, { kind: 'call', text: '<0.41' }).map((e) => e.seq)).toEqual([1]);
	});
});

function moment(fields: Partial<TimelineMoment>): TimelineMoment {
	return {
		at: 5000,
		range: {
			node: 'system@superlearner',
			from: 0,
			to: 9000,
			events: 10,
			firstSeq: 1,
			evicted: 0
		},
		appliedSeq: 5,
		processes: [],
		gauges: [],
		...fields
	};
}

const sample = (behaviour: string, name?: string) => ({
	status: 'waiting',
	messageQueueLen: 0,
	memory: 100,
	behaviour,
	at: 4000,
	...(name && { name })
});

describe('forestAt', () => {
	it('builds the supervisors’ trees with the pids of the moment, leaving out loose processes', () => {
		const forest = forestAt(
			moment({
				processes: [
					{ pid: '<0.30.0>', links: [], name: 'Demo.Supervisor', sample: sample('supervisor') },
					{
						pid: '<0.31.0>',
						parent: '<0.30.0>',
						childId: 'counter',
						supervisor: '<0.30.0>',
						links: [],
						sample: { ...sample('gen_server', 'Demo.Counter'), module: 'Demo.Counter' }
					},
					{ pid: '<0.32.0>', parent: '<0.30.0>', links: [], sample: sample('dynamic_supervisor') },
					{ pid: '<0.50.0>', links: [] }
				],
				gauges: [{ supervisor: '<0.30.0>', restarts: 1, intensity: 3, period: 5, use: 1 / 3 }]
			})
		);
		expect(forest).toEqual([
			{
				pid: '<0.30.0>',
				type: 'supervisor',
				name: 'Demo.Supervisor',
				intensity: 3,
				period: 5,
				children: [
					{
						pid: '<0.31.0>',
						type: 'worker',
						id: 'counter',
						name: 'Demo.Counter',
						module: 'Demo.Counter'
					},
					{ pid: '<0.32.0>', type: 'supervisor', dynamic: true, children: [] }
				]
			}
		]);
	});
});

const restart = (at: number, count = 1): NumberedEvent => ({
	seq: at,
	event: {
		type: 'restart',
		supervisor: '<0.30.0>',
		childId: 'counter',
		oldPid: '<0.31.0>',
		newPid: '<0.33.0>',
		reason: 'boom',
		count,
		at
	}
});

describe('timelineMarks', () => {
	it('marks restarts and abnormal exits, not normal ones', () => {
		const marks = timelineMarks([
			restart(100),
			{ seq: 2, event: { type: 'exit', pid: '<0.31.0>', reason: 'boom', at: 99 } },
			{ seq: 3, event: { type: 'exit', pid: '<0.34.0>', reason: 'normal', at: 120 } },
			{ seq: 4, event: { type: 'exit', pid: '<0.35.0>', reason: 'shutdown', at: 130 } }
		]);
		expect(marks).toEqual([
			{ at: 100, kind: 'restart', label: 'counter restarted (boom)' },
			{ at: 99, kind: 'crash', label: '<0.31.0> exited: boom' }
		]);
	});
});

describe('gaugeTimes', () => {
	const gauge = { supervisor: '<0.30.0>', restarts: 3, intensity: 3, period: 5 };

	it('takes the restarts read inside the window, and the moment for those not read', () => {
		expect(gaugeTimes(gauge, [restart(100), restart(4000, 2), restart(9000)], 6000)).toEqual([
			4000, 4000, 6000
		]);
	});
});
