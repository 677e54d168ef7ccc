import { describe, expect, it } from 'vitest';
import type { EventBatch } from '$lib/stream/events';
import type { ProcessInfoWire } from '$lib/sandbox/protocol';
import { SandboxMirror } from './mirror';

const row = (id: number, extra: Partial<ProcessInfoWire> = {}): ProcessInfoWire => ({
	pid: `<4.${id}.0>`,
	status: 'waiting',
	messageQueueLen: 0,
	links: [],
	monitors: [],
	monitoredBy: [],
	trapExit: false,
	reductions: 1,
	memory: 400,
	startedAt: 0,
	...extra
});

const batch = (now: number, restartsAt: number[], count?: number): EventBatch => ({
	seq: 1,
	node: 'sandbox_m@superlearner',
	now,
	events: restartsAt.map((at) => ({
		type: 'restart',
		supervisor: '<4.1.0>',
		childId: 'c',
		reason: 'boom',
		at,
		...(count !== undefined && { count })
	})),
	sent: 0,
	received: 0,
	dropped: 0
});

describe('SandboxMirror', () => {
	it('shows a snapshot, with its names and links as pids', () => {
		const mirror = new SandboxMirror('sandbox_m@superlearner', 4);
		mirror.update([row(1, { name: 'App' }), row(2, { parent: '<4.1.0>', links: ['<4.1.0>'] })], 3);
		expect([...mirror.live].map(String)).toEqual(['<4.1.0>', '<4.2.0>']);
		expect(String(mirror.whereis('App'))).toBe('<4.1.0>');
		expect(mirror.processInfo(mirror.pid(2))).toMatchObject({
			parent: mirror.pid(1),
			links: [mirror.pid(1)]
		});
		expect(mirror.restarts).toBe(3);
	});

	it("keeps a cluster node's links to other nodes' pids as those pids", () => {
		const mirror = new SandboxMirror('a@sim', 4);
		mirror.update([row(1, { links: ['<5.9.0>'], monitoredBy: ['<5.9.0>'] })], 0);
		const info = mirror.processInfo(mirror.pid(1));
		expect(info?.links.map(String)).toEqual(['<5.9.0>']);
		expect(info?.links[0]).toBe(info?.monitoredBy[0]);
	});

	it('shows a snapshot in pieces once its last piece is in', () => {
		const mirror = new SandboxMirror('sandbox_m@superlearner', 4);
		mirror.update([row(1)], 0);
		mirror.update([row(2), row(3)], 0, true);
		expect(mirror.live.size).toBe(1);
		expect(mirror.isAlive(mirror.pid(1))).toBe(true);
		mirror.update([row(4, { name: 'late' })], 1);
		expect([...mirror.live].map(String)).toEqual(['<4.2.0>', '<4.3.0>', '<4.4.0>']);
		expect(mirror.isAlive(mirror.pid(1))).toBe(false);
		expect(String(mirror.whereis('late'))).toBe('<4.4.0>');
	});

	it('drops a snapshot half received when the worker is gone', () => {
		const mirror = new SandboxMirror('sandbox_m@superlearner', 4);
		mirror.update([row(1)], 0, true);
		mirror.clear();
		mirror.update([row(2)], 0);
		expect([...mirror.live].map(String)).toEqual(['<4.2.0>']);
	});

	it('counts the restarts of the trace, coalesced ones by their count', () => {
		const mirror = new SandboxMirror('sandbox_m@superlearner', 4);
		mirror.observe(batch(5_000, [1_000, 2_000]));
		mirror.observe(batch(70_000, [69_000], 40));
		expect(mirror.restartsSince(0)).toBe(42);
		expect(mirror.restartsSince(70_000 - 60_000)).toBe(40);
	});
});
