import 'fake-indexeddb/auto';
import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DB_VERSION, describeStorageError, openSuperLearnerDB } from './db';

let count = 0;
const opened: { close(): void }[] = [];

/** A fresh database per test, as idb's own test utils do. */
async function openTestDB(name = `test-db-${++count}`) {
	const db = await openSuperLearnerDB(name);
	opened.push(db);
	return db;
}

afterEach(async () => {
	vi.unstubAllGlobals();
	for (const db of opened.splice(0)) db.close();
	for (; count > 0; count--) await deleteDB(`test-db-${count}`);
});

describe('openSuperLearnerDB', () => {
	it('creates the stores with their keys and index', async () => {
		const db = await openTestDB();
		expect(db.version).toBe(DB_VERSION);
		expect([...db.objectStoreNames].sort()).toEqual(['events', 'files', 'lessons', 'settings']);
		const tx = db.transaction(['events', 'files', 'settings']);
		expect(tx.objectStore('events').autoIncrement).toBe(true);
		expect([...tx.objectStore('events').indexNames]).toEqual(['by-supervisor']);
		expect(tx.objectStore('files').keyPath).toEqual(['sandboxId', 'path']);
		expect(tx.objectStore('settings').keyPath).toBeNull();
		await tx.done;
		expect(db.transaction('lessons').store.keyPath).toBe('slug');
	});

	it('upgrades a version 1 database: its data stays, the lessons store is added', async () => {
		const name = `test-db-${++count}`;
		const v1 = await openDB(name, 1, {
			upgrade(db) {
				const events = db.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
				events.createIndex('by-supervisor', 'supervisor');
				db.createObjectStore('files', { keyPath: ['sandboxId', 'path'] });
				db.createObjectStore('settings');
			}
		});
		await v1.put('settings', 'dark', 'theme');
		v1.close();

		const db = await openTestDB(name);
		expect(db.objectStoreNames.contains('lessons')).toBe(true);
		expect(await db.get('settings', 'theme')).toBe('dark');
	});

	it('numbers events and finds them by supervisor', async () => {
		const db = await openTestDB();
		const tx = db.transaction('events', 'readwrite');
		await Promise.all([
			tx.store.add({ supervisor: 'demo_sup', type: 'restart', at: 1 }),
			tx.store.add({ supervisor: 'other_sup', type: 'restart', at: 2 }),
			tx.store.add({ supervisor: 'demo_sup', type: 'crash', at: 3 }),
			tx.done
		]);
		const events = await db.getAllFromIndex('events', 'by-supervisor', 'demo_sup');
		expect(events.map((e) => [e.id, e.type])).toEqual([
			[1, 'restart'],
			[3, 'crash']
		]);
	});

	it('keys sandbox files by sandbox and path, and keeps data across reopening', async () => {
		const name = `test-db-${++count}`;
		const first = await openSuperLearnerDB(name);
		await first.put('files', { sandboxId: 's1', path: 'a.ts', content: 'one', updatedAt: 1 });
		await first.put('files', { sandboxId: 's1', path: 'a.ts', content: 'two', updatedAt: 2 });
		await first.put('files', { sandboxId: 's2', path: 'a.ts', content: 'other', updatedAt: 2 });
		await first.put('settings', 'dark', 'theme');
		first.close();

		const again = await openTestDB(name);
		expect(await again.get('files', ['s1', 'a.ts'])).toMatchObject({ content: 'two' });
		expect(await again.count('files')).toBe(2);
		expect(await again.get('settings', 'theme')).toBe('dark');
	});

	it('rejects with code unavailable when the browser has no IndexedDB', async () => {
		vi.stubGlobal('indexedDB', undefined);
		const error = await openSuperLearnerDB('never').catch((e: unknown) => e);
		expect(error).toMatchObject({ code: 'unavailable' });
		expect(describeStorageError(error)).toBe('This browser has no IndexedDB.');
	});
});

describe('describeStorageError', () => {
	it('explains a full quota and a blocked storage in plain words', () => {
		expect(describeStorageError(new DOMException('full', 'QuotaExceededError'))).toBe(
			"The browser's storage for this site is full."
		);
		expect(describeStorageError(new DOMException('nope', 'InvalidStateError'))).toContain(
			'private browsing'
		);
		expect(describeStorageError(new Error('disk on fire'))).toBe(
			'The browser refused to open storage: disk on fire'
		);
	});
});
