import type { Page } from '@playwright/test';
import { expect, test } from './warm';
import { whenControlled } from './helpers';

const result = (page: Page) => page.getByTestId('result');
const statusOf = (page: Page) => page.locator('[data-status]');

async function open(page: Page, operation: string) {
	await page.goto(`/arsenal#${operation}`);
	await expect(page.getByRole('heading', { level: 2, name: operation })).toBeVisible();
}

test.describe('/arsenal', () => {
	test('lists every operation by category, as the registry has them', async ({ page }) => {
		await page.goto('/');
		await page
			.getByRole('navigation', { name: 'Main' })
			.getByRole('link', { name: 'Arsenal' })
			.click();
		const nav = page.getByRole('navigation', { name: 'Operations' });
		await expect(nav.getByRole('link').first()).toBeVisible();
		const names = await nav.locator('.name').allTextContents();
		await whenControlled(page);
		const listed = await page.evaluate(async () => {
			const res = await fetch('/api/v1/arsenal/operations');
			return ((await res.json()) as { data: Array<{ name: string }> }).data.map((o) => o.name);
		});
		expect(names).toEqual(listed);
		await expect(nav.getByRole('heading')).toHaveText([
			'processes',
			'supervisors',
			'sandboxes',
			'cluster',
			'system',
			'analytics',
			'tracing',
			'arsenal'
		]);
	});

	test('executes an operation from its form and shows the status and JSON answer', async ({
		page
	}) => {
		await open(page, 'send_message');
		await expect(page.getByLabel('pid')).toHaveValue('Demo.Counter');
		await page.getByRole('button', { name: 'Execute' }).click();
		await expect(statusOf(page)).toHaveAttribute('data-status', '200');
		await expect(result(page)).toContainText('"reply": 0');
		await page.getByRole('button', { name: 'Add 5 to Demo.Counter' }).click();
		await page.getByRole('button', { name: 'Execute' }).click();
		await expect(result(page)).toContainText('"reply": 5');
	});

	test('shows the 422 of a bad value, naming the field', async ({ page }) => {
		await open(page, 'list_processes');
		await page.getByLabel('perPage').fill('lots');
		await page.getByRole('button', { name: 'Execute' }).click();
		await expect(statusOf(page)).toHaveAttribute('data-status', '422');
		await expect(result(page)).toContainText('"field": "perPage"');
	});

	test('the fetch call it shows answers the same over REST', async ({ page }) => {
		await open(page, 'get_process_state');
		await page.getByRole('button', { name: 'Execute' }).click();
		await expect(statusOf(page)).toHaveAttribute('data-status', '200');
		const shown = JSON.parse((await result(page).textContent()) ?? '') as unknown;
		expect(shown).toMatchObject({ data: { module: 'Demo.Counter', state: { count: 0 } } });
		const call = (await page.locator('pre', { hasText: 'await fetch' }).textContent()) ?? '';
		// Runs the shown code as a learner pasting it into the console would, once the service
		// worker answers /api/v1 for this page (on a first visit it takes control a moment later).
		await whenControlled(page);
		await page.addScriptTag({
			content: `window.shownCall = (async () => ${call.replace(/;$/, '')})();`
		});
		const answer = await page.evaluate(
			() => (window as unknown as { shownCall: Promise<unknown> }).shownCall
		);
		expect(answer).toEqual(shown);
	});

	test('can be used with the keyboard alone', async ({ page }) => {
		await open(page, 'list_processes');
		const link = page.getByRole('link', { name: /get_process_state/ });
		await link.focus();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('heading', { level: 2, name: 'get_process_state' })).toBeVisible();
		await expect(link).toHaveAttribute('aria-current', 'true');
		await page.getByLabel('pid').focus();
		await page.keyboard.press('Enter');
		await expect(statusOf(page)).toHaveAttribute('data-status', '200');
		await expect(result(page)).toContainText('"module": "Demo.Counter"');
	});

	test('kills a process from the form and its supervisor restarts it', async ({ page }) => {
		await open(page, 'kill_process');
		await expect(page.getByLabel('pid')).toHaveValue('Demo.Flaky');
		await page.getByRole('button', { name: 'Execute' }).click();
		await expect(statusOf(page)).toHaveAttribute('data-status', '200');
		await expect(result(page)).toContainText('"exitReason": "killed"');
		await open(page, 'get_supervisor');
		await page.getByRole('button', { name: 'Execute' }).click();
		await expect(result(page)).toContainText(/"inWindow": [1-9]/);
	});

	test('lists every operation in the page’s own scroll, with its categories as anchors', async ({
		page
	}) => {
		await open(page, 'list_processes');
		const nav = page.getByRole('navigation', { name: 'Operations' });
		const links = nav.getByRole('listitem').getByRole('link');
		expect(await links.count()).toBeGreaterThan(20);
		// No inner scroll area: the list is as tall as what it holds.
		const box = nav.locator('xpath=ancestor::aside');
		expect(await box.evaluate((el) => el.scrollHeight - el.clientHeight)).toBe(0);

		await nav.getByRole('link', { name: 'sandboxes', exact: true }).click();
		await expect(page).toHaveURL(/#category-sandboxes$/);
		await expect(nav.getByRole('heading', { name: 'sandboxes' })).toBeInViewport();
		// The operation shown stays.
		await expect(page.getByRole('heading', { level: 2, name: 'list_processes' })).toBeVisible();

		// The last operation, picked far down the page, comes into view.
		await links.last().click();
		const last = (await links.last().locator('.name').textContent())!;
		await expect(page.getByRole('heading', { level: 2, name: last })).toBeInViewport();
	});
});
