import type { Page } from '@playwright/test';
import { expect, test } from './warm';

const grid = (page: Page) => page.getByRole('grid', { name: 'Processes' });
const bodyRows = (page: Page) =>
	grid(page).locator('[role=row][aria-rowindex]:not([aria-rowindex="1"])');

/** `9.6 kB` → 9600. */
function bytes(text: string): number {
	const m = /^([\d.]+) (B|kB|MB)$/.exec(text.trim());
	if (!m) throw new Error(`not a size: ${text}`);
	return Number(m[1]) * { B: 1, kB: 1e3, MB: 1e6 }[m[2] as 'B' | 'kB' | 'MB'];
}

test.describe('processes', () => {
	test('sorts by memory, filters by name, and keeps the URL', async ({ page }) => {
		await page.goto('/processes');
		await expect(bodyRows(page).first()).toBeVisible();
		await grid(page).getByRole('button', { name: 'Memory' }).click();
		await expect(page).toHaveURL(/sort=memory&dir=desc/);
		await expect(grid(page).getByRole('columnheader', { name: 'Memory' })).toHaveAttribute(
			'aria-sort',
			'descending'
		);
		const memory = async () =>
			(await bodyRows(page).locator('[role=gridcell]:nth-child(9)').allTextContents()).map(bytes);
		const sortedDesc = (sizes: number[]) => sizes.every((n, i) => i === 0 || sizes[i - 1] >= n);
		// The table reads every process again each second; on a busy machine one read in a run of
		// the suite showed a row a refresh behind its neighbours (see the closing note of #11), so
		// this asks for the order as the table settles on it.
		await expect.poll(async () => sortedDesc(await memory())).toBe(true);
		expect((await memory()).length).toBeGreaterThan(10);

		await page.getByLabel('Filter processes').fill('Demo.C');
		await expect(page).toHaveURL(/q=Demo\.C/);
		const names = () => bodyRows(page).locator('[role=gridcell]:nth-child(3)').allTextContents();
		await expect.poll(async () => (await names()).length).toBe(4);
		expect((await names()).sort()).toEqual([
			'Demo.Cache',
			'Demo.CacheSupervisor',
			'Demo.Consumer',
			'Demo.Counter'
		]);
		await expect.poll(async () => sortedDesc(await memory())).toBe(true);

		// The link is shareable: the same view opens from it.
		await page.goto(page.url());
		await expect.poll(async () => (await names()).length).toBe(4);
		await expect(page.getByLabel('Filter processes')).toHaveValue('Demo.C');
	});

	test('refreshes live without losing the scroll position or the selection', async ({ page }) => {
		await page.setViewportSize({ width: 1280, height: 560 });
		await page.goto('/processes');
		await expect(bodyRows(page).first()).toBeVisible();
		const body = grid(page).locator('[role=rowgroup]').nth(1);
		await body.evaluate((el) => (el.scrollTop = 120));
		const row = bodyRows(page).filter({ hasText: 'Demo.Flaky' });
		await row.click();
		await expect(page).toHaveURL(/pid=%3C0\.\d+\.0%3E/);
		await expect(row).toHaveAttribute('aria-selected', 'true');
		const top = await body.evaluate((el) => el.scrollTop);
		const read = page.getByText(/read in \d+ ms/);
		const first = await read.textContent();
		// Two reads later (one a second), the view is where the learner left it.
		await page.waitForTimeout(2500);
		await expect(read).toBeVisible();
		expect(await body.evaluate((el) => el.scrollTop)).toBe(top);
		await expect(bodyRows(page).filter({ hasText: 'Demo.Flaky' })).toHaveAttribute(
			'aria-selected',
			'true'
		);
		expect(first).toBeTruthy();

		// Keyboard: down moves the selection, Enter opens the process.
		await grid(page).focus();
		await page.keyboard.press('ArrowDown');
		await expect(bodyRows(page).filter({ hasText: 'Demo.Flaky' })).toHaveAttribute(
			'aria-selected',
			'false'
		);
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/\/processes\/%3C0\.\d+\.0%3E$/);
		await page.goBack();
		await expect(grid(page)).toBeVisible();
	});

	test('names a filter word it cannot read instead of saying nothing matches', async ({ page }) => {
		await page.goto('/processes');
		await expect(bodyRows(page).first()).toBeVisible();
		const filter = page.getByRole('searchbox', { name: 'Filter processes' });
		await filter.fill('queue>');
		const problem = '“queue>” needs a number after >, as in queue>0.';
		await expect(page.getByRole('alert')).toHaveText(problem);
		await expect(filter).toHaveAttribute('aria-invalid', 'true');
		await expect(grid(page)).toContainText(problem);
		await expect(grid(page)).not.toContainText('No process matches');
		await filter.fill('queue>0');
		await expect(page.getByRole('alert')).toBeHidden();
		await expect(filter).toHaveAttribute('aria-invalid', 'false');
	});
});
