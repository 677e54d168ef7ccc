/**
 * Experiments as links and files: `/share#<payload>` and `/embed#<payload>` carry one in the
 * hash (nothing reaches a server), and an experiment `.json` file is the same record, for the
 * ones too large for a link. Reading either never throws: whatever is wrong is a sentence.
 *
 * ```ts
 * const link = await shareLink(experiment, location.origin + base); // …/share#1.q1Yq…
 * const read = await readPayload(location.hash);  // { ok: true, experiment } or { ok: false, message }
 * ```
 */
import {
	parseExperiment,
	type Experiment,
	type ParsedExperiment
} from '$lib/arsenal/experiment_schemas';
import { decodeShare, encodeShare } from './share_codec';

/** The longest link we offer to copy: past it, some chat apps and browsers cut links short. */
export const MAX_LINK_LENGTH = 2000;

/** The experiment as a link's payload (what follows `#`). */
export function experimentPayload(experiment: Experiment): Promise<string> {
	return encodeShare(experiment);
}

/** The `/share` (or `/embed`) link of an experiment, and whether it is short enough to send. */
export async function shareLink(
	experiment: Experiment,
	appUrl: string,
	page: 'share' | 'embed' = 'share'
): Promise<{ url: string; length: number; fits: boolean }> {
	const url = `${appUrl.replace(/\/$/, '')}/${page}#${await experimentPayload(experiment)}`;
	return { url, length: url.length, fits: url.length <= MAX_LINK_LENGTH };
}

/** The experiment in a link's hash or payload; a sentence when it is not one. */
export async function readPayload(hashOrPayload: string): Promise<ParsedExperiment> {
	const decoded = await decodeShare(hashOrPayload);
	if (!decoded.ok) return { ok: false, message: decoded.message };
	const read = parseExperiment(decoded.value);
	return read.ok
		? read
		: { ok: false, message: `The link holds no experiment we can open. ${read.message}` };
}

/** An experiment `.json` file's text. */
export function experimentFileText(experiment: Experiment): string {
	return `${JSON.stringify(experiment, null, '\t')}\n`;
}

/** The experiment in a `.json` file's text; a sentence naming the first wrong field when not. */
export function readExperimentFile(text: string): ParsedExperiment {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		const why = error instanceof SyntaxError ? error.message : String(error);
		return { ok: false, message: `This file is not JSON: ${why}` };
	}
	const read = parseExperiment(value);
	return read.ok ? read : { ok: false, message: `This file is not an experiment. ${read.message}` };
}

/** A file name for an experiment's title: `Counter restarts` → `counter-restarts.experiment.json`. */
export function experimentFileName(experiment: Pick<Experiment, 'title'>): string {
	const slug = experiment.title
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 60);
	return `${slug || 'experiment'}.experiment.json`;
}
