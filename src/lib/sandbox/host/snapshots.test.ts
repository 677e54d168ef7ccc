import { describe, expect, it } from 'vitest';
import { virtualTimers } from '$lib/testing/timers';
import { ProcessIndex } from '$lib/stream/process_index';
import { createNode, GenServer, Supervisor, type Node } from '$lib/runtime';
import type { SandboxEvent } from '$lib/sandbox/protocol';
import { Snapshots, type SnapshotOptions } from './snapshots';

type ProcessesEvent = Extract<SandboxEvent, { type: 'processes' }>;

/** A node with `n` idle servers, its snapshots posted into `posted`. */
async function setup(n: number, opts: SnapshotOptions = {}) {
	const node = createNode({ clock: 'virtual', number: 1 });
	const index = new ProcessIndex(node);
	const { clock, advance, step } = virtualTimers();
	const posted: ProcessesEvent[] = [];
	const snapshots = new Snapshots(node, index.live, (e) => posted.push(e), {
		...opts,
		timers: clock
	});
	node.onTrace((e) => snapshots.observe(e));
	for (let i = 0; i < n; i++) await GenServer.start(node, { init: () => ['ok', i] });
	await node.settle();
	return { node, posted, advance, step, snapshots };
}

/** The pids of the snapshot whose last piece is the last event posted. */
function lastSnapshot(posted: ProcessesEvent[]): string[] {
	const end = posted.length;
	let start = end - 1;
	while (start > 0 && posted[start - 1].more) start--;
	return posted.slice(start, end).flatMap((e) => e.rows.map((r) => r.pid));
}

const servers = (node: Node) => node.processes().map(String);

describe('Snapshots', () => {
	it('sends every live process once the node has changed, not at once', async () => {
		const { node, posted, advance } = await setup(3);
		expect(posted).toEqual([]);
		advance(0);
		expect(posted).toHaveLength(1);
		expect(posted[0].more).toBeUndefined();
		expect(lastSnapshot(posted)).toEqual(servers(node));
	});

	it('sends a big node in pieces, one per task, the last without more', async () => {
		const { node, posted, step } = await setup(25, { pieceRows: 10 });
		step();
		expect(posted).toHaveLength(1);
		expect(posted[0]).toMatchObject({ more: true });
		step();
		step();
		expect(posted.map((e) => [e.rows.length, e.more === true])).toEqual([
			[10, true],
			[10, true],
			[5, false]
		]);
		expect(lastSnapshot(posted)).toEqual(servers(node));
	});

	it('waits longer after a big snapshot before the next', async () => {
		const { node, posted, advance } = await setup(2_000, { minGapMs: 100, rowsPerGapMs: 10 });
		advance(10); // 2 pieces of 1,000
		expect(posted).toHaveLength(2);
		node.spawn(() => new Promise(() => undefined));
		advance(150);
		expect(posted).toHaveLength(2);
		advance(60); // 200 ms after the last piece: 2,000 rows / 10 a ms
		expect(posted).toHaveLength(5); // 1,000 + 1,000 + 1
		expect(lastSnapshot(posted)).toHaveLength(2_001);
	});

	it('follows a change made while a snapshot was read with another snapshot', async () => {
		const { node, posted, advance, step } = await setup(15, { pieceRows: 10 });
		step();
		node.spawn(() => new Promise(() => undefined));
		step();
		expect(lastSnapshot(posted)).toHaveLength(15);
		advance(100);
		expect(lastSnapshot(posted)).toHaveLength(16);
	});

	it('counts the restarts its supervisors make', async () => {
		const { node, posted, advance, snapshots } = await setup(0);
		const started = await Supervisor.start(node, {
			init: () => [
				'ok',
				{ strategy: 'one_for_one', intensity: 5, period: 5 },
				[GenServer.childSpec({ name: 'W', init: () => ['ok', 0] }, undefined, { id: 'w' })]
			]
		});
		if (started === 'ignore' || started[0] !== 'ok') throw new Error('no supervisor');
		await node.settle();
		const child = node.processes().find((p) => node.processInfo(p)?.module === 'W')!;
		node.exit(child, 'kill');
		await node.settle();
		advance(0);
		expect(snapshots.restarts).toBe(1);
		expect(posted.at(-1)?.restarts).toBe(1);
	});

	it('lists a process whose state throws when read, and still sends the snapshot', async () => {
		const { node, posted, advance } = await setup(2);
		const [, hostile] = await GenServer.start(node, {
			init: () => [
				'ok',
				{
					get total(): number {
						throw new Error('lazy');
					}
				}
			]
		});
		await node.settle();
		advance(0);
		expect(lastSnapshot(posted)).toEqual(servers(node));
		const row = posted.at(-1)!.rows.find((r) => r.pid === String(hostile));
		expect(row?.memory).toBeGreaterThan(0);
	});

	it('sends nothing after dispose', async () => {
		const { posted, advance, snapshots } = await setup(3);
		snapshots.dispose();
		advance(1_000);
		expect(posted).toEqual([]);
	});
});
