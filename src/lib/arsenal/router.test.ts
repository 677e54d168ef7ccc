import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ArsenalError } from './errors';
import { defineOperation, type AnyOperation, type Method } from './operation';
import { decodePid, pathSegments, Router } from './router';

const op = (name: string, method: Method, path: string): AnyOperation =>
	defineOperation({
		name,
		category: 'processes',
		summary: name,
		description: name,
		method,
		path,
		params: z.strictObject({}),
		result: z.null(),
		run: () => ({ data: null }),
		examples: []
	});

const router = new Router([
	op('list', 'GET', '/processes'),
	op('info', 'GET', '/processes/:pid'),
	op('kill', 'DELETE', '/processes/:pid'),
	op('state', 'GET', '/processes/:pid/state'),
	op('children', 'DELETE', '/supervisors/:pid/children/:id'),
	op('docs', 'GET', '/arsenal/docs'),
	op('anyone', 'GET', '/arsenal/:thing')
]);

const found = (method: string, path: string) => {
	const match = router.match(method, path);
	if (match.kind !== 'found') throw new Error(`no match: ${match.kind}`);
	return [match.operation.name, match.params];
};

describe('Router', () => {
	it('matches method and path pattern, with the path params', () => {
		expect(found('GET', '/api/v1/processes')).toEqual(['list', {}]);
		expect(found('GET', '/api/v1/processes/')).toEqual(['list', {}]);
		expect(found('GET', '/api/v1/processes/<0.1.0>/state')).toEqual(['state', { pid: '<0.1.0>' }]);
		expect(found('DELETE', '/api/v1/supervisors/Demo.Jobs/children/%3C0.9.0%3E')).toEqual([
			'children',
			{ pid: 'Demo.Jobs', id: '<0.9.0>' }
		]);
	});

	it('decodes each segment, so an encoded pid arrives whole', () => {
		expect(found('GET', '/api/v1/processes/%3C0.42.0%3E')).toEqual(['info', { pid: '<0.42.0>' }]);
		expect(found('GET', '/api/v1/processes/%23PID%3C0.42.0%3E')).toEqual([
			'info',
			{ pid: '#PID<0.42.0>' }
		]);
		expect(found('GET', '/api/v1/processes/a%2Fb')).toEqual(['info', { pid: 'a/b' }]);
	});

	it('prefers a literal segment over a parameter', () => {
		expect(found('GET', '/api/v1/arsenal/docs')[0]).toBe('docs');
		expect(found('GET', '/api/v1/arsenal/other')[0]).toBe('anyone');
	});

	it('tells a path with other methods from an unknown path', () => {
		expect(router.match('POST', '/api/v1/processes/0.1.0')).toEqual({
			kind: 'method_not_allowed',
			allow: ['GET', 'DELETE']
		});
		expect(router.match('GET', '/api/v1/nothing')).toEqual({ kind: 'not_found' });
		expect(router.match('GET', '/api/v1/processes//state')).toEqual({ kind: 'not_found' });
		expect(router.match('GET', '/api/v10/processes')).toEqual({ kind: 'not_found' });
	});

	it('refuses two operations on the same method and pattern', () => {
		expect(() => new Router([op('a', 'GET', '/x/:id'), op('b', 'GET', '/x/:pid')])).toThrow(
			"Operations 'a' and 'b' both answer GET /x/:pid."
		);
	});
});

describe('pathSegments', () => {
	it('answers malformed percent-encoding with 400 and a long path with 414', () => {
		const code = (path: string) => {
			try {
				pathSegments(path);
				return 'ok';
			} catch (error) {
				return (error as ArsenalError).code;
			}
		};
		expect(code('/api/v1/processes/%E0%A4%A')).toBe('invalid_params');
		expect(code('/api/v1/processes/%')).toBe('invalid_params');
		expect(code(`/api/v1/${'a'.repeat(3000)}`)).toBe('uri_too_long');
		expect(code('/api/v1/processes/%3C0.1.0%3E')).toBe('ok');
	});
});

describe('decodePid', () => {
	it('gives the canonical form of every accepted spelling', () => {
		expect(decodePid('0.42.0')).toBe('<0.42.0>');
		expect(decodePid('<1.2.0>')).toBe('<1.2.0>');
		expect(decodePid('#PID<0.42.0>')).toBe('<0.42.0>');
		expect(decodePid('Demo.Counter')).toBeUndefined();
	});
});
