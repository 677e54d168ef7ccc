/**
 * The lessons of /learn, in the order a learner takes them: from a bare process to hot code
 * reload. Any thread: plain data, which imports only the experiment's record from arsenal.
 *
 * ```ts
 * const first = LESSONS[0];
 * nextLesson(first.slug)?.slug; // 'links-and-trap-exit'
 * ```
 */
import { dynamicSupervisorLesson } from './dynamic_supervisor';
import { genServerLesson } from './gen_server';
import { hotReloadLesson } from './hot_reload';
import { intensityLesson } from './intensity';
import type { Lesson } from './lesson';
import { linksLesson } from './links';
import { monitorsLesson } from './monitors';
import { oneForAllLesson } from './one_for_all';
import { oneForOneLesson } from './one_for_one';
import { processesLesson } from './processes';
import { registryLesson } from './registry';
import { restForOneLesson } from './rest_for_one';

export type { Edit, Lesson, Prose } from './lesson';
export { CHECKS_FILE, lessonSandboxId, plainReason, solvedFiles } from './lesson';

export const LESSONS: readonly Lesson[] = [
	processesLesson,
	linksLesson,
	monitorsLesson,
	genServerLesson,
	oneForOneLesson,
	oneForAllLesson,
	restForOneLesson,
	intensityLesson,
	dynamicSupervisorLesson,
	registryLesson,
	hotReloadLesson
];

export function lessonBySlug(slug: string): Lesson | undefined {
	return LESSONS.find((l) => l.slug === slug);
}

/** The lesson after `slug`'s, if there is one. */
export function nextLesson(slug: string): Lesson | undefined {
	const at = LESSONS.findIndex((l) => l.slug === slug);
	return at < 0 ? undefined : LESSONS[at + 1];
}
