/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- answers are JSON, read the way a client reads them */
import { beforeEach, describe, expect, it } from 'vitest';
import { GenServer, type GenServerModule, type Pid } from '$lib/runtime';
import { z } from 'zod';
import type { KnownModule } from './context';
import { testSystem, type Answer, type TestSystem } from '$lib/testing/arsenal';

let t: TestSystem;
beforeEach(async () => {
	t = await testSystem();
});

/** Every answer is JSON: data (and maybe meta), or an error with a code and a message. */
function expectEnvelope(res: Answer) {
	const keys = Object.keys(res.body).sort();
	if (res.status < 400) {
		expect(keys.filter((k) => k !== 'meta')).toEqual(['data']);
	} else {
		expect(keys).toEqual(['error']);
		expect(typeof res.body.error?.code).toBe('string');
		expect(typeof res.body.error?.message).toBe('string');
	}
}

function expectError(res: Answer, status: number, code: string) {
	expectEnvelope(res);
	expect(res.status).toBe(status);
	expect(res.body.error?.code).toBe(code);
}

describe('the Arsenal Plug: statuses', () => {
	it('200 for GET /api/v1/health, with the node name and uptime', async () => {
		await t.node.advance(2500);
		expect(await t.get('/api/v1/health?')).toEqual({
			status: 200,
			body: { data: { status: 'ok', node: 'system@superlearner', uptimeMs: 2500 } }
		});
	});

	it('200 with data and meta for a list', async () => {
		const res = await t.get('/api/v1/processes?perPage=5&name=Demo');
		expectEnvelope(res);
		expect(res.status).toBe(200);
		expect(res.body.data).toHaveLength(5);
		expect(
			res.body.data.every((p: { name?: string; module?: string; label?: string }) =>
				[p.name, p.module, p.label].some((s) => s?.includes('Demo'))
			)
		).toBe(true);
		expect(res.body.meta).toMatchObject({ page: 1, perPage: 5 });
		expect(res.body.meta.total).toBeGreaterThan(5);
	});

	it('201 when start_child creates a child', async () => {
		const res = await t.post('/api/v1/supervisors/Demo.Jobs/children', {
			module: 'Demo.Job',
			args: { name: 'delta' }
		});
		expect(res.status).toBe(201);
		expect(res.body.data).toMatchObject({ supervisor: t.pidOf('Demo.Jobs'), module: 'Demo.Job' });
		expect(
			t.node.isAlive(t.node.processes().find((p) => String(p) === res.body.data.pid) as Pid)
		).toBe(true);
	});

	it('400 for a body that is not JSON, not an object, or has __proto__', async () => {
		const pid = t.pidOf('Demo.Counter');
		expectError(
			await t.post(`/api/v1/processes/${pid}/message`, '{"message":'),
			400,
			'invalid_params'
		);
		expectError(await t.post(`/api/v1/processes/${pid}/message`, '["get"]'), 400, 'invalid_params');
		expectError(
			await t.post(`/api/v1/processes/${pid}/message`, '{"message":"get","__proto__":{"x":1}}'),
			400,
			'invalid_params'
		);
	});

	it("403 when killing, messaging or faulting the system's own processes without force", async () => {
		const telemetry = t.pidOf('SuperLearner.Telemetry');
		const sup = t.pidOf('SuperLearner.Supervisor');
		for (const res of [
			await t.del(`/api/v1/processes/${telemetry}`),
			await t.del(`/api/v1/processes/${sup}?force=false`),
			await t.del(`/api/v1/processes/${sup}?force=0`),
			await t.del(`/api/v1/processes/${sup}?force=`),
			await t.post(`/api/v1/processes/${telemetry}/message`, { message: 'hi' }),
			await t.post(`/api/v1/processes/${telemetry}/faults`, { kind: 'drop' }),
			await t.post(`/api/v1/supervisors/${sup}/children`, { module: 'Demo.Counter' }),
			await t.del(`/api/v1/supervisors/${sup}/children/Arsenal.Registry`)
		]) {
			expectError(res, 403, 'unauthorized');
			expect(res.body.error?.message).toContain('SuperLearner.Supervisor');
		}
		expect(
			t.node.whereis('SuperLearner.Telemetry') && String(t.node.whereis('SuperLearner.Telemetry'))
		).toBe(telemetry);
	});

	it('200 for the same requests with force=true', async () => {
		const telemetry = t.pidOf('SuperLearner.Telemetry');
		const res = await t.del(`/api/v1/processes/${telemetry}?force=true`);
		expect(res.status).toBe(200);
		expect(res.body.data).toMatchObject({ exited: true, exitReason: 'killed' });
		await t.node.settle();
		expect(t.pidOf('SuperLearner.Telemetry')).not.toBe(telemetry);
		const registry = t.pidOf('Arsenal.Registry');
		const call = await t.post(`/api/v1/processes/${registry}/message`, {
			type: 'call',
			message: 'list',
			force: true
		});
		expect(call.status).toBe(200);
		expect(call.body.data.reply).toContain('list_processes');
	});

	it('404 for an unknown route, an unknown or dead pid, and an unknown child', async () => {
		expect(await t.get('/api/v1/nothing/here')).toEqual({
			status: 404,
			body: { error: { code: 'not_found', message: 'No API route GET /api/v1/nothing/here.' } }
		});
		expectError(await t.get('/api/v1/processes/%3C0.99999.0%3E'), 404, 'noproc');
		expectError(await t.get('/api/v1/processes/Nobody.Here'), 404, 'noproc');
		expectError(await t.get('/api/v1/processes/<7.1.0>'), 404, 'noproc');
		const counter = t.pidOf('Demo.Counter');
		await t.del(`/api/v1/processes/${counter}`);
		const dead = await t.get(`/api/v1/processes/${counter}`);
		expectError(dead, 404, 'noproc');
		expect(dead.body.error?.message).toBe(
			`No process ${counter}: it has exited, or never existed.`
		);
		expectError(await t.del('/api/v1/supervisors/Demo.Pipeline/children/Nope'), 404, 'not_found');
		expectError(await t.get('/api/v1/processes?node=elsewhere@nowhere'), 404, 'not_found');
	});

	it('405 with Allow for a known path and another method', async () => {
		const res = await t.request('PUT', '/api/v1/processes');
		expectError(res, 405, 'method_not_allowed');
		expect(res.headers).toEqual({ allow: 'GET' });
	});

	it('409 for a child id in use and for restarting a running child', async () => {
		const dup = await t.post('/api/v1/supervisors/Demo.Supervisor/children', {
			module: 'Demo.Counter',
			id: 'Demo.Counter'
		});
		expectError(dup, 409, 'conflict');
		expectError(
			await t.post('/api/v1/supervisors/Demo.Pipeline/children/Demo.Consumer/restart'),
			409,
			'conflict'
		);
	});

	it('413 for a huge body and 414 for a huge path or query', async () => {
		const pid = t.pidOf('Demo.Counter');
		expectError(
			await t.post(`/api/v1/processes/${pid}/message`, { message: 'x'.repeat(300_000) }),
			413,
			'payload_too_large'
		);
		expectError(await t.get(`/api/v1/processes/${'a'.repeat(5000)}`), 414, 'uri_too_long');
		expectError(await t.get(`/api/v1/processes?name=${'a'.repeat(5000)}`), 414, 'uri_too_long');
	});

	it('422 naming the field and the reason', async () => {
		const bad = await t.get('/api/v1/processes?perPage=5000');
		expectError(bad, 422, 'validation_failed');
		expect(bad.body.error?.details).toMatchObject({
			field: 'perPage',
			reason: 'Too big: expected number to be <=1000'
		});
		const body = await t.post(`/api/v1/processes/${t.pidOf('Demo.Counter')}/message`, {
			message: 'get',
			type: 'shout'
		});
		expectError(body, 422, 'validation_failed');
		expect(body.body.error?.details.field).toBe('type');
		const missing = await t.post(`/api/v1/processes/${t.pidOf('Demo.Counter')}/message`, {});
		expect(missing.body.error?.details.field).toBe('message');
		const args = await t.post('/api/v1/supervisors/Demo.Jobs/children', {
			module: 'Demo.Job',
			args: { name: 'bad name!' }
		});
		expectError(args, 422, 'validation_failed');
		expect(args.body.error?.details.field).toBe('args.name');
		const unknown = await t.post('/api/v1/supervisors/Demo.Jobs/children', { module: 'Nope' });
		expect(unknown.body.error?.details).toMatchObject({
			field: 'module',
			known: ['Demo.Counter', 'Demo.Echo', 'Demo.Job']
		});
		expectError(await t.get(`/api/v1/processes/${'1'.repeat(11)}.0.0`), 422, 'validation_failed');
	});

	it('422 not_genserver and not_supervisor for the wrong kind of process', async () => {
		const timer = (await t.get('/api/v1/processes?behaviour=none&perPage=1')).body.data[0]
			.pid as string;
		expectError(await t.get(`/api/v1/processes/${timer}/state`), 422, 'not_genserver');
		expectError(
			await t.post(`/api/v1/processes/${timer}/message`, { type: 'call', message: 'x' }),
			422,
			'not_genserver'
		);
		expectError(
			await t.get(`/api/v1/supervisors/${t.pidOf('Demo.Counter')}`),
			422,
			'not_supervisor'
		);
	});

	it('429 past the per-client limit, with Retry-After', async () => {
		t = await testSystem({ rateLimit: { limit: 3, windowMs: 60_000 } });
		for (let i = 0; i < 3; i++) {
			expect((await t.request('GET', '/api/v1/system/health', undefined, 'tab-a')).status).toBe(
				200
			);
		}
		const refused = await t.request('GET', '/api/v1/system/health', undefined, 'tab-a');
		expectError(refused, 429, 'rate_limited');
		expect(refused.headers?.['retry-after']).toMatch(/^\d+$/);
		expect((await t.request('GET', '/api/v1/system/health', undefined, 'tab-b')).status).toBe(200);
		expect((await t.system.execute('system_health')).status).toBe(200);
	});

	it('500 naming the operation and the reason when a child fails to start', async () => {
		const Broken: GenServerModule = { name: 'Test.Broken', init: () => ['stop', 'no_database'] };
		const broken: KnownModule = {
			name: 'Test.Broken',
			description: 'Never starts.',
			type: 'worker',
			args: z.unknown(),
			childSpec: (_args, overrides) => GenServer.childSpec(Broken, null, overrides)
		};
		(t.system.context.modules as Map<string, KnownModule>).set(broken.name, broken);
		const res = await t.post('/api/v1/supervisors/Demo.Supervisor/children', {
			module: 'Test.Broken'
		});
		expectError(res, 500, 'operation_failed');
		expect(res.body.error).toMatchObject({
			message: 'start_child failed: the child did not start.',
			details: { operation: 'start_child', reason: 'no_database' }
		});
	});

	it('504 when a call gets no reply within timeoutMs', async () => {
		const Silent: GenServerModule = {
			name: 'Test.Silent',
			init: () => ['ok', null],
			handleCall: (_r, _f, s) => ['noreply', s]
		};
		const [, silent] = (await GenServer.start(t.node, Silent, null)) as ['ok', Pid];
		const pending = t.post(`/api/v1/processes/${String(silent)}/message`, {
			type: 'call',
			message: 'hello',
			timeoutMs: 250
		});
		await t.node.advance(250);
		const res = await pending;
		expectError(res, 504, 'timeout');
		expect(res.body.error?.message).toContain('timeout');
	});

	it('504 when an operation runs past operationTimeout', async () => {
		t = await testSystem({ operationTimeout: 30 });
		const Stuck: GenServerModule = {
			name: 'Test.Stuck',
			init: () => ['ok', null],
			handleInfo: () => new Promise(() => {})
		};
		const [, stuck] = (await GenServer.start(t.node, Stuck, null)) as ['ok', Pid];
		t.node.send(stuck, 'block');
		await t.node.settle();
		const res = await t.get(`/api/v1/processes/${String(stuck)}/state`);
		expectError(res, 504, 'timeout');
		expect(res.body.error?.message).toBe('get_process_state did not finish within 0.03 s.');
	});
});

