import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createNode, type Pid } from '$lib/runtime';
import type { ExecutionContext } from './registry';
import { ArsenalError } from './errors';
import { defineOperation, type AnyOperation } from './operation';
import { int } from './params';
import { OperationRegistry } from './registry';
import { Telemetry, type Measurements, type Metadata } from './telemetry';

const node = createNode({ clock: 'virtual' });
const ctx: ExecutionContext = {
	nodes: [{ number: 0, node, restartsSince: () => 0 }],
	systemPids: new Set<Pid>(),
	modules: new Map()
};

const echo = defineOperation({
	name: 'echo',
	category: 'system',
	summary: 'Echo',
	description: 'Answers its parameters.',
	method: 'GET',
	path: '/echo',
	params: z.strictObject({ n: int(z.number().int().max(10)), secret: z.string().optional() }),
	result: z.json(),
	authorize: ({ secret }) => secret !== 'wrong' || 'The secret is wrong.',
	run: ({ n }) => ({ data: { n, self: node.processes()[0], fn: Math.max }, meta: { at: 1n } }),
	examples: []
});

const failing = (name: string, run: AnyOperation['run']): AnyOperation =>
	defineOperation({
		...echo,
		name,
		path: `/${name}`,
		params: z.strictObject({}),
		authorize: undefined,
		run
	});

function setup(
	opts: ConstructorParameters<typeof OperationRegistry>[1] = {},
	ops: AnyOperation[] = []
) {
	let clock = 0;
	const telemetry = new Telemetry({ now: () => clock });
	const events: Array<[string, Measurements, Metadata]> = [];
	telemetry.attach(
		'test',
		['arsenal.operation.start', 'arsenal.operation.stop', 'arsenal.operation.exception'],
		(event, m, meta) => events.push([event, m, meta])
	);
	const registry = new OperationRegistry([echo, ...ops], {
		telemetry,
		now: () => clock,
		...opts
	});
	return { registry, events, tick: (ms: number) => (clock += ms) };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
		return 'ok';
	} catch (error) {
		expect(error).toBeInstanceOf(ArsenalError);
		return (error as ArsenalError).code;
	}
}

