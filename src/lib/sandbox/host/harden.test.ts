import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { hardenIntrinsics } from './harden';

/** A fresh realm, hardened: the test's own realm stays as it was. */
function hardenedRealm() {
	const context = createContext({});
	hardenIntrinsics(runInContext('globalThis', context) as typeof globalThis);
	return (code: string) => runInContext(`'use strict';\n${code}`, context) as unknown;
}

/** What `code` threw, by its name: the realm's TypeError is not this realm's. */
function thrown(run: (code: string) => unknown, code: string): string {
	try {
		run(code);
	} catch (error) {
		return (error as Error).name;
	}
	return 'nothing';
}

describe('hardenIntrinsics', () => {
	it('stops learner code from patching a built-in method the host calls', () => {
		const run = hardenedRealm();
		for (const patch of [
			'Array.prototype.map = function () { return [] }',
			'Promise.prototype.then = function () {}',
			'Function.prototype.call = function () {}',
			'Object.assign = function () {}',
			'Reflect.apply = function () {}',
			'JSON.stringify = function () {}',
			'Object.getPrototypeOf([][Symbol.iterator]()).next = function () {}',
			'Object.getPrototypeOf(Uint8Array).prototype.set = function () {}',
			'Object.defineProperty(Array.prototype, "push", { value: () => 0 })'
		]) {
			expect(thrown(run, patch), patch).toBe('TypeError');
		}
		expect(run('[1, 2].map((x) => x * 2).join()')).toBe('2,4');
	});

	it('makes the built-ins’ global bindings read-only, and leaves the learner’s globals open', () => {
		const run = hardenedRealm();
		expect(thrown(run, 'globalThis.Promise = function () {}')).toBe('TypeError');
		expect(run('try { delete globalThis.Array } catch {}\ntypeof Array')).toBe('function');
		expect(run('globalThis.mine = 41; mine + 1')).toBe(42);
	});

	it('keeps common own-property assignments working on instances (the override mistake)', () => {
		const run = hardenedRealm();
		expect(
			run(`class Boom extends Error { constructor() { super('x'); this.name = 'Boom'; } }
				String(new Boom())`)
		).toBe('Boom: x');
		expect(run("const o = {}; o.toString = () => 'mine'; String(o)")).toBe('mine');
		expect(run('function F() {} F.prototype.constructor = F; new F() instanceof F')).toBe(true);
		expect(thrown(run, "Error.prototype.name = 'Nope'")).toBe('TypeError');
		expect(run('new TypeError("t").name')).toBe('TypeError');
	});
});