describe('the Arsenal Plug: pids in paths', () => {
	it('accepts %3C0.42.0%3E, <0.42.0>, 0.42.0, #PID<0.42.0> and a registered name', async () => {
		const pid = t.pidOf('Demo.Counter');
		const bare = pid.slice(1, -1);
		for (const form of [
			encodeURIComponent(pid),
			pid,
			bare,
			encodeURIComponent(`#PID${pid}`),
			'Demo.Counter'
		]) {
			const res = await t.get(`/api/v1/processes/${form}?keys=module`);
			expect(res.status).toBe(200);
			expect(res.body.data).toMatchObject({ pid, module: 'Demo.Counter' });
		}
	});

	it('reaches a process under any registered name, URL-encoded', async () => {
		const Named: GenServerModule = { name: 'Test.Named', init: () => ['ok', null] };
		for (const name of ['a<b>', '<x>', 'two words', 'x/y', '50%', 'q?#&=', 'é→', '<0.42>']) {
			const [, pid] = (await GenServer.start(t.node, Named, null, { name })) as ['ok', Pid];
			const res = await t.get(`/api/v1/processes/${encodeURIComponent(name)}?keys=module`);
			expect(res.status).toBe(200);
			expect(res.body.data).toMatchObject({ pid: String(pid), module: 'Test.Named' });
		}
	});

	it('reads pid-shaped text as a pid even when a process is registered under it', async () => {
		const Named: GenServerModule = { name: 'Test.Named', init: () => ['ok', null] };
		const counter = t.pidOf('Demo.Counter');
		await GenServer.start(t.node, Named, null, { name: counter.slice(1, -1) });
		for (const form of [counter, encodeURIComponent(counter), counter.slice(1, -1)]) {
			const res = await t.get(`/api/v1/processes/${form}?keys=module`);
			expect(res.body.data).toMatchObject({ pid: counter, module: 'Demo.Counter' });
		}
	});

	it('says a name is not registered, and how a pid looks', async () => {
		const res = await t.get(`/api/v1/processes/${encodeURIComponent('no<one>')}`);
		expectError(res, 404, 'noproc');
		expect(res.body.error?.message).toBe(
			"No process is registered as 'no<one>' (a pid looks like <0.42.0>)."
		);
	});
});

