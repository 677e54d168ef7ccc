import { expect, test } from '@playwright/test';
import { apiFetch } from './helpers';

test('after one visit, the app and its API work with the network off', async ({
	page,
	context
}) => {
	await page.goto('/');
	await apiFetch(page, '/api/v1/health');
	// The service worker answers at once, then caches the app in the background.
	await expect(page.getByRole('status').filter({ hasText: 'Ready offline' })).toBeVisible({
		timeout: 20_000
	});

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('article', { name: 'System node' }).locator('dd').first()).toHaveText(
		'system@superlearner'
	);
	const res = await apiFetch(page, '/api/v1/health');
	expect(res.status).toBe(200);
	expect(res.body).toMatchObject({ data: { status: 'ok', node: 'system@superlearner' } });

	// The network really is off for anything the shell did not cache.
	const uncached = await page.evaluate(() =>
		fetch('/_app/version.json').then(
			(r) => r.status,
			() => 'failed'
		)
	);
	expect(uncached).toBe('failed');
});
