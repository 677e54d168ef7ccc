// Issue 13, as a learner: the restarts they caused are remembered across a reload on /analytics,
// a trace on a demo worker fills its sequence diagram, and the timeline shows the tree as it was
// before a crash.
import type { Page } from '@playwright/test';
import { expect, test } from './warm';
import { consoleProblems, goByLink, openProcess, toPhoneDark, whenRuntimeReady } from './helpers';
import { clickNode, panelPid, textOfLabel, treeCanvas } from './observer';
import { createdSandbox, sandboxView, TICKER } from './sandbox_api';

const CONSUMER = 'Demo.Supervisor/Demo.Pipeline/Demo.Consumer';

/** Kills Demo.Consumer from its side panel on /supervisors; its pid before and after. */
async function killConsumer(page: Page): Promise<[string, string]> {
	const aside = page.locator('aside');
	const before = (await panelPid(page).textContent())!.trim();
	await aside.getByRole('button', { name: 'Kill', exact: true }).click();
	await expect(panelPid(page)).not.toHaveText(before);
	await expect(panelPid(page)).toHaveText(/^<0\.\d+\.0>$/);
	return [before, (await panelPid(page).textContent())!.trim()];
}

test('three kills survive a reload: /analytics lists them with their old and new pids', async ({
	page
}) => {
	const problems = consoleProblems(page);
	await page.goto('/supervisors');
	await clickNode(page, CONSUMER);
	const kills = [await killConsumer(page), await killConsumer(page), await killConsumer(page)];

	await goByLink(page, 'Analytics');
	const history = page.getByRole('region', { name: 'Restart history' });
	const row = ([before, after]: [string, string]) =>
		history.getByRole('row').filter({ hasText: `${before} → ${after}` });
	for (const kill of kills) await expect(row(kill)).toHaveCount(1);

	await page.reload();
	await whenRuntimeReady(page);
	for (const kill of kills) {
		await expect(row(kill)).toHaveCount(1);
		await expect(row(kill)).toContainText('Demo.Consumer');
		await expect(row(kill)).toContainText('killed');
		await expect(row(kill)).toContainText('kill_process');
	}
	await expect(history.getByText('3 restarts')).toBeVisible();
	await page.screenshot({ path: '/tmp/i13-analytics-light.png', fullPage: true });
	await toPhoneDark(page);
	await expect(row(kills[0])).toHaveCount(1);
	await page.screenshot({ path: '/tmp/i13-analytics-phone-dark.png', fullPage: true });
	expect(problems).toEqual([]);
});

test('a trace on a demo worker fills its sequence diagram, and stops when asked', async ({
	page
}) => {
	const problems = consoleProblems(page);
	await openProcess(page, 'Demo.Producer');
	await page.getByRole('link', { name: 'Trace its messages' }).click();

	// The process is filled in; nothing runs until the learner starts it.
	const target = page.getByLabel('Process: a pid or a registered name');
	await expect(target).toHaveValue(/^<0\.\d+\.0>$/);
	await expect(page.getByText('No trace yet.', { exact: false })).toBeVisible();
	await page.getByRole('button', { name: 'Start', exact: true }).click();

	const diagram = page.getByRole('group', { name: /^Sequence diagram of the trace of / });
	// Demo.Producer casts an event to Demo.Transformer on every tick.
	await expect
		.poll(() => diagram.getByRole('button', { name: /cast/ }).count(), { timeout: 10_000 })
		.toBeGreaterThan(1);
	await page.screenshot({ path: '/tmp/i13-trace-light.png', fullPage: true });

	await page.getByRole('button', { name: /^Stop the trace of / }).click();
	const stopped = page.getByText(/^Stopped, with \d+ events$/).first();
	await expect(stopped).toBeVisible();
	const kept = Number(/\d+/.exec((await stopped.textContent())!)![0]);
	// The diagram shows every event the trace kept, and no more come.
	await expect(page.getByText(`${kept} of ${kept} events`)).toBeVisible();
	await toPhoneDark(page);
	await page.screenshot({ path: '/tmp/i13-trace-phone-dark.png', fullPage: true });
	await expect(page.getByText(`${kept} of ${kept} events`)).toBeVisible();
	expect(problems).toEqual([]);
});

test('scrubbing the timeline to before a crash shows the old pid in the tree', async ({ page }) => {
	const problems = consoleProblems(page);
	await page.goto('/supervisors');
	await clickNode(page, CONSUMER);
	const [before, after] = await killConsumer(page);

	await goByLink(page, 'Trace');
	const timeline = page.getByRole('region', { name: 'Timeline of the system node' });
	await expect(timeline.getByRole('slider')).toBeVisible();
	await expect.poll(async () => textOfLabel(page, 'Demo.Consumer')).toContain(after);

	// The crash's mark says when the old pid exited (to the ms shown); the learner moves the
	// slider to just before it.
	const marks = await timeline.getByText(/restart or crash mark/).textContent();
	const pattern = `${before.replace(/[.<>]/g, '\\$&')} exited: killed at (\\d+):(\\d+)\\.(\\d+)`;
	const at = new RegExp(pattern).exec(marks ?? '');
	expect(at).not.toBeNull();
	const crashMs = (Number(at![1]) * 60 + Number(at![2])) * 1000 + Number(at![3]);
	await timeline
		.getByRole('slider', { name: "Moment on the system node's timeline" })
		.fill(String(crashMs - 2));
	await expect.poll(async () => textOfLabel(page, 'Demo.Consumer')).toContain(before);
	await page.screenshot({ path: '/tmp/i13-timeline-before.png', fullPage: true });

	await timeline.getByRole('button', { name: 'Now' }).click();
	await expect.poll(async () => textOfLabel(page, 'Demo.Consumer')).toContain(after);
	expect(problems).toEqual([]);
});

test("a sandbox's timeline shows its tree, chosen beside the system node's", async ({ page }) => {
	const problems = consoleProblems(page);
	await page.goto('/trace');
	await whenRuntimeReady(page);
	await createdSandbox(page, 'timeline-ticker', TICKER);
	let root = '';
	await expect
		.poll(async () => (root = (await sandboxView(page, 'timeline-ticker')).root ?? ''))
		.toMatch(/^<\d+\.\d+\.0>$/);

	const node = 'sandbox_timeline-ticker@superlearner';
	await page
		.getByRole('region', { name: 'Timeline of the system node' })
		.getByRole('combobox', { name: /^Node/ })
		.selectOption(node);
	const timeline = page.getByRole('region', { name: `Timeline of ${node}` });
	await expect(
		timeline.getByRole('slider', { name: `Moment on ${node}'s timeline` })
	).toBeVisible();
	await expect(treeCanvas(page).locator('canvas').first()).toBeVisible();
	await expect.poll(async () => textOfLabel(page, 'Bystander')).toContain(root);
	// Replay is the demo application's: a sandbox's timeline does not offer it.
	await expect(timeline.getByRole('button', { name: 'Replay' })).toHaveCount(0);
	expect(problems).toEqual([]);
});
