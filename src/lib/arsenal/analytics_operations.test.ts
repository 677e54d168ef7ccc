/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- answers are JSON, read the way a client reads them */
// The analytics operations over REST and from a page: figures, history with filters and paging,
// the causes of restarts Arsenal asked for, export and import, clear, telemetry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testSystem } from '$lib/testing/arsenal';
import type { RestartRecord } from './analytics_schemas';

type TestSystem = Awaited<ReturnType<typeof testSystem>>;

let t: TestSystem;
beforeEach(async () => {
	t = await testSystem();
});
afterEach(() => t.system.shutdown());

/** Kills a demo process over REST (or from a page: `execute`) and lets its supervisor restart it. */
async function kill(name: string, via: 'rest' | 'page'): Promise<string> {
	const pid = t.pidOf(name);
	if (via === 'rest') {
		expect((await t.request('DELETE', `/api/v1/processes/${name}`, undefined, 'curl')).status).toBe(
			200
		);
	} else await t.system.execute('kill_process', { pid: name });
	await t.node.settle();
	return pid;
}

describe('causes', () => {
	it('records a kill from a page and one over REST as the cause of the restart', async () => {
		const first = await kill('Demo.Counter', 'page');
		const second = await kill('Demo.Counter', 'rest');
		const res = await t.request('GET', '/api/v1/analytics/restarts?supervisor=Demo.Supervisor');
		expect(res.status).toBe(200);
		expect(res.body.data).toMatchObject([
			{
				oldPid: second,
				newPid: t.pidOf('Demo.Counter'),
				childId: 'Demo.Counter',
				supervisorName: 'Demo.Supervisor',
				reason: 'killed',
				cause: { operation: 'kill_process', via: 'rest', clientId: 'curl' }
			},
			{ oldPid: first, cause: { operation: 'kill_process', via: 'page' } }
		]);
		expect(res.body.data[1].cause.clientId).toBeUndefined();
	});

	it('records an injected crash; a crash of its own has no cause', async () => {
		const faulted = t.pidOf('Demo.Counter');
		await t.system.execute('inject_fault', { pid: 'Demo.Counter', kind: 'crash' });
		await t.node.settle();
		const crashed = t.pidOf('Demo.Counter');
		t.node.exit(t.node.whereis('Demo.Counter')!, 'boom');
		await t.node.settle();
		const res = await t.system.execute('list_restarts', { node: t.node.name });
		const data = res.data as Array<{ oldPid: string; cause?: unknown; reasonText: string }>;
		expect(data.map((r) => [r.oldPid, r.cause])).toEqual([
			[crashed, undefined],
			[faulted, { operation: 'inject_fault', via: 'page' }]
		]);
		expect(data[0].reasonText).toBe('boom');
	});
});

describe('list_restarts', () => {
	it('pages newest first, and filters by time and reason', async () => {
		for (let i = 0; i < 5; i++) await kill('Demo.Counter', 'page');
		const page = await t.request('GET', '/api/v1/analytics/restarts?perPage=2&page=2');
		expect(page.body.meta).toEqual({ total: 5, page: 2, perPage: 2, totalPages: 3 });
		const all = (await t.request('GET', '/api/v1/analytics/restarts')).body.data;
		expect(page.body.data).toEqual(all.slice(2, 4));
		const { at } = all[0];
		const since = await t.request('GET', `/api/v1/analytics/restarts?since=${at}&until=${at}`);
		expect(since.body.meta.total).toBeGreaterThanOrEqual(1);
		expect((await t.request('GET', '/api/v1/analytics/restarts?reason=nope')).body.meta.total).toBe(
			0
		);
	});

	it('answers 422 naming the field for until before since, and for a bad page', async () => {
		const res = await t.request('GET', '/api/v1/analytics/restarts?since=2000&until=1000');
		expect(res.status).toBe(422);
		expect(res.body.error?.details.field).toBe('until');
		const bad = await t.request('GET', '/api/v1/analytics/restarts?perPage=0');
		expect(bad.status).toBe(422);
		expect(bad.body.error?.details.field).toBe('perPage');
	});
});

