import { describe, expect, it } from 'vitest';
import { anyMessage, Mailbox, none } from './mailbox';

const fill = (n: number, from = 0) => {
	const mb = new Mailbox();
	for (let i = from; i < from + n; i++) mb.push(i);
	return mb;
};
const isEven = (m: unknown) => (m as number) % 2 === 0;

describe('Mailbox', () => {
	it('gives messages back oldest first, and none when empty', () => {
		const mb = fill(3);
		expect([mb.take(anyMessage, 0), mb.take(anyMessage, 0)]).toEqual([0, 1]);
		expect(mb.length).toBe(1);
		expect(mb.take(anyMessage, 0)).toBe(2);
		expect(mb.take(anyMessage, 0)).toBe(none);
		expect(mb.length).toBe(0);
	});

	it('takes the first match of a selective receive and keeps the others in order', () => {
		const mb = new Mailbox();
		for (const m of [1, 3, 4, 5, 6]) mb.push(m);
		expect(mb.take(isEven, 0)).toBe(4);
		expect(mb.queued()).toEqual([1, 3, 5, 6]);
		expect(mb.take((m) => m === 7, 0)).toBe(none);
		expect(mb.queued()).toEqual([1, 3, 5, 6]);
	});

	it('skips the oldest messages when told to (a reply is newer than its request)', () => {
		const mb = fill(6);
		expect(mb.take(isEven, 3)).toBe(4);
		expect(mb.take(anyMessage, 5)).toBe(none);
		expect(mb.queued()).toEqual([0, 1, 2, 3, 5]);
	});

	it('treats a pattern that throws as one that does not match', () => {
		const mb = fill(3);
		const picky = (m: unknown) => {
			if (m === 0) throw new Error('guard');
			return m === 2;
		};
		expect(mb.take(picky, 0)).toBe(2);
		expect(mb.queued()).toEqual([0, 1]);
	});

	it('keeps order across the reclaiming of taken slots', () => {
		const mb = fill(5000);
		for (let i = 0; i < 3000; i++) expect(mb.take(anyMessage, 0)).toBe(i);
		for (let i = 5000; i < 6000; i++) mb.push(i);
		expect(mb.length).toBe(3000);
		expect(mb.queued()).toEqual(Array.from({ length: 3000 }, (_, i) => 3000 + i));
	});

	it('removes the messages a flush drops, after the taken ones, in place', () => {
		const mb = fill(6);
		mb.take(anyMessage, 0);
		mb.remove(isEven);
		expect(mb.queued()).toEqual([1, 3, 5]);
		expect(mb.length).toBe(3);
	});

	it('copies the oldest queued messages up to a limit, past the taken ones', () => {
		const mb = fill(10);
		mb.take(anyMessage, 0);
		expect(mb.queued(3)).toEqual([1, 2, 3]);
		expect(mb.queued(100)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(mb.length).toBe(9);
	});
});
