import { expect, test } from './warm';
import { apiFetch } from './helpers';

test.describe('overview, live', () => {
	test('shows the real figures and a restart as it happens', async ({ page }) => {
		await page.goto('/');
		const figures = page.getByRole('region', { name: 'Live figures' });
		await expect(figures.getByTestId('process-count')).toHaveText(/^\d+$/);
		expect(Number(await figures.getByTestId('process-count').textContent())).toBeGreaterThan(15);
		const restarts = figures.getByTestId('restarts');
		const before = Number(await restarts.textContent());

		// A kill from outside the page (the REST API, as curl would): the overview sees it.
		const killed = await apiFetch(page, '/api/v1/processes/Demo.Counter', 'DELETE');
		expect(killed.status).toBe(200);
		await expect(restarts).toHaveText(String(before + 1));
		const events = page.getByRole('region', { name: 'Latest events' });
		await expect(events.getByText(/restarted\s+Demo\.Counter/).first()).toBeVisible();
		await expect(events.getByText('(killed)').first()).toBeVisible();
		await expect(figures.getByText('Restarting')).toBeVisible();
	});
});
