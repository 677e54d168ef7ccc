import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxStore } from '$lib/app/autosave';
import { openSuperLearnerDB } from '$lib/app/db';
import type { SandboxClient } from '$lib/app/sandbox_client';
import { counterTemplate } from '$lib/sandbox/templates/counter';
import { experimentOf, saveAsSandbox, scenarioOf } from './experiment_sandbox';

const DB = 'experiment-sandbox-test';
const opened: { close(): void }[] = [];

afterEach(async () => {
	for (const db of opened.splice(0)) db.close();
	await deleteDB(DB);
});

function testStore(): SandboxStore {
	return new SandboxStore(async () => {
		const db = await openSuperLearnerDB(DB);
		opened.push(db);
		return db;
	});
}

/** A client whose runtime runs the sandboxes `ids`. */
const clientRunning = (...ids: string[]) =>
	({ list: () => Promise.resolve(ids.map((id) => ({ id }))) }) as unknown as SandboxClient;

const saved = {
	scenario: [{ kind: 'kill' as const, target: { path: ['counter'] }, reason: 'kill' }],
	clock: 'virtual' as const,
	seed: 3
};

describe('experimentOf', () => {
	it("makes an experiment of a sandbox's files and scenario, titled by its id unless titled", () => {
		const read = experimentOf('demo', counterTemplate.files, 'main.ts', saved);
		expect(read).toEqual({
			ok: true,
			experiment: {
				version: 1,
				title: 'demo',
				files: counterTemplate.files,
				entry: 'main.ts',
				...saved
			}
		});
		const titled = experimentOf('demo', counterTemplate.files, 'main.ts', {
			...saved,
			title: 'Counter restarts',
			description: 'Kill it.'
		});
		expect(titled.ok && scenarioOf(titled.experiment)).toEqual({
			...saved,
			title: 'Counter restarts',
			description: 'Kill it.'
		});
	});

	it('names the first field that keeps a sandbox from being an experiment', () => {
		expect(experimentOf('demo', { 'main.ts': '' }, 'app.ts', saved)).toEqual({
			ok: false,
			message: 'entry: The entry must be one of the files'
		});
	});
});

describe('saveAsSandbox', () => {
	it('saves the files and the scenario under a free id made from the title', async () => {
		const store = testStore();
		const read = experimentOf('x', counterTemplate.files, 'main.ts', {
			...saved,
			title: 'Counter restarts!'
		});
		if (!read.ok) throw new Error(read.message);
		await store.save('counter-restarts', { 'main.ts': '' }, 'main.ts');
		const id = await saveAsSandbox(read.experiment, store, clientRunning('counter-restarts-2'));
		expect(id).toBe('counter-restarts-3');
		expect((await store.load(id))?.files).toEqual(counterTemplate.files);
		expect(await store.loadScenario(id)).toEqual({ ...saved, title: 'Counter restarts!' });
	});
});