describe('OperationRegistry.execute', () => {
	it('validates with coercion, runs, and serializes the outcome', async () => {
		node.spawn(async (c) => void (await c.receive()));
		const { registry } = setup();
		expect(await registry.execute('echo', { n: '7' }, ctx)).toEqual({
			operation: 'echo',
			status: 200,
			data: { n: 7, self: '<0.1.0>', fn: '#Fun<max/2>' },
			meta: { at: '1' }
		});
	});

	it('answers a failing field with 422 naming it and why', async () => {
		const { registry } = setup();
		const error = await registry
			.execute('echo', { n: '11', extra: 1 }, ctx)
			.catch((e: unknown) => e);
		expect(error).toMatchObject({
			code: 'validation_failed',
			status: 422,
			message: 'Invalid parameter n: Too big: expected number to be <=10 (and 1 more)',
			details: {
				field: 'n',
				issues: [
					{ field: 'n', reason: 'Too big: expected number to be <=10' },
					{ field: 'extra', reason: 'Unrecognized key: "extra"' }
				]
			}
		});
	});

	it('asks authorize after validation and answers its refusal with 403, before any telemetry', async () => {
		const { registry, events } = setup();
		const error = await registry
			.execute('echo', { n: 1, secret: 'wrong' }, ctx)
			.catch((e: unknown) => e);
		expect(error).toMatchObject({
			code: 'unauthorized',
			status: 403,
			message: 'The secret is wrong.'
		});
		expect(await codeOf(registry.execute('echo', { n: 99, secret: 'wrong' }, ctx))).toBe(
			'validation_failed'
		);
		expect(events).toEqual([]);
	});

	it('emits start and stop with the duration and the operation', async () => {
		const slow = failing('slow', async () => {
			tick(30);
			await Promise.resolve();
			return { data: 'done' };
		});
		const { registry, events, tick } = setup({}, [slow]);
		await registry.execute('slow', {}, { ...ctx, clientId: 'c1' });
		expect(events).toEqual([
			[
				'arsenal.operation.start',
				{ monotonicTime: 0, systemTime: expect.any(Number) as number },
				{ operation: 'slow', category: 'system', clientId: 'c1', params: {} }
			],
			[
				'arsenal.operation.stop',
				{ duration: 30, monotonicTime: 30 },
				{ operation: 'slow', category: 'system', clientId: 'c1', params: {}, status: 200 }
			]
		]);
	});

	it('emits exception with the duration, the status and the code when run throws', async () => {
		const broken = failing('broken', () => {
			throw new Error('disk on fire');
		});
		const gone = failing('gone', () => {
			throw new ArsenalError('noproc', 'No process <0.9.0>.', { pid: node.processes()[0] });
		});
		const { registry, events } = setup({}, [broken, gone]);
		const error = await registry.execute('broken', {}, ctx).catch((e: unknown) => e);
		expect(error).toMatchObject({
			code: 'operation_failed',
			status: 500,
			message: 'broken failed: disk on fire',
			details: { operation: 'broken', reason: 'Error: disk on fire' }
		});
		expect(events.map(([e]) => e)).toEqual([
			'arsenal.operation.start',
			'arsenal.operation.exception'
		]);
		expect(events[1][1]).toEqual({ duration: 0, monotonicTime: 0 });
		expect(events[1][2]).toMatchObject({
			operation: 'broken',
			status: 500,
			kind: 'error',
			reason: 'operation_failed'
		});
		// Details are JSON already: the pid is a string.
		const noproc = await registry.execute('gone', {}, ctx).catch((e: unknown) => e);
		expect(noproc).toMatchObject({ code: 'noproc', status: 404, details: { pid: '<0.1.0>' } });
	});

	it('answers 504 when run is past operationTimeout', async () => {
		const stuck = failing('stuck', () => new Promise(() => {}));
		const { registry, events } = setup({ operationTimeout: 20 }, [stuck]);
		const error = await registry.execute('stuck', {}, ctx).catch((e: unknown) => e);
		expect(error).toMatchObject({
			code: 'timeout',
			status: 504,
			message: 'stuck did not finish within 0.02 s.'
		});
		expect(events.at(-1)?.[2]).toMatchObject({ kind: 'timeout', status: 504 });
	});

	it("limits each REST client, and not the app's own pages", async () => {
		const { registry, tick } = setup({ rateLimit: { limit: 2, windowMs: 1000 } });
		const rest = { ...ctx, clientId: 'tab-1' };
		expect(await codeOf(registry.execute('echo', { n: 1 }, rest))).toBe('ok');
		expect(await codeOf(registry.execute('echo', { n: 99 }, rest))).toBe('validation_failed');
		const error = await registry.execute('echo', { n: 1 }, rest).catch((e: unknown) => e);
		expect(error).toMatchObject({
			code: 'rate_limited',
			status: 429,
			details: { limit: 2, windowMs: 1000, retryAfterMs: 1000 }
		});
		expect(await codeOf(registry.execute('echo', { n: 1 }, { ...ctx, clientId: 'tab-2' }))).toBe(
			'ok'
		);
		for (let i = 0; i < 5; i++)
			expect(await codeOf(registry.execute('echo', { n: 1 }, ctx))).toBe('ok');
		tick(1000);
		expect(await codeOf(registry.execute('echo', { n: 1 }, rest))).toBe('ok');
	});

	it('adds no details to an error that has none', async () => {
		const bare = failing('bare', () => {
			throw new ArsenalError('conflict', 'Busy.');
		});
		const { registry } = setup({}, [bare]);
		const error = (await registry
			.execute('bare', {}, ctx)
			.catch((e: unknown) => e)) as ArsenalError;
		expect(error).toMatchObject({ code: 'conflict', status: 409, message: 'Busy.' });
		expect(error.details).toBeUndefined();
	});

	it('answers an unknown operation with 404', async () => {
		const { registry } = setup();
		expect(await codeOf(registry.execute('nope', {}, ctx))).toBe('not_found');
	});

	it('refuses two operations with one name', () => {
		expect(() => new OperationRegistry([echo, echo])).toThrow("Two operations are named 'echo'.");
	});
});
