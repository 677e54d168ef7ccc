import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GenServer, Supervisor, type GenServerModule, type Pid, type SupFlags } from '$lib/runtime';
import { testSystem } from '$lib/testing/arsenal';
import { okPid, supervisorOf } from '$lib/testing/runtime';
import { Analytics, openAnalyticsStorage } from './analytics';
import { AnalyticsDb, ANALYTICS_DB } from './db';
import { ANALYTICS_SERVER, PERSIST_INTERVAL_MS } from './server';

type TestSystem = Awaited<ReturnType<typeof testSystem>>;

const Idle: GenServerModule<null> = { init: () => ['ok', null] };

let t: TestSystem | undefined;
afterEach(async () => {
	await t?.system.shutdown();
	t = undefined;
	vi.restoreAllMocks();
	indexedDB.deleteDatabase(ANALYTICS_DB);
});

/** A supervisor of children a, b and c on the system node; answers its pid and the children's. */
async function threeChildren(flags: SupFlags) {
	t = await testSystem({ demo: false });
	const children = ['a', 'b', 'c'].map((id) => GenServer.childSpec(Idle, undefined, { id }));
	const sup = okPid(await Supervisor.start(t.node, supervisorOf(flags, children), undefined));
	const pidOf = async (id: string) =>
		(await Supervisor.whichChildren(t!.node, sup)).find((c) => c.id === id)!.pid as Pid;
	return { sup, pidOf };
}

