/**
 * A shared experiment run at the learner's click, never before: its sandbox is made (or, for a
 * link run before in this tab, given the link's files again), started afresh from them and the
 * scenario played in the sandbox's own worker, never on the page's thread.
 */
import type { ExperimentRun, SandboxClient, SandboxDetail } from '$lib/app/sandbox_client';
import { errorCode } from '$lib/arsenal/client';
import type { Experiment } from '$lib/arsenal/experiment_schemas';
import { errorMessage } from '$lib/observer/text';

export class SharedRun {
	phase = $state<'idle' | 'running' | 'done' | 'failed'>('idle');
	/** The sandbox as the runtime last answered: its root, for the live tree. */
	info = $state.raw<SandboxDetail | null>(null);
	result = $state.raw<ExperimentRun | null>(null);
	error = $state<string | null>(null);
	readonly #client: SandboxClient;

	constructor(client: SandboxClient) {
		this.#client = client;
	}

	async run(id: string, { files, entry, scenario, clock, seed }: Experiment): Promise<void> {
		this.phase = 'running';
		this.error = null;
		try {
			await this.#client.create(id, files, entry, false).catch(async (error: unknown) => {
				if (errorCode(error) !== 'conflict') throw error;
				await this.#client.update(id, files, entry);
			});
			this.result = await this.#client.runExperiment(id, scenario, { clock, seed });
			this.phase = 'done';
		} catch (error) {
			const code = errorCode(error);
			this.error = code ? `${errorMessage(error)} (${code})` : errorMessage(error);
			this.phase = 'failed';
		} finally {
			await this.refresh(id);
		}
	}

	/** Reads the runtime's view of the sandbox again; quiet on failure (the next read retries). */
	async refresh(id: string): Promise<void> {
		this.info = await this.#client.get(id).catch(() => this.info);
	}
}
