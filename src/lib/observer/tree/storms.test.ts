import { describe, expect, it } from 'vitest';
import type { ObserverEvent } from '$lib/stream/events';
import { StormWatch } from './storms';
import { SupervisionModel } from './supervision_model';

const sup = '<1.1.0>';

type Restart = Extract<ObserverEvent, { type: 'restart' }>;

function model() {
	const m = new SupervisionModel();
	m.applySnapshot([
		{
			pid: sup,
			name: 'App',
			type: 'supervisor',
			children: [
				{ id: 'fast', pid: '<1.10.0>', type: 'worker' },
				{ id: 'slow', pid: '<1.20.0>', type: 'worker' }
			]
		}
	]);
	return m;
}

/** `times` restarts of child `id`, whose pid is `<1.base.0>` and counts up from there. */
function restarts(id: string, base: number, from: number, times: number): Restart[] {
	return Array.from({ length: times }, (_, i) => ({
		type: 'restart',
		supervisor: sup,
		childId: id,
		oldPid: `<1.${base + from + i}.0>`,
		newPid: `<1.${base + from + i + 1}.0>`,
		reason: 'boom',
		at: 0
	}));
}

describe('StormWatch', () => {
	it('sees a node restarting many times a second, and not its calm sibling', () => {
		const m = model();
		const storms = new StormWatch(5);
		expect(storms.look(m, 0).size).toBe(0);
		m.applyEvents([...restarts('fast', 10, 0, 6), ...restarts('slow', 20, 0, 1)]);
		expect([...storms.look(m, 100)]).toEqual(['App/fast']);
	});

	it('lets the storm go once a look finds no more restarts', () => {
		const m = model();
		const storms = new StormWatch(5);
		storms.look(m, 0);
		m.applyEvents(restarts('fast', 10, 0, 6));
		expect(storms.look(m, 100).size).toBe(1);
		expect(storms.look(m, 1_100).size).toBe(0);
	});

	it('does not count a few restarts spread over a long time as a storm', () => {
		const m = model();
		const storms = new StormWatch(5);
		storms.look(m, 0);
		m.applyEvents(restarts('fast', 10, 0, 3));
		expect(storms.look(m, 10_000).size).toBe(0);
	});

	it('counts a coalesced restart event by its count', () => {
		const m = model();
		const storms = new StormWatch(5);
		storms.look(m, 0);
		m.applyEvents([{ ...restarts('fast', 10, 0, 1)[0], count: 30 }]);
		expect([...storms.look(m, 200)]).toEqual(['App/fast']);
	});
});
