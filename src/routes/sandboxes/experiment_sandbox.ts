/**
 * Experiments and this browser's sandboxes, each made from the other: a sandbox's files and
 * scenario as an experiment (to share or export), and an experiment saved as a new sandbox (an
 * imported file, or a link the learner opens as their own).
 */
import type { SandboxStore, SavedScenario } from '$lib/app/autosave';
import { freeId, type SandboxClient } from '$lib/app/sandbox_client';
import {
	EXPERIMENT_VERSION,
	parseExperiment,
	type Experiment,
	type ParsedExperiment
} from '$lib/arsenal/experiment_schemas';
import { experimentFileName } from '$lib/share/experiment_link';

/** A sandbox as an experiment; a sentence naming the first field that keeps it from being one. */
export function experimentOf(
	id: string,
	files: Record<string, string>,
	entry: string,
	{ title, description, scenario, clock, seed }: SavedScenario
): ParsedExperiment {
	return parseExperiment({
		version: EXPERIMENT_VERSION,
		title: title ?? id,
		...(description !== undefined && { description }),
		files,
		entry,
		clock,
		seed,
		scenario
	});
}

/** What a sandbox keeps of an experiment beside its files. */
export function scenarioOf({
	title,
	description,
	scenario,
	clock,
	seed
}: Experiment): SavedScenario {
	return { title, ...(description !== undefined && { description }), scenario, clock, seed };
}

/** A sandbox id for an experiment: its title's, as its file is named (`counter-restarts`). */
function idOf(experiment: Experiment): string {
	return experimentFileName(experiment).slice(0, -'.experiment.json'.length);
}

/**
 * Saves `experiment` as a new sandbox of this browser (files and scenario) under a free id made
 * from its title; that id. Nothing of it runs.
 */
export async function saveAsSandbox(
	experiment: Experiment,
	store: SandboxStore,
	client: SandboxClient
): Promise<string> {
	const [saved, live] = await Promise.all([store.list(), client.list().catch(() => [])]);
	const id = freeId(idOf(experiment), new Set([...saved, ...live].map((s) => s.id)));
	await store.save(id, experiment.files, experiment.entry);
	await store.saveScenario(id, scenarioOf(experiment));
	return id;
}
