/**
 * An experiment open in a widget: a sandbox session (files autosaved under the widget's sandbox
 * id, one tab editing it at a time) seeded from the experiment the first time, and the widget's
 * actions on it — Run starts the program afresh and plays the experiment's scenario when it has
 * one, Test runs its test files. Nothing runs until one of them is asked for.
 *
 * ```ts
 * const open = new ExperimentSandbox(client, store);
 * await open.open('embed-3f2a-0', experiment); // the learner's last edits, or the experiment's files
 * await open.run(); // restarts it, then plays its scenario: the scenario's result
 * ```
 */
import { errorCode } from '$lib/arsenal/client';
import type { Experiment, ExperimentResult } from '$lib/arsenal/experiment_schemas';
import type { SandboxStore } from '$lib/app/autosave';
import type { SandboxClient, TestRun } from '$lib/app/sandbox_client';
import type { WidgetStatus } from '$lib/share/embed_protocol';
import { SandboxSession } from '$lib/ui/sandbox/session.svelte';

/** What a run told: a scenario's play, or a run of the tests. */
export type WidgetResult =
	{ kind: 'scenario'; result: ExperimentResult } | { kind: 'tests'; result: TestRun };

export class ExperimentSandbox {
	session = $state.raw<SandboxSession | null>(null);
	experiment = $state.raw<Experiment | null>(null);
	/** Why the experiment could not be opened (the runtime refused its files…). */
	openError = $state<string | null>(null);
	/** The sandbox's status as the widget reports it; a run's build counts as compiling. */
	readonly status: WidgetStatus = $derived(
		this.session?.starting ? 'compiling' : (this.session?.info?.status ?? 'stopped')
	);
	readonly reason: string | undefined = $derived(this.session?.info?.reason ?? undefined);
	/** Whether the widget takes an action now: open, and no other under way. */
	readonly idle: boolean = $derived(
		this.session?.phase === 'ready' && !this.session.action.busy && !this.session.playing
	);
	readonly #client: SandboxClient;
	readonly #store: SandboxStore;

	constructor(client: SandboxClient, store: SandboxStore) {
		this.#client = client;
		this.#store = store;
	}

	/**
	 * Opens `experiment` in the sandbox `id`: with the learner's saved edits if there are any,
	 * unless `replace` (a host loaded another experiment: its files replace them).
	 */
	async open(id: string, experiment: Experiment, { replace = false } = {}): Promise<void> {
		this.session?.dispose();
		const session = new SandboxSession(id, this.#client, this.#store);
		this.session = session;
		this.experiment = experiment;
		this.openError = null;
		const { files, entry } = experiment;
		try {
			if (replace) {
				await this.#store.save(id, files, entry);
				await this.#stopRunning(id);
			} else if (!(await this.#store.load(id).catch(() => null))) {
				// Nothing saved yet: the runtime gets the experiment's files, which the session adopts.
				await this.#client.create(id, files, entry, false).catch((error: unknown) => {
					if (errorCode(error) !== 'conflict') throw error;
				});
			}
		} catch (error) {
			this.openError = error instanceof Error ? error.message : String(error);
			return;
		}
		if (this.session === session) await session.load();
	}

	/** Starts the program afresh from the editor's files, then plays the scenario, if any. */
	async run(): Promise<WidgetResult | null> {
		const session = this.session;
		const experiment = this.experiment;
		if (!session || !experiment || !this.idle) return null;
		if (!(await session.run()) || experiment.scenario.length === 0) return null;
		const { scenario, clock, seed } = experiment;
		await session.play({ scenario, clock, seed });
		return session.played && !session.playError
			? { kind: 'scenario', result: session.played }
			: null;
	}

	/** Runs the test files in a fresh worker; the running program is untouched. */
	async test(): Promise<WidgetResult | null> {
		const session = this.session;
		if (!session || !this.idle) return null;
		await session.test();
		return session.tests ? { kind: 'tests', result: session.tests } : null;
	}

	async stop(): Promise<void> {
		if (this.session?.running && this.idle) await this.session.stop();
	}

	dispose(): void {
		this.session?.dispose();
	}

	/** A program of the experiment shown before keeps running no longer. */
	async #stopRunning(id: string): Promise<void> {
		const info = await this.#client.get(id).catch(() => null);
		if (info?.status === 'running') await this.#client.stop(id);
	}
}
