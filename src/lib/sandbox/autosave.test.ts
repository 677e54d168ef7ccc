import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSuperLearnerDB } from '$lib/analytics/db';
import { Autosaver, SandboxStore } from './autosave';

let count = 0;
const opened: { close(): void }[] = [];

/** A store over a fresh database per test. */
function testStore(): SandboxStore {
	const name = `autosave-${++count}`;
	return new SandboxStore(async () => {
		const db = await openSuperLearnerDB(name);
		opened.push(db);
		return db;
	});
}

afterEach(async () => {
	vi.useRealTimers();
	for (const db of opened.splice(0)) db.close();
	for (; count > 0; count--) await deleteDB(`autosave-${count}`);
});

describe('SandboxStore', () => {
	it('saves and loads a sandbox’s files and entry', async () => {
		const store = testStore();
		await store.save('demo', { 'main.ts': 'main', 'lib/a.ts': 'a' }, 'main.ts');
		const saved = await store.load('demo');
		expect(saved).toMatchObject({
			id: 'demo',
			files: { 'main.ts': 'main', 'lib/a.ts': 'a' },
			entry: 'main.ts'
		});
		expect(saved?.updatedAt).toBeGreaterThan(0);
		expect(await store.load('other')).toBeNull();
	});

	it('replaces the saved files, so a renamed or deleted file goes away', async () => {
		const store = testStore();
		await store.save('demo', { 'main.ts': '1', 'old.ts': 'x' }, 'main.ts');
		await store.save('demo', { 'app.ts': '2', 'new.ts': 'y' }, 'app.ts');
		expect(await store.load('demo')).toMatchObject({
			files: { 'app.ts': '2', 'new.ts': 'y' },
			entry: 'app.ts'
		});
	});

	it('keeps sandboxes apart, even with ids that prefix each other', async () => {
		const store = testStore();
		await store.save('a', { 'main.ts': 'a' }, 'main.ts');
		await store.save('a-b', { 'main.ts': 'ab', 'x.ts': 'x' }, 'main.ts');
		await store.remove('a');
		expect(await store.load('a')).toBeNull();
		expect((await store.load('a-b'))?.files).toEqual({ 'main.ts': 'ab', 'x.ts': 'x' });
	});

	it('lists saved sandboxes, the most recent first, with their file counts', async () => {
		const store = testStore();
		const now = vi.spyOn(Date, 'now').mockReturnValue(1000);
		await store.save('first', { 'main.ts': '' }, 'main.ts');
		now.mockReturnValue(2000);
		await store.save('second', { 'main.ts': '', 'b.ts': '' }, 'main.ts');
		now.mockRestore();
		expect(await store.list()).toEqual([
			{ id: 'second', fileCount: 2, updatedAt: 2000 },
			{ id: 'first', fileCount: 1, updatedAt: 1000 }
		]);
	});

	it('retries opening the database after a failure', async () => {
		let attempts = 0;
		const store = new SandboxStore(() => {
			attempts++;
			return Promise.reject(new Error('blocked'));
		});
		await expect(store.list()).rejects.toThrow('blocked');
		await expect(store.list()).rejects.toThrow('blocked');
		expect(attempts).toBe(2);
	});
});

describe('Autosaver', () => {
	it('writes once, the last files, a delay after the last edit', async () => {
		vi.useFakeTimers();
		const store = testStore();
		const save = vi.spyOn(store, 'save');
		const onsaved = vi.fn();
		const saver = new Autosaver(store, 'demo', { delayMs: 300, onsaved });
		saver.schedule({ 'main.ts': 'a' }, 'main.ts');
		await vi.advanceTimersByTimeAsync(200);
		saver.schedule({ 'main.ts': 'ab' }, 'main.ts');
		await vi.advanceTimersByTimeAsync(200);
		expect(save).not.toHaveBeenCalled();
		expect(saver.pending).toBe(true);
		await vi.advanceTimersByTimeAsync(100);
		await vi.waitFor(() => expect(onsaved).toHaveBeenCalledWith(null));
		expect(save).toHaveBeenCalledTimes(1);
		expect(saver.pending).toBe(false);
		vi.useRealTimers();
		expect((await store.load('demo'))?.files).toEqual({ 'main.ts': 'ab' });
	});

	it('flush writes at once, and in order with earlier saves', async () => {
		const store = testStore();
		const saver = new Autosaver(store, 'demo');
		saver.schedule({ 'main.ts': '1' }, 'main.ts');
		const first = saver.flush();
		saver.schedule({ 'main.ts': '2' }, 'main.ts');
		await Promise.all([first, saver.flush()]);
		expect((await store.load('demo'))?.files).toEqual({ 'main.ts': '2' });
	});

	it('reports a failed write, and cancel forgets what waits', async () => {
		const store = testStore();
		vi.spyOn(store, 'save').mockRejectedValue(new Error('quota'));
		const onsaved = vi.fn();
		const saver = new Autosaver(store, 'demo', { onsaved });
		saver.schedule({ 'main.ts': '1' }, 'main.ts');
		await expect(saver.flush()).rejects.toThrow('quota');
		expect(onsaved).toHaveBeenCalledWith(expect.objectContaining({ message: 'quota' }));
		saver.schedule({ 'main.ts': '2' }, 'main.ts');
		saver.cancel();
		expect(saver.pending).toBe(false);
		await saver.flush();
		expect(onsaved).toHaveBeenCalledTimes(1);
	});
});
