import { describe, expect, it } from 'vitest';
import { createNode, DynamicSupervisor, GenServer, type GenServerModule } from '$lib/runtime';
import { estimateBytes } from './memory';

describe('estimateBytes', () => {
	it('sees a million-element array as about a million times one element', () => {
		const one = estimateBytes([{ id: 1, name: 'worker' }]);
		const million = estimateBytes(
			Array.from({ length: 1_000_000 }, (_, id) => ({ id, name: 'worker' }))
		);
		expect(million).toBeGreaterThan(0.8 * 1_000_000 * (one - 16));
		expect(million).toBeLessThan(1.2 * 1_000_000 * one);
	});

	it('counts strings by length, and the bytes of buffers and typed arrays', () => {
		expect(estimateBytes('x'.repeat(1_000_000))).toBeGreaterThanOrEqual(2_000_000);
		expect(estimateBytes(new Uint8Array(5_000_000))).toBeGreaterThanOrEqual(5_000_000);
		expect(estimateBytes({ buffer: new ArrayBuffer(3_000_000) })).toBeGreaterThanOrEqual(3_000_000);
	});

	it('extrapolates Maps, Sets and objects with many keys from a sample', () => {
		const entries = Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 'v'.repeat(100)] as const);
		expect(estimateBytes(new Map(entries))).toBeGreaterThan(100_000 * 200);
		expect(estimateBytes(new Set(entries.map(([, v], i) => v + i)))).toBeGreaterThan(100_000 * 200);
		expect(estimateBytes(Object.fromEntries(entries))).toBeGreaterThan(100_000 * 200);
	});

	it('never throws on a hostile value: a throwing getter, a revoked proxy, a throwing trap', () => {
		const revocable = Proxy.revocable({}, {});
		revocable.revoke();
		const hostile = [
			{
				get total(): number {
					throw new Error('lazy');
				}
			},
			revocable.proxy,
			new Proxy(
				{},
				{
					ownKeys() {
						throw new Error('no keys');
					},
					getPrototypeOf() {
						throw new Error('no prototype');
					}
				}
			)
		];
		for (const value of hostile) expect(estimateBytes(value)).toBeGreaterThan(0);
		expect(estimateBytes({ state: hostile })).toBeGreaterThan(0);
	});

	it('counts a cycle once', () => {
		const a: { self?: unknown; data: string } = { data: 'x'.repeat(1000) };
		a.self = a;
		expect(estimateBytes(a)).toBeLessThan(2 * estimateBytes({ data: 'x'.repeat(1000) }));
	});

	it('counts a pid as a word or two, not the process and node behind it', async () => {
		// A DynamicSupervisor's state holds a pid per child; each pid leads to its live process
		// and from there to the whole node. Walked and extrapolated, 10,000 children once counted
		// as 321 MB and a sandbox was ended for memory it never held.
		const node = createNode({ clock: 'virtual', number: 1 });
		const Idle: GenServerModule<number> = { name: 'Idle', init: (n) => ['ok', n] };
		const started = await DynamicSupervisor.start(node);
		if (started === 'ignore' || started[0] !== 'ok') throw new Error('no supervisor');
		const small = node.processInfo(started[1])!.memory;
		for (let i = 0; i < 500; i++) {
			await DynamicSupervisor.startChild(node, started[1], GenServer.childSpec(Idle, i));
		}
		await node.settle();
		const perChild = (node.processInfo(started[1])!.memory - small) / 500;
		expect(perChild).toBeGreaterThan(50);
		expect(perChild).toBeLessThan(1000);
	});
});
