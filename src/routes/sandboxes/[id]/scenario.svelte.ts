/**
 * The editor's scenario: steps recorded from what the learner does or added by hand, and the
 * clock and seed to play them on; saved with the sandbox on every change (the `settings` store),
 * so a reload or a crash loses none of it.
 */
import type { SandboxStore, SavedScenario } from '$lib/app/autosave';
import { describeStorageError } from '$lib/app/db';
import type { Step } from '$lib/arsenal/experiment_schemas';
import { appendSteps, moveStep, removeStep, ScenarioRecorder } from './recorder';

export class SandboxScenario {
	readonly id: string;
	steps = $state.raw<readonly Step[]>([]);
	clock = $state<'virtual' | 'real'>('virtual');
	seed = $state(1);
	/** Until the saved scenario is read, nothing may change it (a change would be overwritten). */
	loaded = $state(false);
	recording = $state(false);
	saveError = $state<string | null>(null);
	#title: string | undefined;
	#description: string | undefined;
	readonly #store: SandboxStore;
	readonly #recorder: ScenarioRecorder;
	/** Saves are chained: an older one never lands after a newer one. */
	#saving: Promise<void> = Promise.resolve();

	constructor(id: string, store: SandboxStore, now?: () => number) {
		this.id = id;
		this.#store = store;
		this.#recorder = new ScenarioRecorder(now);
	}

	/** Reads the saved scenario; a storage failure leaves an empty one (saving says it fails). */
	async load(): Promise<void> {
		try {
			const saved = await this.#store.loadScenario(this.id);
			if (saved) this.#show(saved);
		} catch {
			// An empty scenario; the first change tries to save it and says why it could not.
		} finally {
			this.loaded = true;
		}
	}

	/** The scenario as it is saved, shared and exported. */
	get saved(): SavedScenario {
		return {
			...(this.#title !== undefined && { title: this.#title }),
			...(this.#description !== undefined && { description: this.#description }),
			scenario: [...this.steps],
			clock: this.clock,
			seed: this.seed
		};
	}

	toggleRecording(): void {
		if (this.recording) this.#recorder.stop();
		else this.#recorder.start();
		this.recording = this.#recorder.recording;
	}

	/** An action the learner took: a step (after its wait) while recording. */
	record(step: Step): void {
		this.#change(this.#recorder.record(this.steps, step));
	}

	/** Steps added by hand; false when the scenario has no room for them. */
	add(...steps: Step[]): boolean {
		const before = this.steps;
		this.#change(appendSteps(before, steps));
		return this.steps !== before;
	}

	remove(index: number): void {
		this.#change(removeStep(this.steps, index));
	}

	move(index: number, by: number): void {
		this.#change(moveStep(this.steps, index, by));
	}

	setClock(clock: 'virtual' | 'real'): void {
		this.clock = clock;
		this.#save();
	}

	setSeed(seed: number): void {
		this.seed = seed;
		this.#save();
	}

	#change(steps: readonly Step[]): void {
		if (steps === this.steps) return;
		this.steps = steps;
		this.#save();
	}

	#show(saved: SavedScenario): void {
		this.#title = saved.title;
		this.#description = saved.description;
		this.steps = saved.scenario;
		this.clock = saved.clock;
		this.seed = saved.seed;
	}

	#save(): void {
		const saved = this.saved;
		this.#saving = this.#saving.then(() =>
			this.#store.saveScenario(this.id, saved).then(
				() => void (this.saveError = null),
				(error: unknown) => void (this.saveError = describeStorageError(error))
			)
		);
	}
}