describe('AnalyticsServer', () => {
	it.each([
		['one_for_one', ['b']],
		['one_for_all', ['a', 'b', 'c']],
		['rest_for_one', ['b', 'c']]
	] as const)(
		'counts each child %s restarts as a restart of its supervisor, caused by the kill',
		async (strategy, ids) => {
			const { sup, pidOf } = await threeChildren({ strategy, intensity: 10, period: 5 });
			const killed = await pidOf('b');
			await t!.system.execute('kill_process', { pid: String(killed) });
			await t!.node.settle();
			const history = t!.system.analytics.store.history(t!.node.name, String(sup))!;
			expect(history.total).toBe(ids.length);
			expect(history.records.map((r) => r.childId).sort()).toEqual([...ids]);
			const b = history.records.find((r) => r.childId === 'b')!;
			expect(b).toMatchObject({
				oldPid: String(killed),
				reason: 'killed',
				intensity: 10,
				period: 5
			});
			expect(b.newPid).toBe(String(await pidOf('b')));
			// The siblings restarted in the same pass, before and after b, share the kill as cause.
			expect(history.records.map((r) => r.cause)).toEqual(
				ids.map(() => ({ operation: 'kill_process', via: 'page' }))
			);
			// Against the intensity the supervisor counts the one exit, as OTP's does.
			const stats = (await t!.system.execute('get_supervisor_analytics', { pid: String(sup) }))
				.data as { intensity: { restartsInWindow: number; use: number } };
			expect(stats.intensity).toMatchObject({ restartsInWindow: 1, use: 0.1 });
		}
	);

	it('notes the supervisor that gave up, and emits restart_detected for each restart', async () => {
		const { sup, pidOf } = await threeChildren({
			strategy: 'one_for_one',
			intensity: 1,
			period: 5
		});
		const detected: unknown[] = [];
		t!.telemetry.attach('test', 'superlearner.analytics.restart_detected', (_e, m, meta) =>
			detected.push([m, meta])
		);
		t!.node.exit(await pidOf('a'), 'kill');
		await t!.node.settle();
		t!.node.exit(await pidOf('a'), 'kill');
		await t!.node.settle();
		const history = t!.system.analytics.store.history(t!.node.name, String(sup))!;
		expect(history.gaveUp?.reason).toMatch(/^reached_max_restart_intensity \(2 restarts in 5 s/);
		expect(history.exitedAt).toBeTypeOf('number');
		expect(detected).toEqual([
			[
				{ count: 1 },
				{ node: t!.node.name, supervisor: String(sup), childId: 'a', reason: 'killed' }
			]
		]);
	});

	it('writes a batch per transaction, at most every 250 ms, and a fresh store restores it', async () => {
		const analytics = new Analytics({ storage: await openAnalyticsStorage() });
		expect(analytics.persistence).toEqual({ status: 'saved' });
		t = await testSystem({ demo: false, analytics });
		const writes = vi.spyOn(IDBDatabase.prototype, 'transaction');
		const readwrite = () => writes.mock.calls.filter((c) => c[1] === 'readwrite').length;
		const children = ['a', 'b'].map((id) => GenServer.childSpec(Idle, undefined, { id }));
		const flags = { strategy: 'one_for_all', intensity: 100, period: 1 } as const;
		const sup = okPid(await Supervisor.start(t.node, supervisorOf(flags, children), undefined));
		const killA = async () => {
			const a = (await Supervisor.whichChildren(t!.node, sup)).find((c) => c.id === 'a')!;
			t!.node.exit(a.pid as Pid, 'kill');
			await t!.node.settle();
		};
		await killA();
		await killA();
		await t.node.advance(PERSIST_INTERVAL_MS - 1);
		await analytics.flushed();
		expect(readwrite()).toBe(0);
		await t.node.advance(1);
		await analytics.flushed();
		expect(readwrite()).toBe(1);
		// Restarts just after a write wait for the next interval.
		await killA();
		await t.node.advance(PERSIST_INTERVAL_MS - 1);
		await analytics.flushed();
		expect(readwrite()).toBe(1);
		await t.node.advance(1);
		await analytics.flushed();
		expect(readwrite()).toBe(2);

		const fresh = new Analytics({ storage: await openAnalyticsStorage() });
		const pids = (a: Analytics) => a.store.restarts().map((r) => `${r.childId} ${r.oldPid}`);
		expect(pids(fresh).sort()).toEqual(pids(analytics).sort());
		expect(fresh.store.size).toBe(6);
	});

	it('trims what is stored to maxEventsPerSupervisor', async () => {
		const db = await AnalyticsDb.open();
		const analytics = new Analytics({
			maxEventsPerSupervisor: 3,
			storage: { db, restored: [] }
		});
		for (let at = 1; at <= 5; at++) {
			analytics.observe(
				'n@x',
				[{ type: 'restart', supervisor: '<0.1.0>', childId: 'w', reason: 'boom', at }],
				(nodeAt) => nodeAt
			);
			await analytics.persist();
		}
		const stored = await db.load();
		expect(stored.flatMap((h) => h.records.map((r) => r.at))).toEqual([3, 4, 5]);
		expect(analytics.store.history('n@x', '<0.1.0>')!.total).toBe(5);
		// The total comes back with the history: it counts the restarts retention dropped.
		const fresh = new Analytics({ maxEventsPerSupervisor: 3, storage: { db, restored: stored } });
		expect(fresh.store.history('n@x', '<0.1.0>')!.total).toBe(5);
	});

	it('keeps working in memory, and says why, when IndexedDB refuses', async () => {
		vi.spyOn(indexedDB, 'open').mockImplementation(() => {
			throw new DOMException('The user denied permission', 'SecurityError');
		});
		const refused = new Analytics({ storage: await openAnalyticsStorage() });
		expect(refused.persistence).toEqual({
			status: 'memory',
			reason: 'IndexedDB refused: SecurityError: The user denied permission'
		});
		vi.restoreAllMocks();

		// A write that fails (the database went away under it: as a full disk, a failed write).
		const db = await AnalyticsDb.open();
		const analytics = new Analytics({ storage: { db, restored: [] } });
		db.close();
		analytics.observe(
			'n@x',
			[{ type: 'restart', supervisor: '<0.1.0>', childId: 'w', reason: 'boom', at: 1 }],
			(at) => at
		);
		await analytics.persist();
		expect(analytics.persistence.status).toBe('memory');
		expect(analytics.persistence.reason).toMatch(/^IndexedDB refused a write: InvalidStateError/);
		expect(analytics.store.size).toBe(1);
	});

	it('is a system process: 403 without force, and killed with force its history stays', async () => {
		const { sup, pidOf } = await threeChildren({
			strategy: 'one_for_one',
			intensity: 10,
			period: 5
		});
		t!.node.exit(await pidOf('a'), 'kill');
		await t!.node.settle();
		const refused = await t!.request('DELETE', `/api/v1/processes/${ANALYTICS_SERVER}`);
		expect(refused.status).toBe(403);
		const old = t!.node.whereis(ANALYTICS_SERVER);
		const killed = await t!.request('DELETE', `/api/v1/processes/${ANALYTICS_SERVER}?force=true`);
		expect(killed.status).toBe(200);
		await t!.node.settle();
		expect(t!.node.whereis(ANALYTICS_SERVER)).not.toBe(old);
		// The supervisor restarted the server: the kill is a restart in the history too.
		const res = await t!.request('GET', `/api/v1/analytics/restarts?supervisor=${String(sup)}`);
		expect(res.body.data).toHaveLength(1);
		// The new server's listeners record, once each.
		t!.node.exit(await pidOf('a'), 'kill');
		await t!.node.settle();
		const again = await t!.request('GET', `/api/v1/analytics/supervisors/${String(sup)}`);
		expect(again.body.data).toMatchObject({ restarts: { total: 2 } });
		const own = await t!.request(
			'GET',
			`/api/v1/analytics/restarts?supervisor=SuperLearner.Supervisor`
		);
		expect(own.body.data).toMatchObject([
			{
				childId: ANALYTICS_SERVER,
				reason: 'killed',
				cause: { operation: 'kill_process', via: 'rest' }
			}
		]);
	});
});