describe('supervisor figures', () => {
	it('lists every live supervisor, with zeros for those that restarted nothing', async () => {
		await kill('Demo.Counter', 'page');
		const res = await t.request('GET', '/api/v1/analytics/supervisors');
		expect(res.body.meta.persistence).toMatchObject({ status: 'memory' });
		const byName = new Map(res.body.data.map((s: { name?: string }) => [s.name, s]));
		expect(byName.get('Demo.Supervisor')).toMatchObject({
			alive: true,
			restarts: { total: 1, kept: 1, lastMinute: 1 },
			reasons: [{ reason: 'killed', count: 1 }]
		});
		expect(byName.get('SuperLearner.Supervisor')).toMatchObject({
			alive: true,
			restarts: { total: 0 },
			intensity: null,
			lastRestartAt: null
		});
	});

	it('answers one by name or pid, and 404 for a process that is no supervisor', async () => {
		await kill('Demo.Counter', 'page');
		const byName = await t.request('GET', '/api/v1/analytics/supervisors/Demo.Supervisor');
		expect(byName.status).toBe(200);
		expect(byName.body.data).toMatchObject({
			supervisor: t.pidOf('Demo.Supervisor'),
			intensity: { restartsInWindow: 1 }
		});
		const missing = await t.request('GET', '/api/v1/analytics/supervisors/Demo.Counter');
		expect(missing.status).toBe(404);
		expect(missing.body.error?.code).toBe('not_found');
	});
});

describe('export, import, clear', () => {
	it('round-trips an export through clear and import, and skips what is kept', async () => {
		await kill('Demo.Counter', 'page');
		await kill('Demo.Counter', 'rest');
		const exported = (await t.request('GET', '/api/v1/analytics/export')).body.data;
		expect(exported).toMatchObject({ format: 'superlearner.analytics', version: 1 });
		expect(exported.records).toHaveLength(2);
		expect((await t.request('DELETE', '/api/v1/analytics')).body.data).toEqual({ cleared: 2 });
		expect((await t.request('GET', '/api/v1/analytics/restarts')).body.meta.total).toBe(0);
		const imported = await t.request('POST', '/api/v1/analytics/import', exported);
		expect(imported.body.data).toEqual({ imported: 2, duplicates: 0 });
		const again = await t.request('POST', '/api/v1/analytics/import', exported);
		expect(again.body.data).toEqual({ imported: 0, duplicates: 2 });
		const back = (await t.request('GET', '/api/v1/analytics/export')).body.data;
		expect(back.records).toEqual(exported.records);
	});

	it('imports an export file past the REST body limit of other operations', async () => {
		await kill('Demo.Counter', 'page');
		const exported = (await t.request('GET', '/api/v1/analytics/export')).body.data;
		const one = exported.records[0] as RestartRecord;
		// Two supervisors' worth: about 400 KB of JSON, past the 256 KiB other bodies may have.
		const records = Array.from({ length: 2_000 }, (_, i) => ({
			...one,
			supervisor: `<0.${900 + (i % 2)}.0>`,
			at: one.at - i,
			reasonText: `${one.reasonText} ${'·'.repeat(100)}`
		}));
		const big = { ...exported, records };
		expect(JSON.stringify(big).length).toBeGreaterThan(256 * 1024);
		const res = await t.request('POST', '/api/v1/analytics/import', big);
		expect([res.status, res.body.data]).toEqual([200, { imported: 2_000, duplicates: 0 }]);
	});

	it('refuses a file that is not an export, or from a newer version, and loses nothing', async () => {
		await kill('Demo.Counter', 'page');
		const exported = (await t.request('GET', '/api/v1/analytics/export')).body.data;
		const future = await t.request('POST', '/api/v1/analytics/import', { ...exported, version: 2 });
		expect(future.status).toBe(422);
		expect(future.body.error?.details.field).toBe('version');
		expect(future.body.error?.message).toMatch(/newer SuperLearner/);
		const other = await t.request('POST', '/api/v1/analytics/import', { hello: 'world' });
		expect(other.status).toBe(422);
		// A bad record late in a good file: nothing of the file is stored.
		const broken = {
			...exported,
			records: [
				{ ...exported.records[0], at: 1 },
				{ ...exported.records[0], oldPid: 'x' }
			]
		};
		const half = await t.request('POST', '/api/v1/analytics/import', broken);
		expect(half.status).toBe(422);
		expect(half.body.error?.details.field).toBe('records.1.oldPid');
		const kept = (await t.request('GET', '/api/v1/analytics/export')).body.data;
		expect(kept.records).toEqual(exported.records);
	});
});

describe('get_telemetry', () => {
	it("answers the operations' figures and the counted events", async () => {
		await kill('Demo.Counter', 'rest');
		await t.request('GET', '/api/v1/processes/nope');
		const res = await t.request('GET', '/api/v1/analytics/telemetry');
		expect(res.body.data.operations.kill_process).toMatchObject({ started: 1, succeeded: 1 });
		expect(res.body.data.operations.get_process_info).toMatchObject({
			failed: 1,
			errors: { noproc: 1 }
		});
		expect(res.body.data.events).toEqual({
			sandboxesCreated: 0,
			sandboxesDestroyed: 0,
			processesKilled: 1,
			restartsDetected: 1
		});
	});
});
