import { describe, expect, it } from 'vitest';
import type { SandboxStore, SavedScenario } from '$lib/app/autosave';
import type { Step } from '$lib/arsenal/experiment_schemas';
import { SandboxScenario } from './scenario.svelte';

const kill: Step = { kind: 'kill', target: { path: ['counter'] }, reason: 'kill' };
const wait = (ms: number): Step => ({ kind: 'wait', ms });

/** A store holding one saved scenario (or none), that keeps every save. */
function memoryStore(saved: SavedScenario | null = null, failing = false) {
	const saves: SavedScenario[] = [];
	const store = {
		loadScenario: () => (failing ? Promise.reject(new Error('blocked')) : Promise.resolve(saved)),
		saveScenario: (_id: string, scenario: SavedScenario) => {
			if (failing) return Promise.reject(new DOMException('full', 'QuotaExceededError'));
			saves.push(scenario);
			return Promise.resolve();
		}
	} as unknown as SandboxStore;
	return { store, saves };
}

/** Resolves once the saves asked for so far have ended. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SandboxScenario', () => {
	it('reads the saved scenario, with its title, and saves it back as it changes', async () => {
		const saved = { title: 'Kill it', scenario: [kill], clock: 'real' as const, seed: 9 };
		const { store, saves } = memoryStore(saved);
		const scenario = new SandboxScenario('demo', store);
		expect(scenario.loaded).toBe(false);
		await scenario.load();
		expect(scenario.loaded).toBe(true);
		expect(scenario.saved).toEqual(saved);
		scenario.add(wait(500));
		scenario.setSeed(3);
		scenario.move(1, -1);
		await settled();
		expect(saves.at(-1)).toEqual({ ...saved, scenario: [wait(500), kill], seed: 3 });
		expect(saves).toHaveLength(3);
	});

	it('records actions only while recording, with the waits between them', async () => {
		const clock = { now: 0 };
		const { store } = memoryStore();
		const scenario = new SandboxScenario('demo', store, () => clock.now);
		await scenario.load();
		scenario.record(kill);
		expect(scenario.steps).toEqual([]);
		scenario.toggleRecording();
		expect(scenario.recording).toBe(true);
		scenario.record(kill);
		clock.now += 1234;
		scenario.record(kill);
		scenario.toggleRecording();
		scenario.record(kill);
		expect(scenario.steps).toEqual([kill, wait(1200), kill]);
		scenario.remove(1);
		expect(scenario.steps).toEqual([kill, kill]);
	});

	it('starts empty when storage fails, and says why its changes are not saved', async () => {
		const { store } = memoryStore(null, true);
		const scenario = new SandboxScenario('demo', store);
		await scenario.load();
		expect(scenario.loaded).toBe(true);
		expect(scenario.steps).toEqual([]);
		expect(scenario.add(kill)).toBe(true);
		await settled();
		expect(scenario.saveError).toBe("The browser's storage for this site is full.");
	});
});
