import { describe, expect, it } from 'vitest';
import {
	eventStep,
	GEOMETRY,
	layoutSequence,
	orderLanes,
	windowOf,
	type SequenceEvent
} from './sequence_layout';

const A = '<0.10.0>';
const B = '<0.11.0>';
const C = '<0.12.0>';

function ev(seq: number, fields: Partial<SequenceEvent>): SequenceEvent {
	return { seq, at: seq * 10, kind: 'info', text: `#${seq}`, ...fields };
}

describe('orderLanes', () => {
	it('keeps the given lanes first, then adds processes in the order events first name them', () => {
		const events = [
			ev(1, { kind: 'call', from: C, to: A }),
			ev(2, { kind: 'spawn', from: A, to: B }),
			ev(3, { kind: 'receive', pid: C })
		];
		expect(orderLanes([{ pid: A, name: 'Demo.Counter' }], events)).toEqual([
			{ pid: A, name: 'Demo.Counter' },
			{ pid: C },
			{ pid: B }
		]);
	});
});

describe('windowOf', () => {
	it('follows the newest events when no end is chosen', () => {
		expect(windowOf(5000, 250, null)).toEqual({ start: 4750, end: 5000 });
		expect(windowOf(10, 250, null)).toEqual({ start: 0, end: 10 });
	});

	it('ends where asked, and stays full near the start', () => {
		expect(windowOf(5000, 250, 1000)).toEqual({ start: 750, end: 1000 });
		expect(windowOf(5000, 250, 100)).toEqual({ start: 0, end: 250 });
		expect(windowOf(5000, 250, 9999)).toEqual({ start: 4750, end: 5000 });
	});
});

describe('layoutSequence', () => {
	const lanes = [{ pid: A, name: 'Demo.Counter' }, { pid: B }];

	it('puts the lanes side by side and a row per event of the window', () => {
		const events = [
			ev(1, { kind: 'call', from: A, to: B }),
			ev(2, { kind: 'reply', from: B, to: A }),
			ev(3, { kind: 'exit', pid: B })
		];
		const layout = layoutSequence(lanes, events, { start: 1, end: 3 });
		const { laneWidth, rowHeight, margin } = GEOMETRY;
		expect(layout.lanes.map((l) => [l.label, l.x])).toEqual([
			['Demo.Counter', margin + laneWidth / 2],
			[B, margin + laneWidth * 1.5]
		]);
		expect(layout.width).toBe(margin * 2 + laneWidth * 2);
		expect(layout.height).toBe(rowHeight * 2);
		expect(layout.events.map((p) => [p.index, p.y, p.shape])).toEqual([
			[1, rowHeight / 2, 'arrow'],
			[2, rowHeight * 1.5, 'mark']
		]);
	});

	it('draws a reply from the callee back to the caller: right to left', () => {
		const [reply] = layoutSequence(lanes, [ev(1, { kind: 'reply', from: B, to: A })], {
			start: 0,
			end: 1
		}).events;
		expect(reply.x1).toBeGreaterThan(reply.x2);
	});

	it('marks a message a process sends itself on its own lane', () => {
		const [self] = layoutSequence(lanes, [ev(1, { kind: 'info', from: B, to: B })], {
			start: 0,
			end: 1
		}).events;
		expect(self).toMatchObject({ shape: 'mark', x1: self.x2 });
		expect(self.x1).toBe(GEOMETRY.margin + GEOMETRY.laneWidth * 1.5);
	});
});

describe('eventStep', () => {
	it('moves one event with the arrows, a page with Page Up and Down, and to either end with Home and End', () => {
		expect(eventStep('ArrowDown', 3, 10)).toBe(4);
		expect(eventStep('ArrowUp', 0, 10)).toBe(0);
		expect(eventStep('ArrowRight', 9, 10)).toBe(9);
		expect(eventStep('Home', 5, 10)).toBe(0);
		expect(eventStep('End', 5, 10)).toBe(9);
		expect(eventStep('PageDown', 5, 30)).toBe(15);
		expect(eventStep('PageUp', 5, 30)).toBe(0);
		expect(eventStep('a', 5, 10)).toBeNull();
		expect(eventStep('ArrowDown', 0, 0)).toBeNull();
	});
});
