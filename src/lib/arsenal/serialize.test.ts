import { describe, expect, it } from 'vitest';
import { createNode, type Pid, type Ref } from '$lib/runtime';
import { serialize, type Json } from './serialize';

/** Whatever goes in, what comes out is JSON that survives a round trip and a structured clone. */
function safe(value: unknown): Json {
	const out = serialize(value);
	expect(JSON.parse(JSON.stringify(out))).toEqual(out);
	expect(structuredClone(out)).toEqual(out);
	expect(serialize(out)).toEqual(out);
	return out;
}

describe('serialize', () => {
	it('prints pids and refs as Erlang does', async () => {
		const node = createNode({ clock: 'virtual' });
		let ref: Ref | undefined;
		const pid: Pid = node.spawn(async (ctx) => {
			ref = ctx.monitor(ctx.self);
			await ctx.receive();
		});
		await node.settle();
		expect(safe({ pid, ref, list: [pid] })).toEqual({
			pid: '<0.1.0>',
			ref: '#Ref<0.1>',
			list: ['<0.1.0>']
		});
	});

	it('describes functions, symbols, bigints and non-finite numbers', () => {
		function named(_a: unknown, _b: unknown) {}
		class Thing {}
		expect(
			safe({
				named,
				arrow: (x: number) => x,
				anonymous: [function () {}],
				bound: named.bind(null),
				klass: Thing,
				symbol: Symbol('timeout'),
				big: 12345678901234567890n,
				nan: NaN,
				inf: -Infinity,
				zero: -0
			})
		).toEqual({
			named: '#Fun<named/2>',
			arrow: '#Fun<arrow/1>',
			anonymous: ['#Fun<anonymous/0>'],
			bound: '#Fun<bound named/2>',
			klass: '#Fun<Thing/0>',
			symbol: 'Symbol(timeout)',
			big: '12345678901234567890',
			nan: 'NaN',
			inf: '-Infinity',
			zero: 0
		});
	});

	it('leaves undefined out of objects and makes it null in arrays', () => {
		expect(safe({ a: undefined, b: [undefined, 1] })).toEqual({ b: [null, 1] });
		expect(safe(undefined)).toBeNull();
	});

	it('marks cycles but copies shared values', () => {
		const shared = { x: 1 };
		const cyclic: Record<string, unknown> = { shared, again: shared };
		cyclic.self = cyclic;
		cyclic.list = [cyclic, [cyclic]];
		expect(safe(cyclic)).toEqual({
			shared: { x: 1 },
			again: { x: 1 },
			self: '#Circular',
			list: ['#Circular', ['#Circular']]
		});
	});

	it('turns Maps, Sets, Dates, errors and binaries into data', () => {
		const error = Object.assign(new Error('boom'), { code: 'noproc', details: { pid: 1n } });
		expect(
			safe({
				strings: new Map([['a', 1]]),
				tuples: new Map<unknown, unknown>([
					[1, 'one'],
					[{ k: 1 }, 'obj']
				]),
				set: new Set(['x', 'y']),
				date: new Date(0),
				bad: new Date(NaN),
				error,
				bytes: new Uint8Array([1, 2]),
				buffer: new ArrayBuffer(8),
				view: new DataView(new ArrayBuffer(4)),
				promise: Promise.resolve(1),
				weak: new WeakMap()
			})
		).toEqual({
			strings: { a: 1 },
			tuples: [
				[1, 'one'],
				[{ k: 1 }, 'obj']
			],
			set: ['x', 'y'],
			date: '1970-01-01T00:00:00.000Z',
			bad: 'Invalid Date',
			error: { name: 'Error', message: 'boom', code: 'noproc', details: { pid: '1' } },
			bytes: [1, 2],
			buffer: '#Binary<8 bytes>',
			view: ['#Binary<4 bytes>'],
			promise: '#Promise',
			weak: '#WeakMap'
		});
	});

	it('survives getters and proxies that throw', () => {
		const getter = Object.defineProperty({ ok: 1 }, 'bad', {
			enumerable: true,
			get() {
				throw new Error('nope');
			}
		});
		const trap = new Proxy(
			{},
			{
				ownKeys() {
					throw new Error('no keys');
				}
			}
		);
		const { proxy: revoked, revoke } = Proxy.revocable({}, {});
		revoke();
		const loud = {
			toString() {
				throw new Error('loud');
			}
		};
		const instance = Object.create({
			toString() {
				throw new Error('proto toString');
			}
		}) as object;
		expect(safe({ getter, trap, revoked, loud, instance })).toEqual({
			getter: { ok: 1, bad: '#Unreadable<nope>' },
			trap: '#Unreadable<no keys>',
			revoked: expect.stringMatching(/^#Unreadable</) as string,
			loud: { toString: '#Fun<toString/0>' },
			instance: {}
		});
	});

	it('keeps a __proto__ key as data without touching any prototype', () => {
		const hostile = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
		const out = safe(hostile) as Record<string, unknown>;
		expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
		expect(Object.keys(out)).toEqual(['__proto__', 'a']);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":true},"a":1}');
	});

	it('cuts deep nesting off at maxDepth without overflowing the stack', () => {
		let deep: unknown = 'bottom';
		for (let i = 0; i < 100_000; i++) deep = [deep];
		let out = safe(deep);
		let depth = 0;
		while (Array.isArray(out)) {
			out = out[0];
			depth++;
		}
		expect(out).toBe('#Truncated');
		expect(depth).toBe(32);
	});

	it('bounds the work on a value with exponentially many paths', () => {
		let dag: unknown[] = [];
		for (let i = 0; i < 60; i++) dag = [dag, dag];
		const started = performance.now();
		const out = serialize(dag, { maxNodes: 10_000, maxDepth: 100 });
		expect(performance.now() - started).toBeLessThan(1000);
		expect(JSON.stringify(out)).toContain('#Truncated');
		expect(JSON.stringify(out).length).toBeLessThan(200_000);
	});

	it('does not call toJSON, which could throw or lie', () => {
		const liar = {
			secret: 1,
			toJSON() {
				throw new Error('toJSON ran');
			}
		};
		expect(safe(liar)).toEqual({ secret: 1, toJSON: '#Fun<toJSON/0>' });
	});
});
