import { describe, expect, it } from 'vitest';
import { createNode, Supervisor, type Pid, type ProcessContext } from '$lib/runtime';
import type { EventBatch } from './events';
import type { RestartRecord } from './restart_log';
import { Subscriptions } from './subscriptions';

const FLAGS = { intensity: 3, period: 5, counted: true };

describe('Subscriptions', () => {
	it('streams a kill and its restart to a subscriber, and starts with the last minute of restarts', async () => {
		const node = createNode({ name: 'sub@test' });
		const started = await Supervisor.start(node, {
			init: () => [
				'ok',
				{ strategy: 'one_for_one', intensity: 5, period: 5 },
				[
					{
						id: 'worker',
						start: (ctx: ProcessContext) =>
							Promise.resolve(['ok', ctx.spawnLink((c) => c.receive())] as ['ok', Pid])
					}
				]
			]
		});
		if (started === 'ignore' || started[0] !== 'ok') throw new Error('no supervisor');
		const sup = started[1];
		const past: RestartRecord[] = [
			{ supervisor: sup, childId: 'worker', reason: 'killed', at: node.now() - 70_000, ...FLAGS },
			{ supervisor: sup, childId: 'worker', reason: 'boom', at: node.now() - 10_000, ...FLAGS }
		];
		const subs = new Subscriptions(node, () => past);
		const batches: EventBatch[] = [];
		const sub = subs.subscribe((b) => {
			batches.push(b);
		});
		expect(sub.node).toBe('sub@test');
		expect(sub.recentRestarts.map((r) => r.reason)).toEqual(['boom']);
		expect(sub.recentRestarts[0].supervisor).toBe(String(sup));

		const child = node.processes().find((p) => node.processInfo(p)?.parent === sup)!;
		node.exit(child, 'kill');
		await node.settle();
		await new Promise((r) => setTimeout(r, 40));
		const events = batches.flatMap((b) => b.events);
		expect(events).toContainEqual(
			expect.objectContaining({ type: 'exit', pid: String(child), reason: 'killed' })
		);
		expect(events).toContainEqual(
			expect.objectContaining({ type: 'restart', oldPid: String(child), childId: 'worker' })
		);

		subs.unsubscribe(sub.id);
		const seen = batches.length;
		node.spawn(() => undefined);
		await node.settle();
		await new Promise((r) => setTimeout(r, 40));
		expect(batches).toHaveLength(seen);
		await node.shutdown();
	});

	it('ends a subscription whose page is gone', async () => {
		const node = createNode({ name: 'gone@test' });
		const subs = new Subscriptions(node, () => []);
		subs.subscribe(() => Promise.reject(new Error('the page closed')));
		expect(subs.size).toBe(1);
		node.spawn(() => undefined);
		await node.settle();
		await new Promise((r) => setTimeout(r, 40));
		expect(subs.size).toBe(0);
		await node.shutdown();
	});
});
