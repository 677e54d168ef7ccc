import { runInContext, createContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { MemoryMeter, meterBuffers } from './memory_meter';

/** A fresh realm with its buffers metered: the test's own realm stays as it was. */
function meteredRealm(budget: number) {
	const context = createContext({});
	const scope = runInContext('globalThis', context) as typeof globalThis;
	const exceeded = vi.fn();
	const meter = new MemoryMeter(budget, exceeded);
	meterBuffers(scope, meter);
	const run = (code: string) => runInContext(code, context) as unknown;
	return { meter, exceeded, run };
}

describe('meterBuffers', () => {
	it('counts buffers made by constructors, typed-array methods and subclasses', () => {
		const { meter, run } = meteredRealm(10_000_000);
		run('globalThis.a = new Uint8Array(1000)');
		expect(meter.bufferBytes).toBe(1000);
		run('globalThis.b = new ArrayBuffer(500); globalThis.c = new Float64Array(10)');
		expect(meter.bufferBytes).toBe(1000 + 500 + 80);
		run('globalThis.d = a.slice(0, 100); globalThis.e = a.map((x) => x + 1)');
		expect(meter.bufferBytes).toBe(1580 + 100 + 1000);
		run('globalThis.f = Uint8Array.from([1, 2, 3]); globalThis.g = new Uint16Array([1, 2])');
		expect(meter.bufferBytes).toBe(2680 + 3 + 4);
		run('class Bytes extends Uint8Array {}; globalThis.h = new Bytes(50)');
		expect(meter.bufferBytes).toBe(2687 + 50);
		expect(run('h instanceof Uint8Array && h instanceof Bytes && h.constructor === Bytes')).toBe(
			true
		);
		expect(run('a instanceof Uint8Array && a.constructor === Uint8Array')).toBe(true);
	});

	it('does not count a view of an existing buffer', () => {
		const { meter, run } = meteredRealm(10_000_000);
		run('globalThis.buffer = new ArrayBuffer(4096); globalThis.view = new Uint32Array(buffer)');
		expect(meter.bufferBytes).toBe(4096);
	});

	// Node 20 has no ArrayBuffer.prototype.transfer; the sandbox e2e test covers it in Chromium.
	it.runIf('transfer' in ArrayBuffer.prototype)('moves the count on transfer', () => {
		const { meter, run } = meteredRealm(10_000_000);
		run('globalThis.buffer = new ArrayBuffer(4096)');
		run('globalThis.moved = buffer.transfer()');
		expect(meter.bufferBytes).toBe(4096);
		expect(run('buffer.detached && moved.byteLength')).toBe(4096);
	});

	it('refuses an allocation past the budget before making it, and reports once', () => {
		const { meter, exceeded, run } = meteredRealm(1_000_000);
		run('globalThis.kept = new Uint8Array(600_000)');
		expect(() => run('new Uint8Array(600_000)')).toThrow(/Sandbox memory budget exceeded/);
		expect(() => run('new ArrayBuffer(2 ** 40)')).toThrow(RangeError);
		expect(meter.bufferBytes).toBe(600_000);
		expect(exceeded).toHaveBeenCalledTimes(1);
		expect(exceeded.mock.calls[0][0]).toMatch(/586 KB .*budget 977 KB/);
	});

	it('checks buffers and process memory together against the budget', () => {
		const { meter, exceeded, run } = meteredRealm(1_000_000);
		run('globalThis.kept = new Uint8Array(400_000)');
		expect(meter.check(500_000)).toBe(true);
		expect(meter.check(700_000, { pid: '<1.4.0>', bytes: 650_000 })).toBe(false);
		expect(exceeded.mock.calls[0][0]).toMatch(/largest <1\.4\.0> with 635 KB/);
	});
});
