import { describe, expect, it } from 'vitest';
import { LOCKED_GLOBALS, lockDown } from './lockdown';

describe('lockDown', () => {
	it('removes the locked globals from the scope and from the prototypes it inherits them from', () => {
		class Scope {
			get indexedDB() {
				return 'the database';
			}
		}
		const scope = Object.assign(new Scope(), {
			fetch: () => 'a response',
			setTimeout: () => 'kept'
		});
		lockDown(scope);
		const loose = scope as unknown as Record<string, unknown>;
		expect(loose.fetch).toBeUndefined();
		expect(loose.indexedDB).toBeUndefined();
		const getter = Object.getOwnPropertyDescriptor(Scope.prototype, 'indexedDB');
		expect(getter && 'get' in getter).toBe(false);
		expect(scope.setTimeout()).toBe('kept');
		expect(() => {
			'use strict';
			loose.fetch = () => 'back';
		}).toThrow(TypeError);
		expect(() => Object.defineProperty(scope, 'fetch', { value: 1 })).toThrow(TypeError);
		expect(LOCKED_GLOBALS).toContain('caches');
	});
});
