import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSuperLearnerDB } from './db';
import { Autosaver, SandboxStore, type StashStorage } from './autosave';

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

/** localStorage's part that the stash uses, over a Map. */
function memoryStorage(): StashStorage & { items: Map<string, string> } {
	const items = new Map<string, string>();
	return {
		items,
		getItem: (key) => items.get(key) ?? null,
		setItem: (key, value) => void items.set(key, value),
		removeItem: (key) => void items.delete(key)
	};
}

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
	let resolve = () => {};
	const promise = new Promise<void>((r) => (resolve = r));
	return { promise, resolve };
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

	it('saves and loads a sandbox’s scenario, which remove forgets with its files', async () => {
		const store = testStore();
		expect(await store.loadScenario('demo')).toBeNull();
		const scenario = {
			title: 'Kill the counter',
			scenario: [{ kind: 'kill' as const, target: { path: ['counter'] }, reason: 'kill' }],
			clock: 'real' as const,
			seed: 7
		};
		await store.save('demo', { 'main.ts': '' }, 'main.ts');
		await store.saveScenario('demo', scenario);
		expect(await store.loadScenario('demo')).toEqual(scenario);
		await store.remove('demo');
		expect(await store.loadScenario('demo')).toBeNull();
	});

	it('reads a saved scenario that is not one as none', async () => {
		const db = await openSuperLearnerDB(`autosave-${++count}`);
		opened.push(db);
		await db.put('settings', { scenario: [{ kind: 'wait', ms: 'soon' }] }, 'sandbox-scenario:x');
		expect(await new SandboxStore(() => Promise.resolve(db)).loadScenario('x')).toBeNull();
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

	it('close waits for the write under way, and later saves do nothing', async () => {
		const store = testStore();
		const gate = deferred();
		const save = store.save.bind(store);
		const spy = vi.spyOn(store, 'save').mockImplementation(async (...args) => {
			await gate.promise;
			return save(...args);
		});
		const saver = new Autosaver(store, 'demo');
		saver.schedule({ 'main.ts': '1' }, 'main.ts');
		void saver.flush();
		saver.schedule({ 'main.ts': '2' }, 'main.ts');
		let closed = false;
		const closing = saver.close().then(() => (closed = true));
		await Promise.resolve();
		expect(closed).toBe(false);
		gate.resolve();
		await closing;
		expect((await store.load('demo'))?.files).toEqual({ 'main.ts': '1' });

		await store.remove('demo');
		saver.schedule({ 'main.ts': '3' }, 'main.ts');
		await saver.flush();
		expect(spy).toHaveBeenCalledTimes(1);
		expect(await store.load('demo')).toBeNull();
	});
});

describe('Autosaver stash', () => {
	it('stashes the unsaved files on every edit, and recover prefers them to an older saved copy', async () => {
		const store = testStore();
		await store.save('demo', { 'main.ts': 'old' }, 'main.ts');
		const storage = memoryStorage();
		const before = new Autosaver(store, 'demo', { storage });
		before.schedule({ 'main.ts': 'typ' }, 'main.ts');
		before.schedule({ 'main.ts': 'typed' }, 'main.ts');
		before.cancel(); // the tab closed before the write: its timer never fires

		const after = new Autosaver(store, 'demo', { storage });
		const saved = after.recover(await store.load('demo'));
		expect(saved).toMatchObject({ files: { 'main.ts': 'typed' }, entry: 'main.ts' });
		expect(after.pending).toBe(true);
		expect(storage.items.size).toBe(1);
		await after.flush();
		expect((await store.load('demo'))?.files).toEqual({ 'main.ts': 'typed' });
		expect(storage.items.size).toBe(0);
	});

	it('stashes a write still under way, and a finished write clears the stash', async () => {
		const store = testStore();
		const storage = memoryStorage();
		const saver = new Autosaver(store, 'demo', { storage });
		saver.schedule({ 'main.ts': 'a' }, 'main.ts');
		const writing = saver.flush();
		expect(saver.readStash()?.files).toEqual({ 'main.ts': 'a' });
		await writing;
		expect(saver.readStash()).toBeNull();
		expect(storage.items.size).toBe(0);
	});

	it('recover drops a stash older than the saved copy, or one it cannot read', async () => {
		const store = testStore();
		const storage = memoryStorage();
		const now = vi.spyOn(Date, 'now').mockReturnValue(1000);
		const first = new Autosaver(store, 'demo', { storage });
		first.schedule({ 'main.ts': 'stashed' }, 'main.ts');
		first.cancel();
		now.mockReturnValue(2000);
		await store.save('demo', { 'main.ts': 'newer' }, 'main.ts');
		now.mockRestore();

		const saver = new Autosaver(store, 'demo', { storage });
		expect(saver.recover(await store.load('demo'))?.files).toEqual({ 'main.ts': 'newer' });
		expect(saver.pending).toBe(false);
		expect(storage.items.size).toBe(0);

		storage.setItem('superlearner:sandbox-unsaved:demo', '{"files": 1}');
		expect(saver.recover(null)).toBeNull();
		expect(storage.items.size).toBe(0);
	});

	it('keeps sandboxes’ stashes apart, and close clears its own', async () => {
		const store = testStore();
		const storage = memoryStorage();
		const a = new Autosaver(store, 'a', { storage });
		const b = new Autosaver(store, 'b', { storage });
		a.schedule({ 'main.ts': 'a' }, 'main.ts');
		b.schedule({ 'main.ts': 'b' }, 'main.ts');
		expect(b.readStash()?.files).toEqual({ 'main.ts': 'b' });
		await a.close();
		expect(a.readStash()).toBeNull();
		expect(b.readStash()?.files).toEqual({ 'main.ts': 'b' });
		b.cancel();
	});
});
