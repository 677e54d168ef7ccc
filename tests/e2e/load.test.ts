// Issue 10, finding 6 (load), as the attack: a sandbox of 10,000 processes, and one whose
// children restart thousands of times a second, opened in the app. The app must stay usable:
// the page opens and shows the tree and the figures; buttons answer; REST answers.
import type { Page } from '@playwright/test';
import { expect, test } from './warm';
import { bigPool, restartStorm } from './load_programs';
import { consoleProblems } from './helpers';
import { createdSandbox } from './sandbox_api';

interface SandboxStats {
	status: string;
	stats: { processes: number; restarts: number };
}

function sandboxStats(page: Page, id: string): Promise<SandboxStats> {
	return page.evaluate(
		async (id) =>
			((await (await fetch(`/api/v1/sandboxes/${id}`)).json()) as { data: SandboxStats }).data,
		id
	);
}

const health = (page: Page) => page.evaluate(async () => (await fetch('/api/v1/health')).status);

/** Nodes drawn on the tree: a pool of thousands must not be drawn one by one. */
const drawnNodes = (page: Page) =>
	page.evaluate(() => {
		type Canvas = HTMLElement & { _cyreg?: { cy?: { nodes(): { length: number } } } };
		return (
			document.querySelector<Canvas>('[data-testid="supervision-tree"]')?._cyreg?.cy?.nodes()
				.length ?? 0
		);
	});

test('a sandbox of 10,000 processes opens with its pool folded into a count', async ({ page }) => {
	test.setTimeout(180_000);
	const problems = consoleProblems(page);
	await page.goto('/sandboxes');
	await createdSandbox(page, 'pool10k', bigPool());
	await expect
		.poll(async () => (await sandboxStats(page, 'pool10k')).stats.processes, { timeout: 150_000 })
		.toBe(10_000);

	await page.getByRole('link', { name: 'pool10k', exact: true }).first().click();
	await expect(page.getByRole('heading', { name: 'pool10k', level: 1 })).toBeVisible();
	// A busy machine may take a while; what matters is that the page opens, not how fast.
	await expect(
		page.getByRole('group', { name: 'Sandbox status and actions' }).getByText('10,000 processes')
	).toBeVisible({ timeout: 30_000 });
	const tree = page.getByRole('application', { name: "The sandbox's supervision tree" });
	await expect(tree).toBeVisible({ timeout: 30_000 });

	// The pool, found as a learner would once the tree is drawn, says how many of its children
	// are folded.
	await expect.poll(() => drawnNodes(page), { timeout: 30_000 }).toBeGreaterThan(0);
	await page.getByRole('searchbox', { name: 'Find in the tree' }).fill('pool');
	await page.getByRole('button', { name: 'Find', exact: true }).click();
	await expect(page.getByText(/^pool, supervisor, .*9,987 children in a group$/)).toBeAttached({
		timeout: 15_000
	});
	// Below its first ten children, the group of the others.
	await tree.focus();
	for (let i = 0; i < 11; i++) await tree.press('ArrowDown');
	await expect(page.getByText('+9,987 more children, folded. Enter shows them.')).toBeAttached();
	expect(await drawnNodes(page)).toBeLessThan(30);

	// Unfolded, the pool shows the children it read and counts the rest, still not one by one.
	await tree.press('Enter');
	await expect(
		page.getByText('+9,797 more children, not drawn. Enter folds the pool again.')
	).toBeAttached();
	expect(await drawnNodes(page)).toBeLessThan(250);
	expect(await health(page)).toBe(200);
	expect(problems).toEqual([]);
});

test('a sandbox in a restart storm leaves its page and the API usable', async ({ page }) => {
	test.setTimeout(120_000);
	const problems = consoleProblems(page);
	await page.goto('/sandboxes');
	await createdSandbox(page, 'storm', restartStorm());
	await expect
		.poll(async () => (await sandboxStats(page, 'storm')).stats.restarts, { timeout: 60_000 })
		.toBeGreaterThan(2_000);

	await page.getByRole('link', { name: 'storm', exact: true }).first().click();
	const toolbar = page.getByRole('group', { name: 'Sandbox status and actions' });
	// The storm keeps a core busy: the page may take a while to open, but it must open.
	await expect(toolbar.getByText('running', { exact: true })).toBeVisible({ timeout: 30_000 });
	await expect(
		page.getByRole('application', { name: "The sandbox's supervision tree" })
	).toBeVisible();

	// The figures keep up with the storm.
	const restartsShown = async () =>
		Number(
			(await toolbar.getByText(/ restarts$/).textContent())!
				.match(/([\d,]+) restarts/)![1]
				.replaceAll(',', '')
		);
	const first = await restartsShown();
	await expect.poll(restartsShown, { timeout: 20_000 }).toBeGreaterThan(first);
	expect(await health(page)).toBe(200);

	// A click answers: Stop ends the storm.
	await page.getByRole('button', { name: 'Stop', exact: true }).click();
	await expect(toolbar.getByText('stopped', { exact: true })).toBeVisible();
	await expect(page.getByRole('button', { name: /^Run/ })).toBeEnabled();
	expect(await health(page)).toBe(200);
	expect((await sandboxStats(page, 'storm')).status).toBe('stopped');
	expect(problems).toEqual([]);
});
