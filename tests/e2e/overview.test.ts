import { expect, test } from './warm';

const nodeCard = (page: import('@playwright/test').Page) =>
	page.getByRole('article', { name: 'System node' });

test.describe('overview', () => {
	test('shows the node name and a live uptime read from the runtime worker', async ({ page }) => {
		await page.goto('/');
		const card = nodeCard(page);
		await expect(card.getByText('Running')).toBeVisible();
		await expect(card.locator('dd').first()).toHaveText('system@superlearner');
		const uptime = card.locator('dd').nth(1);
		const first = await uptime.textContent();
		await expect(uptime).not.toHaveText(first ?? '', { timeout: 3_000 });
	});

	test('says what is wrong and retries when the runtime worker fails to start', async ({
		browser
	}) => {
		// Without the service worker, page.route sees the worker script request.
		const context = await browser.newContext({ serviceWorkers: 'block' });
		const page = await context.newPage();
		await page.route('**/runtime.worker-*.js', (route) => route.fulfill({ status: 404 }));
		await page.goto('/');
		const alert = page.getByRole('alert');
		await expect(alert.getByRole('heading')).toHaveText('The runtime did not start');
		await expect(nodeCard(page).getByText('Stopped')).toBeVisible();

		await page.unroute('**/runtime.worker-*.js');
		await alert.getByRole('button', { name: 'Retry' }).click();
		await expect(nodeCard(page).locator('dd').first()).toHaveText('system@superlearner');
		await expect(page.getByRole('alert')).toHaveCount(0);
		await context.close();
	});

	test('renders the error page for a path that does not exist', async ({ page }) => {
		await page.goto('/no/such/page');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page does not exist');
		await page.getByRole('link', { name: 'Back to the overview' }).click();
		await expect(page).toHaveURL('/');
	});
});
