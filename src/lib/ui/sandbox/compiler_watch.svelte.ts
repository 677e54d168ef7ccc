/**
 * What the runtime's sandbox compiler is doing, for the steps of a run: downloading (with its
 * bytes), preparing, compiling. Follows the runtime worker of the moment.
 *
 * ```ts
 * const watch = new CompilerWatch();
 * $effect(() => (runtime.api ? watch.follow(runtime.api) : undefined));
 * ```
 */
import { proxy, type Remote } from 'comlink';
import type { RuntimeApi } from '$lib/system/api';
import type { CompilerStep } from '$lib/system/sandboxes/compiler';

export class CompilerWatch {
	step = $state.raw<CompilerStep>({ phase: 'not_loaded' });
	/** How many builds have ended since the page opened: a run's build is done once it grows. */
	builds = $state(0);
	#buildEnded: Array<() => void> = [];

	/** Resolves when the next build ends (the one under way, if any). */
	nextBuild(): Promise<void> {
		return new Promise((resolve) => this.#buildEnded.push(resolve));
	}

	/** Hears `api`'s compiler until the function returned is called. */
	follow(api: Remote<RuntimeApi>): () => void {
		const watching = api.watchCompiler(
			proxy((step: CompilerStep) => {
				if (this.step.phase === 'compiling' && step.phase !== 'compiling') {
					this.builds++;
					for (const resolve of this.#buildEnded.splice(0)) resolve();
				}
				this.step = step;
			})
		);
		watching.catch(() => {});
		return () => void watching.then((id) => api.unsubscribe(id)).catch(() => {});
	}
}
