import { describe, expect, it } from 'vitest';
import type { EventBatch, ObserverEvent } from '$lib/stream/events';
import { treeEvents } from './tree_events';

const batch = (seq: number, events: ObserverEvent[]): EventBatch => ({
	seq,
	node: 'sandbox_1@superlearner',
	now: 0,
	events,
	sent: 0,
	received: 0,
	dropped: 0
});

describe('treeEvents', () => {
	it('keeps the restarts and exits of every batch, in order, with reasons as Erlang prints them', () => {
		const events = treeEvents([
			batch(1, [
				{ type: 'spawn', pid: '<1.5.0>', at: 1 },
				{ type: 'exit', pid: '<1.4.0>', reason: 'killed', at: 2 }
			]),
			batch(2, [
				{
					type: 'restart',
					supervisor: '<1.2.0>',
					childId: 'counter',
					oldPid: '<1.4.0>',
					newPid: '<1.5.0>',
					reason: ['shutdown', 'boom'],
					at: 3
				},
				{ type: 'link', a: '<1.2.0>', b: '<1.5.0>', at: 3 }
			])
		]);
		expect(events).toEqual([
			{ kind: 'exit', pid: '<1.4.0>', reason: 'killed' },
			{
				kind: 'restart',
				supervisor: '<1.2.0>',
				childId: 'counter',
				oldPid: '<1.4.0>',
				newPid: '<1.5.0>',
				reason: '{shutdown, boom}'
			}
		]);
	});

	it('leaves out the pids a restart does not know', () => {
		const [restart] = treeEvents([
			batch(1, [{ type: 'restart', supervisor: '<1.2.0>', childId: 'w', reason: 'normal', at: 1 }])
		]);
		expect(restart).toEqual({
			kind: 'restart',
			supervisor: '<1.2.0>',
			childId: 'w',
			reason: 'normal'
		});
	});
});
