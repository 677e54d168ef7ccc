/**
 * `superlearner experiment <file.json>`: plays an experiment file (as the editor's Export writes
 * it) headless: its files become a sandbox of a headless system node, and its scenario plays
 * against it as `POST /api/v1/sandboxes/:id/experiments` plays it, on the experiment's clock and
 * seed (or the ones given). Prints each step with the restarts it caused, or `--json` the
 * result. Exit code 0 when every step succeeded, 1 otherwise, 2 for a file that is not one.
 */
import { readFileSync } from 'node:fs';
import type { ExperimentResult, StepResult } from '$lib/arsenal/experiment_schemas';
import { readExperimentFile } from '$lib/share/experiment_link';
import { withHeadlessSystem } from './api';
import { plural, styleFor, type Style } from './format';
import { EXIT, UsageError } from './usage';

export interface ExperimentOptions {
	file: string;
	json: boolean;
	seed?: number;
	clock?: 'virtual' | 'real';
	workerScript: string;
}

const SANDBOX = 'experiment';

export async function experimentCommand(opts: ExperimentOptions): Promise<number> {
	const read = readExperimentFile(readText(opts.file));
	if (!read.ok) throw new UsageError(`${opts.file}: ${read.message}`, 'experiment');
	const experiment = read.experiment;
	const clock = opts.clock ?? experiment.clock;
	const seed = opts.seed ?? experiment.seed;
	return withHeadlessSystem(opts.workerScript, async (request) => {
		const body = (value: unknown) => JSON.stringify(value);
		const created = await request(
			'POST',
			'/sandboxes',
			body({ id: SANDBOX, files: experiment.files, entry: experiment.entry, run: false })
		);
		const played =
			created.status === 201
				? await request(
						'POST',
						`/sandboxes/${SANDBOX}/experiments`,
						body({ scenario: experiment.scenario, clock, seed })
					)
				: created;
		if (played.status !== 200) {
			const error = (played.body as { error?: { message?: string } }).error;
			if (opts.json) process.stdout.write(`${JSON.stringify(played.body, null, 2)}\n`);
			else
				console.error(
					styleFor(process.stderr).red(`✖ ${error?.message ?? `HTTP ${played.status}`}`)
				);
			return EXIT.failed;
		}
		const result = (played.body as { data: ExperimentResult }).data;
		if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
		else process.stdout.write(resultText(experiment.title, result, styleFor(process.stdout)));
		return result.ok ? EXIT.ok : EXIT.failed;
	});
}

function readText(file: string): string {
	try {
		return readFileSync(file === '-' ? 0 : file, 'utf8');
	} catch (error) {
		throw new UsageError(`cannot read ${file}: ${(error as Error).message}`, 'experiment');
	}
}

/** The result as the terminal shows it: a line per step, its restarts and error below it. */
export function resultText(title: string, result: ExperimentResult, s: Style): string {
	const lines = [s.bold(`${title} (${result.clock} clock, seed ${result.seed})`)];
	for (const step of result.steps) lines.push(...stepLines(step, s));
	const failed = result.steps.filter((step) => step.status === 'failed').length;
	const summary = [
		plural(result.steps.length, 'step'),
		failed ? s.red(`${failed} failed`) : s.green('all ok'),
		plural(result.restarts, 'restart'),
		`checks ${result.assertions.passed} passed, ${result.assertions.failed} failed`,
		`${result.durationMs} ms`
	];
	lines.push('', summary.join(' · '));
	return `${lines.join('\n')}\n`;
}

function stepLines(step: StepResult, s: Style): string[] {
	const mark = step.status === 'ok' ? s.green('✓') : s.red('✗');
	const at = s.dim(`${step.at} ms`.padStart(9));
	const lines = [`${at} ${mark} ${step.label}`];
	if (step.result !== undefined && step.kind !== 'wait') {
		lines.push(s.dim(`            → ${JSON.stringify(step.result)}`));
	}
	if (step.error) lines.push(s.red(`            ${step.error.code}: ${step.error.message}`));
	for (const r of step.restarts) {
		lines.push(
			s.yellow(
				`            ↻ ${r.childId} restarted by ${r.supervisor}: ${r.oldPid ?? '—'} → ${r.newPid ?? '—'} (${r.reason})`
			)
		);
	}
	return lines;
}
