/**
 * An experiment: a sandbox's files and a scenario to play against them — timed steps (kill a
 * child, inject a fault, send a message, wait, hot-reload a file, assert) — with the clock and
 * seed that make its result the same every time. It is what a share link, an embed, a lesson and
 * an experiment `.json` file carry, and what `POST /api/v1/sandboxes/:id/experiments` plays.
 *
 * The record is versioned: {@link parseExperiment} upgrades an older one (a bare `{ files,
 * entry }`, as a template or a `create_sandbox` body has them, is version 0) and refuses a newer
 * one with a sentence, as it does any record that is not an experiment, naming its first wrong
 * field.
 *
 * ```ts
 * const read = parseExperiment(JSON.parse(text));
 * if (!read.ok) show(read.message); // "scenario[1].ms: expected a number, found "soon""
 * ```
 */
import { z } from 'zod';
import { json } from './params';
import { filePath, files } from './sandbox_schemas';

/** The experiment record's version; {@link parseExperiment} upgrades every older one. */
export const EXPERIMENT_VERSION = 1;
/** The most steps a scenario may have. */
export const MAX_STEPS = 200;

/**
 * Whom a step acts on. A path of child ids from the root supervisor (`['workers', 'counter']`)
 * finds the same child in every replay, where a pid would not; a registered name works as in
 * OTP; a pid (`'<3.45.0>'`) is taken as it is.
 */
export const Target = z.union([
	z.strictObject({
		path: z
			.array(z.string().min(1).max(200))
			.max(20)
			.describe('Child ids from the root supervisor down; [] is the root itself.')
	}),
	z.strictObject({ name: z.string().min(1).max(200).describe('A registered name.') }),
	z.strictObject({
		pid: z
			.string()
			.regex(/^<\d+\.\d+\.\d+>$/, { error: "A pid such as '<3.45.0>'" })
			.describe('A pid as the sandbox shows it.')
	})
]);
export type Target = z.infer<typeof Target>;

const ms = (max: number, what: string) => z.number().int().min(0).max(max).describe(what);
const reason = z.string().min(1).max(200);

/** Checks an assert step can make, each a Supertester assertion. */
export const CHECKS = [
	'alive',
	'dead',
	'restarted',
	'childCount',
	'allChildrenAlive',
	'state',
	'strategy',
	'responsive'
] as const;
export type Check = (typeof CHECKS)[number];

export const Step = z.discriminatedUnion('kind', [
	z.strictObject({
		kind: z.literal('kill'),
		target: Target,
		reason: reason.default('kill').describe("The exit signal's reason; 'kill' cannot be trapped.")
	}),
	z.strictObject({
		kind: z.literal('fault'),
		target: Target,
		fault: z.enum(['crash', 'throw', 'delay', 'drop']).describe('As inject_fault makes it.'),
		reason: reason.optional().describe("For 'crash' and 'throw'."),
		count: z.number().int().min(1).max(1000).optional().describe("For 'delay' and 'drop'."),
		ms: ms(60_000, "For 'delay': how late each message arrives.").optional()
	}),
	z.strictObject({
		kind: z.enum(['send', 'cast', 'call']),
		target: Target,
		message: json.describe('The message as JSON: strings stand for atoms, arrays for tuples.'),
		timeoutMs: z.number().int().min(1).max(25_000).optional().describe("For 'call'.")
	}),
	z.strictObject({
		kind: z.literal('wait'),
		ms: ms(600_000, "How long, on the sandbox's clock.")
	}),
	z.strictObject({
		kind: z.literal('reload'),
		file: filePath(),
		source: z.string().max(200_000).describe("The file's new source, hot-loaded.")
	}),
	z.strictObject({
		kind: z.literal('assert'),
		check: z.enum(CHECKS),
		target: Target,
		value: json
			.optional()
			.describe(
				"childCount: the number; state: the GenServer's state; strategy: one_for_one…; " +
					'restarted: nothing (the target must be a path).'
			)
	}),
	z.strictObject({
		kind: z.literal('custom'),
		name: z.string().min(1).max(100),
		data: json.optional()
	})
]);
export type Step = z.output<typeof Step>;
export type StepInput = z.input<typeof Step>;

export const Scenario = z.array(Step).max(MAX_STEPS);

/** How a scenario is played: a virtual clock and a seed make its result the same every time. */
export const PlayOptions = {
	clock: z
		.enum(['virtual', 'real'])
		.default('virtual')
		.describe("'virtual': time passes only in wait steps, so every replay is the same."),
	seed: z
		.number()
		.int()
		.min(0)
		.max(2 ** 31 - 1)
		.default(1)
		.describe("The node's scheduling seed.")
};

/**
 * On the real clock a scenario's waits take that long, and an operation answers within 30 s:
 * they may add up to this much. (On the virtual clock a wait takes no time.)
 */
export const MAX_REAL_WAIT_MS = 20_000;

/** For a `.refine` of a record with `clock` and `scenario`. */
export const realWaitsFit = {
	check: ({ clock, scenario }: { clock: 'virtual' | 'real'; scenario: Step[] }) =>
		clock === 'virtual' ||
		scenario.reduce((ms, step) => ms + (step.kind === 'wait' ? step.ms : 0), 0) <= MAX_REAL_WAIT_MS,
	params: {
		error: `On the real clock, the waits may add up to ${MAX_REAL_WAIT_MS / 1000} s; the virtual clock has no limit`,
		path: ['scenario']
	}
};

