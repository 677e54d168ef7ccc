import { describe, expect, it } from 'vitest';
import type { EventBatch, ObserverEvent } from '$lib/stream/events';
import { BatchRelay } from './relay';

const node = 'sandbox_s@superlearner';
const sup = '<1.2.0>';

/** Child `id` crashing as pid `from` and restarted as pid `to`, as the trace tells it. */
function crash(id: string, from: number, to: number): ObserverEvent[] {
	return [
		{ type: 'exit', pid: `<1.${from}.0>`, reason: 'boom', at: to },
		{ type: 'spawn', pid: `<1.${to}.0>`, parent: sup, at: to },
		{
			type: 'restart',
			supervisor: sup,
			childId: id,
			oldPid: `<1.${from}.0>`,
			newPid: `<1.${to}.0>`,
			reason: 'boom',
			at: to
		}
	];
}

const batch = (seq: number, events: ObserverEvent[], extra: Partial<EventBatch> = {}) => ({
	seq,
	node,
	now: seq,
	events,
	sent: 1,
	received: 1,
	dropped: 0,
	...extra
});

/** Lets the relay's promise chains run (it hands batches on in microtasks). */
async function flush(): Promise<void> {
	for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A page that takes batches only when told to acknowledge the one it holds. */
function slowPage() {
	const got: EventBatch[] = [];
	let ack: (() => void) | undefined;
	const sink = (b: EventBatch) =>
		new Promise<void>((resolve) => {
			got.push(b);
			ack = resolve;
		});
	return {
		got,
		sink,
		async acknowledge() {
			ack?.();
			ack = undefined;
			await flush();
		}
	};
}

describe('BatchRelay', () => {
	it('passes a batch on to a subscriber, stamped with its own sequence', async () => {
		const relay = new BatchRelay(node);
		const page = slowPage();
		relay.subscribe(page.sink);
		relay.push(batch(7, crash('a', 10, 11)));
		await flush();
		expect(page.got).toHaveLength(1);
		expect(page.got[0]).toMatchObject({ seq: 1, node, sent: 1 });
		expect(page.got[0].events).toHaveLength(3);
	});

	it('merges what comes while the page is busy, each child restarted once with a count', async () => {
		const relay = new BatchRelay(node);
		const page = slowPage();
		relay.subscribe(page.sink);
		relay.push(batch(1, crash('a', 10, 11)));
		await flush();
		for (let i = 1; i <= 100; i++) {
			relay.push(batch(1 + i, [...crash('a', 10 + i, 11 + i), ...crash('b', 1000 + i, 1001 + i)]));
		}
		await page.acknowledge();
		expect(page.got).toHaveLength(2);
		const merged = page.got[1];
		expect(merged).toMatchObject({ seq: 2, sent: 100, received: 100, dropped: 0 });
		const restarts = merged.events.filter((e) => e.type === 'restart');
		expect(restarts).toEqual([
			expect.objectContaining({
				childId: 'a',
				oldPid: '<1.11.0>',
				newPid: '<1.111.0>',
				count: 100
			}),
			expect.objectContaining({
				childId: 'b',
				oldPid: '<1.1001.0>',
				newPid: '<1.1101.0>',
				count: 100
			})
		]);
		expect(merged.events.length).toBeLessThanOrEqual(6);
	});

	it('counts as dropped what a merged batch has no room for', async () => {
		const relay = new BatchRelay(node);
		const page = slowPage();
		relay.subscribe(page.sink);
		relay.push(batch(1, []));
		await flush();
		const spawns = (from: number): ObserverEvent[] =>
			Array.from({ length: 15_000 }, (_, i) => ({
				type: 'spawn',
				pid: `<1.${from + i}.0>`,
				at: 0
			}));
		relay.push(batch(2, spawns(100)));
		relay.push(batch(3, spawns(100_000)));
		await page.acknowledge();
		expect(page.got[1].events).toHaveLength(20_000);
		expect(page.got[1].dropped).toBe(10_000);
	});

	it('stops passing batches to a page that went away', async () => {
		const relay = new BatchRelay(node);
		const gone = () => Promise.reject(new Error('the page is gone'));
		const { id } = relay.subscribe(gone);
		relay.push(batch(1, []));
		await flush();
		expect(relay.unsubscribe(id)).toBe(false);
	});
});
