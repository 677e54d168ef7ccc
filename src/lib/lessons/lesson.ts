/**
 * A lesson: a short text on one OTP idea, a starting experiment whose `lesson.test.ts` holds the
 * checks (Supertester tests, run by the sandbox's Test runner), and the change that meets them.
 * The starting files fail at least one check, each failure saying in plain words what is not
 * met yet; the files with the solution applied pass them all (lessons.test.ts proves both).
 *
 * ```ts
 * const lesson = lessonBySlug('monitors');
 * solvedFiles(lesson); // the starting files with the solution's edits made
 * ```
 */
import { EXPERIMENT_VERSION, type Experiment, type Step } from '$lib/arsenal/experiment_schemas';

/** One change to a starting file: `find` (which occurs exactly once) becomes `replace`. */
export interface Edit {
	file: string;
	find: string;
	replace: string;
}

/**
 * Text with inline code in backticks: "call `ctx.trapExit(true)` first". A page shows the
 * backticked parts as code; nothing in it is HTML.
 */
export type Prose = string;

export interface Lesson {
	/** The lesson's address: `/learn/<slug>`; its sandbox is `lesson-<slug>`. */
	slug: string;
	title: string;
	/** One line for the list of lessons. */
	summary: Prose;
	/** What OTP does and why, a paragraph each. */
	concept: Prose[];
	/** What to do, step by step. */
	steps: Prose[];
	experiment: Experiment;
	/** The reference solution: the edits that make the starting files pass every check. */
	solution: Edit[];
}

/** The file holding a lesson's checks. */
export const CHECKS_FILE = 'lesson.test.ts';

export interface LessonSource {
	slug: string;
	title: string;
	summary: Prose;
	concept: Prose[];
	steps: Prose[];
	/** The starting files: `main.ts` (the root supervisor), the modules, and `lesson.test.ts`. */
	files: Record<string, string>;
	/** Steps the learner can play against the running program. */
	scenario?: Step[];
	solution: Edit[];
}

/** A lesson from its parts: the experiment runs `main.ts`, on a virtual clock with seed 1. */
export function defineLesson({ files, scenario = [], ...lesson }: LessonSource): Lesson {
	return {
		...lesson,
		experiment: {
			version: EXPERIMENT_VERSION,
			title: lesson.title,
			files,
			entry: 'main.ts',
			clock: 'virtual',
			seed: 1,
			scenario
		}
	};
}

/** The starting files with the solution's edits made. Throws on an edit that does not apply. */
export function solvedFiles(lesson: Lesson): Record<string, string> {
	const files = { ...lesson.experiment.files };
	for (const { file, find, replace } of lesson.solution) {
		const text = files[file] ?? '';
		const at = text.indexOf(find);
		if (at < 0 || text.indexOf(find, at + 1) >= 0) {
			throw new Error(`${lesson.slug}: the solution's edit of ${file} must find its text once.`);
		}
		files[file] = text.slice(0, at) + replace + text.slice(at + find.length);
	}
	return files;
}

/** The sandbox a lesson's work is kept in, so that it comes back on the next visit. */
export function lessonSandboxId(slug: string): string {
	return `lesson-${slug}`;
}

/**
 * A failed check's message as a learner reads it: a check throws `new Error('The echo …')`,
 * which the test runner reports as `Error: The echo …`.
 */
export function plainReason(message: string): string {
	return message.replace(/^Error: /, '');
}

/**
 * A lesson's `main.ts`: `head` (its imports and helpers), then the root supervisor `App` with
 * `children` (child-spec expressions, in start order) and `flags`.
 */
export function appMain(
	head: string,
	children: string[],
	flags = "{ strategy: 'one_for_one' }"
): string {
	return `${head}
const App: SupervisorModule = {
	name: 'App',
	init: () => [
		'ok',
		${flags},
		[
			${children.join(',\n\t\t\t')}
		]
	]
};
export default App;
`;
}

/** The child spec of the process `fn` (a function of `main.ts`), with `fn` as its id. */
export function spawnedChild(fn: string): string {
	return `{ id: '${fn}', start: async (sup) => ['ok', sup.spawnLink(${fn}, { label: '${fn}' })] }`;
}
