import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNode } from '$lib/runtime';
import { parseExperiment } from '$lib/arsenal/experiment_schemas';
import { programRequest } from '$lib/sandbox/compiler/program';
import { MAX_LINK_LENGTH, shareLink } from '$lib/share/experiment_link';
import { runSandboxTests } from '$lib/system/sandboxes/test_run';
import { testSystem, type TestSystem } from '$lib/testing/arsenal';
import { inThreadWorkers, nodeCompile, warmCompiler } from '$lib/testing/sandbox';
import {
	CHECKS_FILE,
	LESSONS,
	lessonBySlug,
	nextLesson,
	plainReason,
	solvedFiles,
	type Lesson
} from './index';

const workers = inThreadWorkers();
const watch = createNode({ clock: 'virtual' });
let number = 1;

/** The lesson's checks run on `files` as the Check button runs them. */
function check(lesson: Lesson, files: Record<string, string>) {
	return runSandboxTests(files, {
		...workers.options,
		watch,
		takeNumber: () => number++,
		nodeName: `sandbox_lesson@superlearner`,
		id: `lesson-${lesson.slug}`,
		maxProcesses: 1_000,
		memoryBudgetMb: 64,
		seed: 1
	});
}

beforeAll(warmCompiler, 30_000);
afterAll(() => workers.closeAll());

const cases = LESSONS.map((l) => [l.slug, l] as const);

describe('lessons', () => {
	it('have distinct slugs, and a valid experiment with its checks', () => {
		expect(new Set(LESSONS.map((l) => l.slug)).size).toBe(LESSONS.length);
		for (const lesson of LESSONS) {
			expect(parseExperiment(lesson.experiment)).toMatchObject({ ok: true });
			expect(Object.keys(lesson.experiment.files)).toContain(CHECKS_FILE);
		}
		expect(lessonBySlug(LESSONS[0].slug)).toBe(LESSONS[0]);
		expect(nextLesson(LESSONS[0].slug)).toBe(LESSONS[1]);
		expect(nextLesson(LESSONS[LESSONS.length - 1].slug)).toBeUndefined();
	});

	it.each(cases)('%s: the starting program and the solved one build', async (_slug, lesson) => {
		for (const files of [lesson.experiment.files, solvedFiles(lesson)]) {
			const out = await nodeCompile(programRequest(files, lesson.experiment.entry));
			expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
		}
	});

	it.each(cases)(
		'%s: the starting files fail a check, saying why in words',
		async (_slug, lesson) => {
			const run = await check(lesson, lesson.experiment.files);
			const failed = run.tests.filter((t) => t.status === 'failed');
			expect(failed.length).toBeGreaterThan(0);
			for (const test of failed) {
				expect(test.error?.file).toBe(CHECKS_FILE);
				// A sentence for a learner, not an assertion's `expected … to be …`.
				const reason = plainReason(test.error?.message ?? '');
				expect(reason).toMatch(/^[A-Z`'].{20,}[.?]$/s);
				expect(reason).not.toMatch(/\bexpected\b/);
			}
			console.info(
				`${lesson.slug}, not yet:\n${failed.map((t) => `  ✗ ${t.name}: ${plainReason(t.error?.message ?? '')}`).join('\n')}`
			);
		}
	);

	it.each(cases)('%s: the solution passes every check', async (_slug, lesson) => {
		const run = await check(lesson, solvedFiles(lesson));
		expect(run.tests.filter((t) => t.status !== 'passed')).toEqual([]);
		expect(run.passed).toBeGreaterThan(1);
	});

	it('fit a share link of at most 2,000 characters', async () => {
		const lengths = await Promise.all(
			LESSONS.map(
				async (l) =>
					[l.slug, (await shareLink(l.experiment, 'https://superlearner.app')).length] as const
			)
		);
		console.info(lengths.map(([slug, n]) => `${slug}: ${n}`).join('\n'));
		for (const [, length] of lengths) expect(length).toBeLessThanOrEqual(MAX_LINK_LENGTH);
	});
});

describe("lessons' scenarios", () => {
	const sandboxes = inThreadWorkers();
	let t: TestSystem;
	beforeAll(async () => {
		t = await testSystem({ sandboxes: sandboxes.options });
	});
	afterAll(async () => {
		await t.system.shutdown();
		sandboxes.closeAll();
	});

	/** Plays the lesson's scenario on `files` as the widget's Run does: its last step's result. */
	async function play(lesson: Lesson, files: Record<string, string>, id: string) {
		const { entry, scenario, clock, seed } = lesson.experiment;
		expect((await t.post('/api/v1/sandboxes', { id, files, entry, run: false })).status).toBe(201);
		const res = await t.post(`/api/v1/sandboxes/${id}/experiments`, { scenario, clock, seed });
		expect(res.status).toBe(200);
		return res.body.data as { ok: boolean; steps: Array<{ result?: unknown; error?: unknown }> };
	}

	it.each(cases.filter(([, l]) => l.experiment.scenario.length > 0))(
		'%s: plays on the starting files, and plays every step on the solution',
		async (slug, lesson) => {
			const before = await play(lesson, lesson.experiment.files, `${slug}-start`);
			const after = await play(lesson, solvedFiles(lesson), `${slug}-solved`);
			expect(after.ok).toBe(true);
			const last = (r: typeof before) =>
				`${r.ok ? 'ok' : 'not ok'}, ${JSON.stringify(r.steps.at(-1)?.result ?? r.steps.at(-1)?.error)}`;
			console.info(
				`${slug}: the scenario's last step, before ${last(before)}, after ${last(after)}`
			);
		}
	);
});
