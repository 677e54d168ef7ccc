/**
 * Playing an experiment's scenario on a sandbox: its reload steps are built first (a scenario
 * whose code does not compile plays nothing), then the sandbox starts afresh from its files in
 * a new worker on the scenario's clock and seed, and the worker plays the steps
 * (sandbox/host/experiment.ts). The start runs in the manager's turn, as a Run does; the
 * playing, which lasts as long as its waits, in a process of its own.
 */
import type { ProcessContext } from '$lib/runtime';
import { ArsenalError } from '$lib/arsenal/errors';
import type { ExperimentResult } from '$lib/arsenal/experiment_schemas';
import type { SandboxRequest } from '$lib/arsenal/sandbox_schemas';
import type { ExperimentRequest } from '$lib/sandbox/protocol';
import { compile, endedError, endedMeanwhile, startSandbox, type RunnerOptions } from './runner';
import type { Sandbox } from './sandbox';

type Play = Extract<SandboxRequest, { type: 'experiment' }>;

/** Starts the sandbox for the scenario; the answer plays it. */
export async function startExperiment(
	sb: Sandbox,
	opts: RunnerOptions,
	ctx: ProcessContext,
	{ scenario, clock, seed }: Play
): Promise<() => Promise<ExperimentResult>> {
	const reloads = await buildReloads(sb, opts, scenario);
	await startSandbox(sb, opts, ctx, { clock, seed, preloadOperations: true });
	const worker = sb.worker!;
	const request: ExperimentRequest = { steps: scenario, reloads, clock, seed };
	return async () => {
		try {
			return await worker.api.experiment(request);
		} catch (error) {
			if (endedMeanwhile(sb, worker)) throw endedError(sb);
			if (sb.worker !== worker) {
				throw new ArsenalError(
					'conflict',
					`Sandbox '${sb.id}' was restarted or stopped while its scenario played.`,
					{ id: sb.id }
				);
			}
			throw error;
		}
	};
}

/** Each reload step's program: the files as the earlier reload steps left them, and its own. */
async function buildReloads(
	sb: Sandbox,
	opts: RunnerOptions,
	scenario: Play['scenario']
): Promise<ExperimentRequest['reloads']> {
	const reloads: ExperimentRequest['reloads'] = {};
	let files = sb.files;
	for (const [index, step] of scenario.entries()) {
		if (step.kind !== 'reload') continue;
		files = { ...files, [step.file]: step.source };
		const code = await compile(sb, opts, files).catch((error: unknown) => {
			if (error instanceof ArsenalError) {
				throw new ArsenalError(
					error.code,
					`Step ${index + 1} (reload ${step.file}): ${error.message}`,
					error.details
				);
			}
			throw error;
		});
		reloads[index] = { code, vsn: `scenario-${index + 1}` };
	}
	return reloads;
}