export const Experiment = z
	.strictObject({
		version: z.literal(EXPERIMENT_VERSION),
		title: z.string().min(1).max(120),
		description: z.string().max(2000).optional(),
		files: files(),
		entry: filePath(),
		...PlayOptions,
		scenario: Scenario
	})
	.refine((e) => Object.hasOwn(e.files, e.entry), {
		error: 'The entry must be one of the files',
		path: ['entry']
	})
	.refine(realWaitsFit.check, realWaitsFit.params);
export type Experiment = z.output<typeof Experiment>;
export type ExperimentInput = z.input<typeof Experiment>;

/** Older records, by version, to the next version's. */
const UPGRADES: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
	// Version 0: a sandbox's files, as templates and create_sandbox have them.
	0: ({ files, entry, title }) => ({
		version: 1,
		title: typeof title === 'string' && title ? title : 'Untitled experiment',
		files,
		entry: entry ?? 'main.ts',
		scenario: []
	})
};

export type ParsedExperiment =
	{ ok: true; experiment: Experiment; upgradedFrom?: number } | { ok: false; message: string };

/** Reads an experiment from untrusted JSON: never throws. */
export function parseExperiment(value: unknown): ParsedExperiment {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return { ok: false, message: 'This is not an experiment: it is not a JSON object.' };
	}
	let record = value as Record<string, unknown>;
	const found = record.version ?? ('files' in record ? 0 : undefined);
	if (typeof found !== 'number' || !Number.isInteger(found) || found < 0) {
		return {
			ok: false,
			message: 'This is not an experiment: it has no version and no files.'
		};
	}
	if (found > EXPERIMENT_VERSION) {
		return {
			ok: false,
			message: `This experiment was made by a newer SuperLearner (its format is version ${found}; this one reads up to ${EXPERIMENT_VERSION}). Reload the page to get the newest.`
		};
	}
	for (let v = found; v < EXPERIMENT_VERSION; v++) record = UPGRADES[v](record);
	const parsed = Experiment.safeParse(record);
	if (!parsed.success) return { ok: false, message: firstProblem(parsed.error) };
	return {
		ok: true,
		experiment: parsed.data,
		...(found < EXPERIMENT_VERSION && { upgradedFrom: found })
	};
}

/** The first issue of a zod error as a sentence naming its field: `scenario[1].ms: …`. */
export function firstProblem(error: z.ZodError): string {
	const issue = error.issues[0];
	const field = issue.path.reduce<string>(
		(at, key) =>
			typeof key === 'number' ? `${at}[${key}]` : at ? `${at}.${String(key)}` : String(key),
		''
	);
	return `${field || 'The experiment'}: ${issue.message}`;
}

/** A step in a few words, for result lists and the Scenario pane: `kill workers/counter`. */
export function describeStep(step: StepInput): string {
	switch (step.kind) {
		case 'kill':
			return `kill ${describeTarget(step.target)}${step.reason && step.reason !== 'kill' ? ` (${step.reason})` : ''}`;
		case 'fault':
			return `${step.fault} fault in ${describeTarget(step.target)}`;
		case 'send':
		case 'cast':
		case 'call':
			return `${step.kind} ${JSON.stringify(step.message)} to ${describeTarget(step.target)}`;
		case 'wait':
			return `wait ${step.ms} ms`;
		case 'reload':
			return `reload ${step.file}`;
		case 'assert':
			return `check ${step.check} of ${describeTarget(step.target)}${step.value === undefined ? '' : ` is ${JSON.stringify(step.value)}`}`;
		case 'custom':
			return `custom step ${step.name}`;
	}
}

export function describeTarget(target: Target): string {
	if ('path' in target) return target.path.length ? target.path.join('/') : 'the root';
	return 'name' in target ? target.name : target.pid;
}

const StepError = z.object({
	code: z.string().describe("'noproc' when its target is gone, 'assertion_failed', …"),
	message: z.string()
});

const Restart = z.object({
	supervisor: z.string(),
	childId: z.string(),
	oldPid: z.string().optional(),
	newPid: z.string().optional(),
	reason: z.string()
});

/** What playing a scenario answers; with a virtual clock, the same on every replay. */
export const ExperimentResult = z.object({
	ok: z.boolean().describe('Every step succeeded (assertions included).'),
	clock: z.enum(['virtual', 'real']),
	seed: z.number().int(),
	durationMs: z.number().describe("From the first step to the last, on the sandbox's clock."),
	restarts: z.number().int().describe('Restarts the scenario caused.'),
	assertions: z.object({ passed: z.number().int(), failed: z.number().int() }),
	steps: z.array(
		z.object({
			index: z.number().int(),
			kind: z.string(),
			label: z.string().describe('The step in a few words.'),
			status: z.enum(['ok', 'failed']),
			at: z.number().describe("When it started, ms after the first step, on the sandbox's clock."),
			result: z.json().optional(),
			error: StepError.optional(),
			restarts: z.array(Restart).describe('The restarts during the step.'),
			exits: z
				.array(z.object({ pid: z.string(), reason: z.string() }))
				.describe('The processes that exited during the step.')
		})
	)
});
export type ExperimentResult = z.infer<typeof ExperimentResult>;
export type StepResult = ExperimentResult['steps'][number];
