// A reload: one runtime worker journals its sandboxes in IndexedDB, the next one (a fresh
// SystemHost over the same database) starts the running ones again from their files.
import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXAMPLE_FILES } from '$lib/arsenal/sandbox_examples';
import { Telemetry } from '$lib/arsenal/telemetry';
import type { SandboxInfoOut, SandboxSummaryOut } from '$lib/arsenal/sandbox_schemas';
import { restTo } from '$lib/testing/arsenal';
import { inThreadWorkers, warmCompiler, type InThreadWorkers } from '$lib/testing/sandbox';
import { IndexedDbJournal } from './sandboxes/journal_idb';
import { SystemHost } from './host';

let count = 0;
const running: Array<{ host: SystemHost; workers: InThreadWorkers; journal: IndexedDbJournal }> =
	[];

beforeAll(warmCompiler, 30_000);

afterEach(async () => {
	for (const { host, workers, journal } of running.splice(0)) {
		await host.shutdown();
		workers.closeAll();
		journal.close();
	}
});

/** One "tab": a runtime worker's SystemHost over the journal in database `db`. */
async function openTab(db: string) {
	const journal = await IndexedDbJournal.open(db);
	const saved = await journal.load();
	const workers = inThreadWorkers();
	const host = await SystemHost.start({
		clock: 'virtual',
		rateLimit: false,
		telemetry: new Telemetry(),
		demo: false,
		saved,
		sandboxes: { ...workers.options, journal }
	});
	running.push({ host, workers, journal });
	const request = restTo(() => host.current());
	const list = async () =>
		(await request('GET', '/api/v1/sandboxes')).body.data as SandboxSummaryOut[];
	const info = async (id: string) =>
		(await request('GET', `/api/v1/sandboxes/${id}`)).body.data as SandboxInfoOut;
	/** Resolves once the sandboxes found in the journal have been started (or failed to). */
	const restored = () =>
		vi.waitFor(
			async () => expect((await list()).every((s) => s.status !== 'compiling')).toBe(true),
			{ timeout: 20_000 }
		);
	/** Ends the tab as a reload does: its writes land, then nothing of it is left. */
	const close = async () => {
		await journal.flushed();
		const i = running.findIndex((r) => r.host === host);
		await host.shutdown();
		workers.closeAll();
		journal.close();
		running.splice(i, 1);
	};
	return { host, request, list, info, restored, close };
}

async function freshDb(): Promise<string> {
	const name = `reload-${++count}`;
	await deleteDB(name);
	return name;
}

describe('a reload', { timeout: 30_000 }, () => {
	it('starts every sandbox that was running again from its files, and keeps the stopped ones', async () => {
		const db = await freshDb();
		const first = await openTab(db);
		await first.request('POST', '/api/v1/sandboxes', { id: 'a', files: EXAMPLE_FILES });
		await first.request('POST', '/api/v1/sandboxes', {
			id: 'idle',
			files: EXAMPLE_FILES,
			run: false
		});
		await first.request('POST', '/api/v1/sandboxes', {
			id: 'b',
			files: EXAMPLE_FILES,
			memoryBudgetMb: 64
		});
		await first.request('POST', '/api/v1/sandboxes/b/stop', {});
		const before = await first.info('a');
		await first.close();

		const second = await openTab(db);
		await second.restored();
		expect((await second.list()).map((s) => [s.id, s.status])).toEqual([
			['a', 'running'],
			['idle', 'stopped'],
			['b', 'stopped']
		]);
		const a = await second.info('a');
		expect(a).toMatchObject({ files: EXAMPLE_FILES, entry: before.entry });
		// Its node has a number the earlier run never used: an old pid names no new process.
		expect(a.nodeNumber).toBeGreaterThan(before.nodeNumber!);
		expect(a.root).not.toBe(before.root);
		expect((await second.info('b')).memoryBudgetMb).toBe(64);
		const lines = (await second.request('GET', '/api/v1/sandboxes/a/console')).body.data as Array<{
			text: string;
		}>;
		expect(lines.map((l) => l.text)).toContain(
			'restarted after reload from its saved files: new pids (those of the earlier run are gone)'
		);
		// A reload is no incident of the system's.
		expect(second.host.health).toEqual({ status: 'ok' });
		expect(second.host.info().incidents).toEqual([]);
	});

	it('never gives a node number of an earlier run to a new node', async () => {
		const db = await freshDb();
		const first = await openTab(db);
		await first.request('POST', '/api/v1/sandboxes', { id: 'only', files: EXAMPLE_FILES });
		await first.request('POST', '/api/v1/sandboxes/only/restart', {});
		const before = await first.info('only');
		await first.close();

		const second = await openTab(db);
		await second.restored();
		const after = await second.info('only');
		expect(after.status).toBe('running');
		expect(after.nodeNumber).toBe(before.nodeNumber! + 1);
	});

	it('keeps the files last given, and forgets a destroyed sandbox', async () => {
		const db = await freshDb();
		const first = await openTab(db);
		await first.request('POST', '/api/v1/sandboxes', { id: 'kept', files: EXAMPLE_FILES });
		await first.request('POST', '/api/v1/sandboxes', { id: 'gone', files: EXAMPLE_FILES });
		const edited = { ...EXAMPLE_FILES, 'notes.ts': 'export const note = "edited";\n' };
		await first.request('PUT', '/api/v1/sandboxes/kept', { files: edited });
		await first.request('DELETE', '/api/v1/sandboxes/gone');
		await first.close();

		const second = await openTab(db);
		await second.restored();
		expect((await second.list()).map((s) => s.id)).toEqual(['kept']);
		expect((await second.info('kept')).files).toEqual(edited);
	});

	it('says why a sandbox that was running did not start again', async () => {
		const db = await freshDb();
		const journal = await IndexedDbJournal.open(db);
		const broken = { 'main.ts': 'export function start( {' };
		journal.save({
			id: 'broken',
			files: broken,
			entry: 'main.ts',
			memoryBudgetMb: 256,
			running: true,
			createdAt: 1,
			savedAt: 1
		});
		journal.saveNextNumber(7);
		await journal.flushed();
		journal.close();
		const tab = await openTab(db);
		await tab.restored();
		const sb = await tab.info('broken');
		expect(sb.status).toBe('failed');
		expect(sb.reason).toMatch(/main\.ts:1:\d+/);
		expect(sb.files).toEqual(broken);
	});
});
