import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GenServer, createNode, type GenServerModule, type Node, type Pid } from '$lib/runtime';
import { counter, okPid } from '$lib/testing/runtime';
import { AssertionFailure } from './failure';
import { assertPerformance, measureOperation, runConcurrent } from './performance';
import { attachSupertester, type SupertesterEvent } from './telemetry';

/** Keeps every cast message: its state, and so its memory estimate, grows with each. */
const collector: GenServerModule<unknown[]> = {
	name: 'Collector',
	init: () => ['ok', []],
	handleCast: (message, items) => ['noreply', [...items, message]]
};

/** A counter that never answers `'hang'`. */
const sulky: GenServerModule<number> = {
	...counter,
	handleCall: (request, _from, n) => (request === 'hang' ? ['noreply', n] : ['reply', n, n])
};

describe('performance', () => {
	let node: Node;
	beforeEach(() => {
		node = createNode({ clock: 'virtual' });
	});
	afterEach(async () => {
		await node.shutdown();
	});

	const start = async (mod: GenServerModule) => okPid(await GenServer.start(node, mod, 0));
	const castTimes = (pid: Pid, n: number, message: unknown = 'inc') => {
		for (let i = 0; i < n; i++) node.cast(pid, message);
	};

	describe('measureOperation', () => {
		it('resolves to the result, and what the casts it sent cost the server', async () => {
			const pid = await start(counter);
			const m = await measureOperation(node, () => {
				castTimes(pid, 10);
				return 'sent';
			});
			expect(m.result).toBe('sent');
			expect(m.reductions).toBeGreaterThanOrEqual(10);
			expect(m.durationMs).toBeGreaterThanOrEqual(0);
			expect(await GenServer.call(node, pid, 'get')).toBe(10);
		});

		it('counts nothing for an operation that makes no process work', async () => {
			await start(counter);
			expect(await measureOperation(node, () => 1 + 1)).toMatchObject({
				result: 2,
				reductions: 0,
				memoryBytes: 0
			});
		});

		it("measures memory as the change of the processes' estimates", async () => {
			const pid = await start(collector);
			const grown = await measureOperation(node, () => castTimes(pid, 20, 'x'.repeat(100)));
			expect(grown.memoryBytes).toBeGreaterThan(20 * 100);
			const freed = await measureOperation(node, () => GenServer.stop(node, pid));
			expect(freed.memoryBytes).toBeLessThan(0);
		});

		it('counts the reductions of processes spawned during the operation', async () => {
			const m = await measureOperation(node, () => {
				const pid = node.spawn(async (ctx) => {
					for (;;) await ctx.receive();
				});
				node.send(pid, 'one');
				node.send(pid, 'two');
			});
			expect(m.reductions).toBeGreaterThanOrEqual(2);
		});
	});

	describe('assertPerformance', () => {
		it('resolves to the measurement when every bound holds', async () => {
			const pid = await start(counter);
			const m = await assertPerformance(node, () => castTimes(pid, 5), {
				maxReductions: 1000,
				maxMemoryBytes: 1_000_000
			});
			expect(m.reductions).toBeGreaterThanOrEqual(5);
		});

		it('names every bound exceeded, with the bound and what was found', async () => {
			const pid = await start(collector);
			const events: Array<[SupertesterEvent, string]> = [];
			const detach = attachSupertester((event, _m, meta) => events.push([event, meta.name]));
			const failure: unknown = await assertPerformance(node, () => castTimes(pid, 10, 'item'), {
				maxReductions: 1,
				maxMemoryBytes: 0,
				maxDurationMs: 60_000
			}).catch((e: unknown) => e);
			detach();
			expect(failure).toBeInstanceOf(AssertionFailure);
			const { message, assertion, actual } = failure as AssertionFailure;
			const { reductions, memoryBytes } = actual as { reductions: number; memoryBytes: number };
			expect(assertion).toBe('assertPerformance');
			expect(message).toBe(
				`expected at most 1 reductions, found ${reductions}; ` +
					`expected at most 0 bytes of memory, found ${memoryBytes}`
			);
			expect(events).toContainEqual(['supertester.assertion.failed', 'assertPerformance']);
		});
	});

	describe('runConcurrent', () => {
		it('runs 10 workers × 100 casts, then checks the invariant; its processes are gone', async () => {
			const pid = await start(counter);
			const before = node.processes();
			const report = await runConcurrent(node, pid, {
				workers: 10,
				operations: [{ cast: 'inc' }],
				repeat: 100,
				invariant: async (n, server) => (await n.call(server, 'get')) === 1000
			});
			expect(report).toMatchObject({ workers: 10, operations: 1000, errors: [] });
			expect(report.durationMs).toBeGreaterThanOrEqual(0);
			expect(node.processes()).toEqual(before);
		});

		it('fails with a message when the invariant does not hold', async () => {
			const pid = await start(counter);
			await expect(
				runConcurrent(node, pid, {
					workers: 10,
					operations: [{ cast: 'inc' }],
					repeat: 100,
					invariant: async (n, server) => (await n.call(server, 'get')) === 999
				})
			).rejects.toMatchObject({
				name: 'AssertionFailure',
				assertion: 'runConcurrent',
				message:
					'expected the invariant to hold after 1000 operations from 10 workers, found it false (0 operations failed)'
			});
		});

		it('records calls that time out and operations that throw, and goes on', async () => {
			const pid = await start(sulky);
			const oops = new Error('oops');
			const report = await runConcurrent(node, pid, {
				workers: 3,
				operations: [
					{ call: 'hang' },
					{ call: 'get' },
					{
						custom: () => {
							throw oops;
						}
					}
				],
				callTimeout: 100
			});
			expect(report.operations).toBe(9);
			expect(report.errors).toHaveLength(6);
			for (const worker of [0, 1, 2]) {
				expect(report.errors).toContainEqual({
					worker,
					iteration: 0,
					index: 0,
					kind: 'call',
					reason: 'timeout'
				});
				expect(report.errors).toContainEqual({
					worker,
					iteration: 0,
					index: 2,
					kind: 'custom',
					reason: oops
				});
			}
			expect(node.now()).toBe(100);
		});

		it('records calls to a dead server as noproc', async () => {
			const pid = await start(counter);
			await GenServer.stop(node, pid);
			const report = await runConcurrent(node, pid, {
				workers: 2,
				operations: [{ call: 'get' }, { cast: 'inc' }]
			});
			expect(report.errors).toEqual([
				{ worker: 0, iteration: 0, index: 0, kind: 'call', reason: 'noproc' },
				{ worker: 1, iteration: 0, index: 0, kind: 'call', reason: 'noproc' }
			]);
		});

		it('kills workers still running after timeoutMs and records where they were', async () => {
			const pid = await start(counter);
			const before = node.processes();
			const report = await runConcurrent(node, pid, {
				workers: 2,
				operations: [{ cast: 'inc' }, { custom: (ctx) => ctx.receive() }],
				repeat: 3,
				timeoutMs: 1000
			});
			expect(report.operations).toBe(4);
			expect(report.errors).toEqual([
				{ worker: 0, iteration: 0, index: 1, kind: 'custom', reason: 'timeout' },
				{ worker: 1, iteration: 0, index: 1, kind: 'custom', reason: 'timeout' }
			]);
			expect(node.now()).toBeGreaterThanOrEqual(1000);
			expect(node.processes()).toEqual(before);
		});
	});
});
