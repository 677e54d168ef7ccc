import { describe, expect, it, vi } from 'vitest';
import { createNode, GenServer } from '$lib/runtime';
import { ConsoleBatcher, CONSOLE_FLUSH_MS, evaluateProgram, sandboxConsole } from './loader';
import type { ConsoleLine } from '$lib/sandbox/protocol';
import { formatArgs } from '$lib/supertester/inspect';

describe('sandbox loader', () => {
	it('formats arguments as console.log does: strings bare, values inspected, pids as <N.I.0>', async () => {
		const node = createNode({ number: 3, clock: 'virtual' });
		const pid = node.spawn(() => new Promise(() => {}));
		const cyclic: Record<string, unknown> = { a: 1 };
		cyclic.self = cyclic;
		expect(
			formatArgs(['n =', 1, 'x', { pid, list: [1, 'two', null], 'odd key': undefined }, cyclic])
		).toBe(
			`n = 1 x { pid: ${String(pid)}, list: [1, "two", null], "odd key": undefined } { a: 1, self: [Circular] }`
		);
		expect(formatArgs([new Error('bad'), new Map([['k', 1]]), () => 0, 10n])).toBe(
			'Error: bad Map(1) { "k" => 1 } [Function (anonymous)] 10n'
		);
		await node.shutdown();
	});

	it('formats hostile values without throwing: a throwing getter, a revoked proxy, throwing traps', () => {
		const revocable = Proxy.revocable({}, {});
		revocable.revoke();
		const trap = new Proxy(
			{},
			{
				getPrototypeOf() {
					throw new Error('no prototype');
				}
			}
		);
		const lazy = {
			ok: 1,
			get total(): number {
				throw new Error('lazy');
			}
		};
		expect(formatArgs(['state', lazy])).toBe('state { ok: 1, total: #Unreadable<lazy> }');
		expect(formatArgs([revocable.proxy])).toMatch(/^#Unreadable<.+>$/);
		expect(formatArgs([trap, 'after'])).toBe('#Unreadable<no prototype> after');
	});

	it("gives the bundle the runtime as 'superlearner' and the sandbox console", () => {
		const lines: ConsoleLine[] = [];
		const program = evaluateProgram(
			`const { GenServer } = require('superlearner');
			 console.warn('loaded');
			 module.exports = { files: { 'main.ts': { GenServer } }, entry: 'main.ts' };`,
			sandboxConsole((line) => lines.push(line))
		);
		expect(program.files['main.ts'].GenServer).toBe(GenServer);
		expect(lines).toEqual([{ at: expect.any(Number) as number, level: 'warn', text: 'loaded' }]);
	});

	it('refuses any other module, and a bundle that is not a program', () => {
		const console = sandboxConsole(() => undefined);
		expect(() => evaluateProgram(`require('fs')`, console)).toThrow(
			"Cannot find module 'fs': sandbox code can import only 'superlearner' and its own files."
		);
		expect(() => evaluateProgram(`module.exports = 1`, console)).toThrow(/not a sandbox program/);
	});

	it('posts console lines in batches of at most 200 per 16 ms, counting the rest as dropped', () => {
		vi.useFakeTimers();
		try {
			const posts: Array<[string[], number]> = [];
			const batcher = new ConsoleBatcher((lines, dropped) =>
				posts.push([lines.map((l) => l.text), dropped])
			);
			const log = sandboxConsole((line) => batcher.push(line)).log;
			for (let i = 0; i < 1000; i++) log('line', i);
			expect(posts).toEqual([]);
			vi.advanceTimersByTime(CONSOLE_FLUSH_MS);
			expect(posts).toEqual([[Array.from({ length: 200 }, (_, i) => `line ${i}`), 800]]);
			log('after');
			vi.advanceTimersByTime(CONSOLE_FLUSH_MS - 1);
			expect(posts).toHaveLength(1);
			vi.advanceTimersByTime(1);
			expect(posts[1]).toEqual([['after'], 0]);
			log('never');
			batcher.close();
			vi.advanceTimersByTime(CONSOLE_FLUSH_MS);
			expect(posts).toHaveLength(2);
		} finally {
			vi.useRealTimers();
		}
	});
});
