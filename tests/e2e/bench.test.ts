import { expect, test } from './warm';

test('the benchmarks page measures the worker round trip', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByText('Running')).toBeVisible();
	await page.getByRole('link', { name: 'Benchmarks' }).click();
	const card = page.getByRole('article', { name: 'Worker round trip' });
	await card.getByRole('button', { name: 'Run' }).click();
	await expect(card.getByRole('row')).toHaveText([
		/^worker round trip p50/,
		/^worker round trip p95/
	]);
});
