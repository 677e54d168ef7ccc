import { expect, test } from './warm';
import { clickNode, nodeData, panelPid, waitForNode } from './observer';

const CONSUMER = 'Demo.Supervisor/Demo.Pipeline/Demo.Consumer';
const CACHE_SUP = 'Demo.Supervisor/Demo.CacheSupervisor';
const CACHE = `${CACHE_SUP}/Demo.Cache`;

test.describe('supervisors', () => {
	test('kills a demo worker: a new pid appears and its supervisor’s intensity gauge rises', async ({
		page
	}) => {
		await page.goto('/supervisors');
		await clickNode(page, CONSUMER);
		await expect(page).toHaveURL(/node=Demo\.Supervisor%2FDemo\.Pipeline%2FDemo\.Consumer/);
		const aside = page.locator('aside');
		await expect(aside.getByRole('heading', { level: 2 })).toHaveText('Demo.Consumer');
		const before = (await panelPid(page).textContent())?.trim();
		expect(before).toMatch(/^<0\.\d+\.0>$/);
		const gauge = aside.getByRole('meter', { name: 'Restart intensity' });
		await expect(gauge).toHaveAttribute('aria-valuenow', '0');

		await aside.getByRole('button', { name: 'Kill', exact: true }).click();
		await expect(aside.getByRole('status')).toContainText(`${before} exited (killed)`);
		await expect(panelPid(page)).not.toHaveText(before!);
		await expect(panelPid(page)).toHaveText(/^<0\.\d+\.0>$/);
		const after = (await panelPid(page).textContent())!.trim();
		expect((await nodeData(page, CONSUMER)).text).toContain(after);
		await expect(gauge).toHaveAttribute('aria-valuenow', '1');
		await expect(gauge).toHaveAttribute('aria-valuetext', /^1 of 5 restarts in the last 10 s/);
	});

	test('a supervisor past its intensity goes down and its parent restarts it', async ({ page }) => {
		await page.goto('/supervisors');
		await clickNode(page, CACHE_SUP);
		const aside = page.locator('aside');
		await expect(aside.getByRole('heading', { level: 2 })).toHaveText('Demo.CacheSupervisor');
		const supPid = (await panelPid(page).textContent())!.trim();
		// Its own window first; below, the window of its parent, Demo.Supervisor.
		await expect(aside.getByRole('meter').first()).toHaveAttribute('aria-valuemax', '3');

		// Demo.CacheSupervisor allows 3 restarts in 5 s: the 4th kill makes it give up.
		await clickNode(page, CACHE);
		await expect(aside.getByRole('heading', { level: 2 })).toHaveText('Demo.Cache');
		for (let kill = 1; kill <= 3; kill++) {
			const pid = (await panelPid(page).textContent())!.trim();
			await aside.getByRole('button', { name: 'Kill', exact: true }).click();
			await expect(panelPid(page)).not.toHaveText(pid);
			await expect(aside.getByRole('meter')).toHaveAttribute('aria-valuenow', String(kill));
		}
		await expect(aside.getByRole('meter')).toHaveAttribute(
			'aria-valuetext',
			/one more and it gives up/
		);
		await aside.getByRole('button', { name: 'Kill', exact: true }).click();

		// Its parent, Demo.Supervisor, starts a new Demo.CacheSupervisor with a new pid.
		await expect
			.poll(async () => (await nodeData(page, CACHE_SUP)).text, { timeout: 5000 })
			.not.toContain(supPid);
		await expect.poll(async () => (await nodeData(page, CACHE_SUP)).status).toBe('running');
		await clickNode(page, CACHE_SUP);
		await expect(panelPid(page)).not.toHaveText(supPid);
		await expect(aside.getByRole('meter').first()).toHaveAttribute('aria-valuenow', '0');

		// The overview's stream tells the same story.
		await page.getByRole('link', { name: 'Overview' }).click();
		const events = page.getByRole('region', { name: 'Latest events' });
		await expect(events.getByText(/restarted\s+Demo\.CacheSupervisor/).first()).toBeVisible();
		await expect(events.getByText('(shutdown)').first()).toBeVisible();
	});

	test('finds a node, opens it with the keyboard, and the back button undoes the selection', async ({
		page
	}) => {
		await page.goto('/supervisors');
		await waitForNode(page, CONSUMER);
		await page.getByLabel('Find in the tree').fill('Demo.Janitor');
		await page.getByRole('button', { name: 'Find' }).click();
		await page.getByTestId('supervision-tree').focus();
		await page.keyboard.press('Enter');
		await expect(page.locator('aside').getByRole('heading', { level: 2 })).toHaveText(
			'Demo.Janitor'
		);
		await page.keyboard.press('ArrowUp');
		await page.keyboard.press('Enter');
		await expect(page.locator('aside').getByRole('heading', { level: 2 })).toHaveText('Demo.Cache');
		await page.goBack();
		await expect(page.locator('aside').getByRole('heading', { level: 2 })).toHaveText(
			'Demo.Janitor'
		);
	});

	test('folds a subtree and shows a pool past its threshold as one group', async ({ page }) => {
		await page.goto('/supervisors');
		await clickNode(page, 'Demo.Supervisor/Demo.Pipeline');
		await page.locator('aside').getByRole('button', { name: 'Fold on the tree' }).click();
		await expect
			.poll(async () => (await nodeData(page, 'Demo.Supervisor/Demo.Pipeline')).text)
			.toContain('▸ 3');
		await expect
			.poll(() =>
				page.evaluate(
					(k) =>
						(
							document.querySelector('[data-testid="supervision-tree"]') as HTMLElement & {
								_cyreg: { cy: { getElementById(id: string): { length: number } } };
							}
						)._cyreg.cy.getElementById(k).length,
					'Demo.Supervisor/Demo.Pipeline/Demo.Producer'
				)
			)
			.toBe(0);
	});
});
