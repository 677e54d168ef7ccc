import { describe, expect, it } from 'vitest';
import { ArsenalError } from './errors';
import { MAX_BODY_LENGTH, nestedDeeperThan, parseBody, parseQuery } from './request';

function codeOf(fn: () => unknown): string {
	try {
		fn();
		return 'ok';
	} catch (error) {
		expect(error).toBeInstanceOf(ArsenalError);
		return (error as ArsenalError).code;
	}
}

describe('parseQuery', () => {
	it('reads pairs, repeated keys as arrays, + as space and bare keys as empty', () => {
		expect(parseQuery('?perPage=10&keys=links&keys=memory&name=Demo+Counter&force')).toEqual({
			perPage: '10',
			keys: ['links', 'memory'],
			name: 'Demo Counter',
			force: ''
		});
		expect(parseQuery('')).toEqual({});
		expect(parseQuery('?a=%3C0.1.0%3E')).toEqual({ a: '<0.1.0>' });
	});

	it('answers malformed encoding and __proto__ with 400, and too much with 414 or 400', () => {
		expect(codeOf(() => parseQuery('?a=%E0%A4%A'))).toBe('invalid_params');
		expect(codeOf(() => parseQuery('?__proto__=x'))).toBe('invalid_params');
		expect(codeOf(() => parseQuery('?__proto__%5Bpolluted%5D=1'))).toBe('ok');
		expect(codeOf(() => parseQuery(`?a=${'x'.repeat(5000)}`))).toBe('uri_too_long');
		expect(
			codeOf(() => parseQuery(`?${Array.from({ length: 65 }, (_, i) => `k${i}=1`).join('&')}`))
		).toBe('invalid_params');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});

describe('parseBody', () => {
	it('reads a JSON object; an empty body is no parameters', () => {
		expect(parseBody('{"type":"call","message":["add",1]}')).toEqual({
			type: 'call',
			message: ['add', 1]
		});
		expect(parseBody(null)).toEqual({});
		expect(parseBody('  \n')).toEqual({});
	});

	it('answers what is not a JSON object with 400', () => {
		for (const text of ['{', 'hello', '[1,2]', 'null', '42', '"str"', '{"a":1}x']) {
			expect(codeOf(() => parseBody(text))).toBe('invalid_params');
		}
	});

	it('answers a __proto__ key at any depth with 400, and pollutes nothing', () => {
		expect(codeOf(() => parseBody('{"__proto__":{"polluted":true}}'))).toBe('invalid_params');
		expect(codeOf(() => parseBody('{"a":[{"b":{"__proto__":{"polluted":true}}}]}'))).toBe(
			'invalid_params'
		);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.prototype).not.toHaveProperty('polluted');
	});

	it('answers deep nesting with 400 before parsing, and a huge body with 413', () => {
		expect(codeOf(() => parseBody(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`))).toBe(
			'invalid_params'
		);
		expect(codeOf(() => parseBody(`{"a":"${'x'.repeat(MAX_BODY_LENGTH)}"}`))).toBe(
			'payload_too_large'
		);
		expect(codeOf(() => parseBody(`{"a":${'['.repeat(31)}${']'.repeat(31)}}`))).toBe('ok');
	});
});

describe('nestedDeeperThan', () => {
	it('counts brackets outside strings only', () => {
		expect(nestedDeeperThan('{"a":"[[[[[[[["}', 2)).toBe(false);
		expect(nestedDeeperThan('{"a":"\\"[[[["}', 2)).toBe(false);
		expect(nestedDeeperThan('[[[]]]', 2)).toBe(true);
		expect(nestedDeeperThan('[[],[],[]]', 2)).toBe(false);
	});
});
