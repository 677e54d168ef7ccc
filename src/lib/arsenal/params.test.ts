import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bool, int, list, num, pid } from './params';

const ok = (schema: z.ZodType, input: unknown) => schema.parse(input);
const fails = (schema: z.ZodType, input: unknown) =>
	expect(schema.safeParse(input).success).toBe(false);

describe('bool', () => {
	it('reads only true and "true" as true', () => {
		expect(ok(bool(), true)).toBe(true);
		expect(ok(bool(), 'true')).toBe(true);
	});

	it('reads false, "false", "0" and "" as false, where z.coerce.boolean says true', () => {
		for (const input of [false, 'false', '0', '']) expect(ok(bool(), input)).toBe(false);
		expect(z.coerce.boolean().parse('false')).toBe(true);
		expect(z.coerce.boolean().parse('0')).toBe(true);
	});

	it('rejects anything else instead of guessing', () => {
		for (const input of ['yes', '1', 'TRUE', 1, null, []]) fails(bool(), input);
		expect(bool().safeParse('yes').error?.issues[0].message).toBe('Expected true or false');
	});

	it('takes its default when absent, and the default shows in the JSON schema', () => {
		const schema = z.strictObject({ includeChildren: bool().prefault(false) });
		expect(schema.parse({})).toEqual({ includeChildren: false });
		expect(z.toJSONSchema(schema, { io: 'input' }).properties).toEqual({
			includeChildren: { type: 'boolean', default: false }
		});
	});
});

describe('int and num', () => {
	it('read query-string digits, keeping the inner bounds', () => {
		const perPage = int(z.number().int().min(1).max(1000));
		expect(ok(perPage, '10')).toBe(10);
		expect(ok(perPage, 10)).toBe(10);
		expect(ok(perPage, '+7')).toBe(7);
		fails(perPage, '1001');
		fails(perPage, '0');
	});

	it('do not read what is not a plain number', () => {
		const n = int(z.number().int());
		for (const input of ['', ' ', '10.5', '1e3', '0x10', 'ten', '10px', null, true])
			fails(n, input);
		expect(ok(num(z.number()), '2.5')).toBe(2.5);
		expect(ok(num(z.number()), '1e3')).toBe(1000);
		fails(num(z.number()), 'NaN');
	});

	it('show their plain type in the JSON schema', () => {
		const schema = z.strictObject({ page: int(z.number().int().min(1)).prefault(1) });
		expect(z.toJSONSchema(schema, { io: 'input' }).properties).toMatchObject({
			page: { type: 'integer', minimum: 1, default: 1 }
		});
	});
});

describe('list', () => {
	it('reads "a,b", a repeated key (an array) and one value', () => {
		const keys = list(z.array(z.enum(['links', 'memory'])));
		expect(ok(keys, 'links,memory')).toEqual(['links', 'memory']);
		expect(ok(keys, ' links , ')).toEqual(['links']);
		expect(ok(keys, ['memory', 'links'])).toEqual(['memory', 'links']);
		fails(keys, 'links,heap');
	});
});

describe('pid', () => {
	it('accepts the forms a pid travels in and gives the canonical one', () => {
		for (const text of ['<0.42.0>', '0.42.0', '#PID<0.42.0>', '<00.042.0>']) {
			expect(ok(pid(), text)).toBe('<0.42.0>');
		}
	});

	it('accepts a registered name as it is', () => {
		expect(ok(pid(), 'Demo.Counter')).toBe('Demo.Counter');
		expect(ok(pid(), 'system@superlearner')).toBe('system@superlearner');
	});

	it('takes any other text as a registered name, so that every name is addressable', () => {
		for (const text of ['a<b>', '<0.42>', 'two words', '<0.1.0>x', '%3C', '<a.b.c>']) {
			expect(ok(pid(), text)).toBe(text);
		}
	});

	it('rejects an empty or overlong text and what is not text', () => {
		for (const text of ['', 'x'.repeat(201), 42, null]) fails(pid(), text);
	});

	it('never takes pid-shaped text for a name: too many digits is an error', () => {
		fails(pid(), `${'9'.repeat(30)}.1.0`);
		expect(pid().safeParse('<0.12345678901.0>').error?.issues[0].message).toBe(
			'A pid has 1 to 10 digits per number'
		);
	});
});
