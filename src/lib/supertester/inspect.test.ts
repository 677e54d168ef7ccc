// show() as assertion messages print values; formatArgs (the sandbox console) is tested with the
// sandbox loader, in sandbox/host/loader.test.ts.
import { describe, expect, it } from 'vitest';
import { show } from './inspect';

describe('show', () => {
	it('quotes a string, where the console would print it bare', () => {
		expect(show('Counter')).toBe('"Counter"');
		expect(show(['ok', 'started'])).toBe('["ok", "started"]');
	});

	it('prints sets, symbols and empty containers on one line', () => {
		expect(show(new Set([1, 'a']))).toBe('Set(2) { 1, "a" }');
		expect(show([new Set(), new Map(), {}, []])).toBe('[Set(0) {}, Map(0) {}, {}, []]');
		expect(show(Symbol('tag'))).toBe('Symbol(tag)');
	});

	it('cuts deep values short, four levels down', () => {
		expect(show({ a: { b: { c: { d: { e: 1 } } } } })).toBe('{ a: { b: { c: { d: [Object] } } } }');
		expect(show([[[[[1]]]]])).toBe('[[[[[Array]]]]]');
	});

	it('lists fifty items of a long list, then how many more there are', () => {
		const list = Array.from({ length: 52 }, (_, i) => i);
		expect(show(list)).toBe(`[${list.slice(0, 50).join(', ')}, … 2 more]`);
		expect(show(new Set(list))).toMatch(/^Set\(52\) \{ 0, 1, .*, 49, … 2 more \}$/);
	});

	it('prints a value seen twice, not in a cycle, in full both times', () => {
		const shared = { n: 1 };
		expect(show([shared, shared])).toBe('[{ n: 1 }, { n: 1 }]');
	});
});
