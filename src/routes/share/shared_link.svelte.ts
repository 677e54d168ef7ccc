/**
 * The experiment a `/share#<payload>` link holds, read from the page's hash: nothing of it runs
 * here. A link that is not one (cut short, damaged, tampered with, from a newer SuperLearner) is a
 * sentence saying what is wrong.
 */
import type { Experiment } from '$lib/arsenal/experiment_schemas';
import { readPayload } from '$lib/share/experiment_link';
import { sharedSandboxId } from './shared_id';

export class SharedLink {
	phase = $state<'reading' | 'ready' | 'bad'>('reading');
	experiment = $state.raw<Experiment | null>(null);
	problem = $state<string | null>(null);
	/** The sandbox this link runs in. */
	sandboxId = $state('');
	/** Counts the reads: a hash changed meanwhile makes an earlier read's answer stale. */
	#reads = 0;

	async read(hash: string): Promise<void> {
		const current = ++this.#reads;
		this.phase = 'reading';
		const read = await readPayload(hash);
		if (current !== this.#reads) return;
		if (read.ok) {
			this.experiment = read.experiment;
			this.problem = null;
			this.sandboxId = sharedSandboxId(hash);
			this.phase = 'ready';
		} else {
			this.experiment = null;
			this.problem = read.message;
			this.phase = 'bad';
		}
	}
}
