import { describe, expect, it } from 'vitest';
import { parseMessage } from './message';

describe('parseMessage', () => {
	it('reads JSON, and a bare word as a string', () => {
		expect(parseMessage('["add", 5]')).toEqual({ ok: true, value: ['add', 5] });
		expect(parseMessage('"get"')).toEqual({ ok: true, value: 'get' });
		expect(parseMessage(' get ')).toMatchObject({ ok: true, value: 'get' });
		expect(parseMessage('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
	});

	it('refuses what is neither', () => {
		expect(parseMessage('')).toMatchObject({ ok: false });
		expect(parseMessage('[add, 5]')).toMatchObject({ ok: false });
		expect(parseMessage('<b>hi</b>')).toMatchObject({ ok: false });
	});
});
