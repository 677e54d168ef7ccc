import { describe, expect, it } from 'vitest';
import { describeOperation } from '$lib/arsenal/openapi';
import { operations } from '$lib/arsenal/operations';
import { fetchCall, formModel, restPath, toParams, valuesOf, visibleFields } from './form';

const op = (name: string) => describeOperation(operations.find((o) => o.name === name)!);

describe('formModel', () => {
	it('makes a field of every parameter, with where it goes and its kind', () => {
		const model = formModel(op('list_processes'));
		expect(model.variant).toBeUndefined();
		expect(model.fields.map((f) => [f.name, f.in, f.kind, f.required])).toEqual([
			['node', 'query', 'text', false],
			['behaviour', 'query', 'choice', false],
			['name', 'query', 'text', false],
			['sort', 'query', 'choice', false],
			['order', 'query', 'choice', false],
			['page', 'query', 'integer', false],
			['perPage', 'query', 'integer', false]
		]);
		expect(model.fields[6]).toMatchObject({ default: 100, min: 1, max: 1000 });
		const kill = formModel(op('kill_process')).fields;
		expect(kill.map((f) => [f.name, f.in, f.kind])).toEqual([
			['pid', 'path', 'text'],
			['reason', 'query', 'text'],
			['force', 'query', 'boolean'],
			['waitMs', 'query', 'integer']
		]);
	});

	it('turns a union of shapes into a variant picker with per-shape fields', () => {
		const model = formModel(op('inject_fault'));
		expect(model.variant).toEqual({ name: 'kind', options: ['crash', 'throw', 'delay', 'drop'] });
		expect(model.fields.map((f) => f.name)).toEqual(['pid', 'force']);
		expect(model.byVariant.delay.map((f) => f.name)).toEqual(['count', 'ms']);
		expect(visibleFields(model, 'crash').map((f) => f.name)).toEqual(['pid', 'force', 'reason']);
	});

	it('knows JSON values, lists of choices and number-or-word fields', () => {
		const send = formModel(op('send_message')).fields;
		expect(send.find((f) => f.name === 'message')).toMatchObject({
			kind: 'json',
			in: 'body',
			required: true
		});
		const info = formModel(op('get_process_info')).fields;
		expect(info.find((f) => f.name === 'keys')).toMatchObject({ kind: 'choices' });
		const start = formModel(op('start_child')).fields;
		expect(start.find((f) => f.name === 'shutdown')).toMatchObject({
			kind: 'number_or_word',
			options: ['brutal_kill', 'infinity']
		});
	});
});

describe('toParams', () => {
	it('leaves empty fields out and types the others as the schema says', () => {
		const fields = formModel(op('send_message')).fields;
		expect(
			toParams(fields, {
				pid: '<0.9.0>',
				message: '["add", 5]',
				type: 'call',
				timeoutMs: '250',
				force: false
			})
		).toEqual({ pid: '<0.9.0>', message: ['add', 5], type: 'call', timeoutMs: 250 });
		expect(toParams(fields, { pid: 'Demo.Counter', message: 'get' })).toEqual({
			pid: 'Demo.Counter',
			message: 'get'
		});
	});

	it('sends what does not parse as typed, so the operation answers 422 itself', () => {
		const fields = formModel(op('list_processes')).fields;
		expect(toParams(fields, { perPage: 'lots' })).toEqual({ perPage: 'lots' });
		const start = formModel(op('start_child')).fields;
		expect(toParams(start, { shutdown: '2000' })).toEqual({ shutdown: 2000 });
		expect(toParams(start, { shutdown: 'brutal_kill' })).toEqual({ shutdown: 'brutal_kill' });
	});

	it('puts the variant in and keeps ticked choices as a list', () => {
		const model = formModel(op('inject_fault'));
		expect(
			toParams(
				visibleFields(model, 'drop'),
				{ pid: '0.5.0', count: '3' },
				{ name: 'kind', value: 'drop' }
			)
		).toEqual({ kind: 'drop', pid: '0.5.0', count: 3 });
		const info = formModel(op('get_process_info')).fields;
		expect(toParams(info, { keys: ['links', 'memory'] })).toEqual({ keys: ['links', 'memory'] });
		expect(toParams(info, { keys: [] })).toEqual({});
	});
});

describe('valuesOf', () => {
	it('fills the form from an example', () => {
		const fields = formModel(op('send_message')).fields;
		expect(valuesOf(fields, { pid: 'Demo.Counter', type: 'call', message: ['add', 5] })).toEqual({
			pid: 'Demo.Counter',
			type: 'call',
			message: '["add",5]'
		});
		const info = formModel(op('get_process_info')).fields;
		expect(valuesOf(info, { keys: 'links,messageQueueLen' })).toEqual({
			keys: ['links', 'messageQueueLen']
		});
	});
});

describe('fetchCall', () => {
	it('writes a GET with a query string, and encodes pids in the path', () => {
		expect(fetchCall(op('list_processes'), { perPage: 5, name: 'Demo' })).toBe(
			"await fetch('/api/v1/processes?perPage=5&name=Demo').then((res) => res.json());"
		);
		expect(restPath(op('get_process_state'), { pid: '<0.9.0>' })).toBe(
			'/api/v1/processes/%3C0.9.0%3E/state'
		);
		expect(fetchCall(op('kill_process'), { pid: '<0.9.0>', force: true })).toBe(
			"await fetch('/api/v1/processes/%3C0.9.0%3E?force=true', { method: 'DELETE' }).then((res) => res.json());"
		);
	});

	it('writes a POST with a JSON body, and keeps :param where a path parameter is missing', () => {
		expect(
			fetchCall(op('send_message'), { pid: 'Demo.Counter', type: 'call', message: 'get' })
		).toBe(
			[
				"await fetch('/api/v1/processes/Demo.Counter/message', {",
				"\tmethod: 'POST',",
				"\theaders: { 'content-type': 'application/json' },",
				'\tbody: JSON.stringify({\n\t\t"type": "call",\n\t\t"message": "get"\n\t})',
				'}).then((res) => res.json());'
			].join('\n')
		);
		expect(restPath(op('restart_child'), { id: 'x' })).toBe(
			'/api/v1/supervisors/:pid/children/x/restart'
		);
	});
});