describe('the Arsenal Plug: hostile input', () => {
	async function unchanged(request: () => Promise<Answer>, status: number) {
		const before = t.node.processes().map(String);
		const res = await request();
		expect(res.status).toBe(status);
		expectEnvelope(res);
		await t.node.settle();
		expect(t.node.processes().map(String)).toEqual(before);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.prototype).not.toHaveProperty('polluted');
		expect((await t.get('/api/v1/system/health')).status).toBe(200);
		return res;
	}

	it('answers deeply nested JSON with 400 and changes nothing', async () => {
		const pid = t.pidOf('Demo.Counter');
		const deep = `{"message":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
		await unchanged(() => t.post(`/api/v1/processes/${pid}/message`, deep), 400);
	});

	it('answers huge JSON with 413', async () => {
		const pid = t.pidOf('Demo.Counter');
		await unchanged(
			() => t.post(`/api/v1/processes/${pid}/message`, { message: Array(100_000).fill('spam') }),
			413
		);
	});

	it('answers __proto__ keys with 400 and pollutes no prototype', async () => {
		const pid = t.pidOf('Demo.Counter');
		await unchanged(
			() =>
				t.post(`/api/v1/processes/${pid}/message`, '{"__proto__":{"polluted":1},"message":"get"}'),
			400
		);
		await unchanged(
			() =>
				t.post(
					`/api/v1/processes/${pid}/message`,
					'{"message":{"a":{"__proto__":{"polluted":1}}}}'
				),
			400
		);
		await unchanged(() => t.get('/api/v1/processes?__proto__=x'), 400);
		await unchanged(
			() =>
				t.post(
					`/api/v1/processes/${pid}/message`,
					'{"constructor":{"prototype":{"polluted":1}},"message":"get"}'
				),
			422
		);
	});

	it('answers malformed percent-encoding with 400', async () => {
		await unchanged(() => t.get('/api/v1/processes/%E0%A4%A'), 400);
		await unchanged(() => t.get('/api/v1/processes?name=%'), 400);
	});

	it('answers very long paths with 414 and odd methods and URLs with a 4xx', async () => {
		await unchanged(() => t.get(`/api/v1/${'x/'.repeat(5000)}`), 414);
		await unchanged(() => t.request('TRACE', '/api/v1/processes'), 405);
		await unchanged(() => t.get('/api/v1/processes/../../etc/passwd'), 404);
		await unchanged(() => t.get(`/api/v1/processes/${'9'.repeat(30)}.1.0`), 422);
	});

	it('never answers with a value JSON cannot carry', async () => {
		const Weird: GenServerModule = {
			name: 'Test.Weird',
			init: (_a, ctx) => {
				const state: Record<string, unknown> = {
					fn: () => 1,
					sym: Symbol('s'),
					big: 10n,
					self: ctx.self
				};
				state.cycle = state;
				return ['ok', state];
			},
			handleCall: (_r, _f, s) => ['reply', s, s]
		};
		const [, weird] = (await GenServer.start(t.node, Weird, null)) as ['ok', Pid];
		const state = await t.get(`/api/v1/processes/${String(weird)}/state`);
		expect(state.body.data.state).toEqual({
			fn: '#Fun<fn/0>',
			sym: 'Symbol(s)',
			big: '10',
			self: String(weird),
			cycle: '#Circular'
		});
		const reply = await t.post(`/api/v1/processes/${String(weird)}/message`, {
			type: 'call',
			message: 'x'
		});
		expect(reply.body.data.reply.cycle).toBe('#Circular');
	});
});
