import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce';
import type { ObserverEvent } from './events';
import { SupervisionModel, type TreeSnapshot } from '$lib/observer/tree/supervision_model';

const sup = '<1.2.0>';
const spawn = (pid: string, at = 0): ObserverEvent => ({ type: 'spawn', pid, parent: sup, at });
const exit = (pid: string, reason = 'boom', at = 0): ObserverEvent => ({
	type: 'exit',
	pid,
	reason,
	at
});
const restart = (childId: string, oldPid: string, newPid: string, at = 0): ObserverEvent => ({
	type: 'restart',
	supervisor: sup,
	childId,
	oldPid,
	newPid,
	reason: 'boom',
	at
});
/** What a supervisor's trace says when child `id` crashes as `from` and comes back as `to`. */
const crash = (id: string, from: string, to: string, at = 0) => [
	exit(from, 'boom', at),
	spawn(to, at),
	restart(id, from, to, at)
];

describe('coalesce', () => {
	it('merges a child restarted again and again into one restart with a count', () => {
		const events = [
			...crash('a', '<1.10.0>', '<1.11.0>', 1),
			...crash('a', '<1.11.0>', '<1.12.0>', 2),
			...crash('a', '<1.12.0>', '<1.13.0>', 3)
		];
		expect(coalesce(events)).toEqual([
			exit('<1.10.0>', 'boom', 1),
			{ ...restart('a', '<1.10.0>', '<1.13.0>', 3), count: 3 },
			spawn('<1.13.0>', 3)
		]);
	});

	it('keeps each child apart, in the order their first events came', () => {
		const events = [
			...crash('a', '<1.10.0>', '<1.11.0>'),
			...crash('b', '<1.20.0>', '<1.21.0>'),
			...crash('a', '<1.11.0>', '<1.12.0>'),
			...crash('b', '<1.21.0>', '<1.22.0>')
		];
		const out = coalesce(events);
		expect(out.filter((e) => e.type === 'restart')).toEqual([
			{ ...restart('a', '<1.10.0>', '<1.12.0>'), count: 2 },
			{ ...restart('b', '<1.20.0>', '<1.22.0>'), count: 2 }
		]);
		expect(out.filter((e) => e.type === 'spawn').map((e) => e.pid)).toEqual([
			'<1.12.0>',
			'<1.22.0>'
		]);
	});

	it('adds up the counts of restarts that were coalesced before', () => {
		const first = { ...restart('a', '<1.10.0>', '<1.11.0>'), count: 5 };
		const second = { ...restart('a', '<1.11.0>', '<1.12.0>'), count: 7 };
		expect(coalesce([first, second])).toEqual([
			{ ...restart('a', '<1.10.0>', '<1.12.0>'), count: 12 }
		]);
	});

	it('leaves a single restart, and every other kind of event, as they are', () => {
		const events: ObserverEvent[] = [
			...crash('a', '<1.10.0>', '<1.11.0>'),
			{ type: 'link', a: '<1.2.0>', b: '<1.11.0>', at: 0 },
			{ type: 'register', pid: '<1.11.0>', name: 'a', at: 0 },
			exit('<1.30.0>', 'normal')
		];
		expect(coalesce(events)).toEqual(events);
	});

	it('keeps the exit of a child that stays down after its last restart', () => {
		const events = [
			...crash('a', '<1.10.0>', '<1.11.0>'),
			...crash('a', '<1.11.0>', '<1.12.0>'),
			exit('<1.12.0>', 'shutdown')
		];
		expect(coalesce(events).at(-1)).toEqual(exit('<1.12.0>', 'shutdown'));
	});

	it('does not merge restarts of different children that share a pid by accident', () => {
		const events = [restart('a', '<1.10.0>', '<1.11.0>'), restart('b', '<1.11.0>', '<1.12.0>')];
		expect(coalesce(events)).toEqual(events);
	});

	it('leaves the tree as the events one by one would', () => {
		const snapshot: TreeSnapshot[] = [
			{
				pid: sup,
				name: 'Storm',
				type: 'supervisor',
				strategy: 'one_for_one',
				children: [
					{ id: 'a', pid: '<1.10.0>', type: 'worker' },
					{ id: 'b', pid: '<1.1000.0>', type: 'worker' }
				]
			}
		];
		const events: ObserverEvent[] = [];
		for (let i = 0; i < 50; i++) {
			events.push(...crash('a', `<1.${10 + i * 2}.0>`, `<1.${12 + i * 2}.0>`, i));
			if (i % 10 === 0) events.push(...crash('b', `<1.${1000 + i}.0>`, `<1.${1010 + i}.0>`, i));
		}
		events.push(exit('<1.110.0>', 'last', 60));
		const oneByOne = new SupervisionModel();
		oneByOne.applySnapshot(snapshot);
		for (const e of events) oneByOne.applyEvents([e]);
		const coalesced = new SupervisionModel();
		coalesced.applySnapshot(snapshot);
		coalesced.applyEvents(coalesce(events));
		const look = (m: SupervisionModel) =>
			[...m.walk()].map(({ key, pid, status, restarts, exitReason }) => ({
				key,
				pid,
				status,
				restarts,
				exitReason
			}));
		expect(look(coalesced)).toEqual(look(oneByOne));
		expect(coalesce(events).length).toBeLessThan(events.length / 10);
	});
});
