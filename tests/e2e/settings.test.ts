// Issue 17, settings: a learner lowers the REST rate limit on /settings; it is kept across a
// reload and REST obeys it; a bad value is named by its field; Reset to defaults restores 100.
import type { Page } from '@playwright/test';
import { expect, test } from './warm';
import { apiFetch, consoleProblems, goByLink, toPhoneDark, whenRuntimeReady } from './helpers';

const LIMIT = 'REST requests per window';

async function openSettings(page: Page): Promise<void> {
	await page.goto('/');
	await whenRuntimeReady(page);
	await goByLink(page, 'Settings');
	await expect(page).toHaveURL(/\/settings$/);
	await expect(page.getByRole('textbox', { name: LIMIT })).toHaveValue('100');
}

function settingsForm(page: Page) {
	return page.getByRole('form', { name: 'Settings' });
}

async function save(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Save' }).click();
}

test('a rate limit changed on /settings is kept across a reload and applies to REST', async ({
	page
}) => {
	const problems = consoleProblems(page);
	await openSettings(page);
	await page.getByRole('textbox', { name: LIMIT }).fill('5');
	await save(page);
	await expect(settingsForm(page).getByRole('status')).toContainText(
		'Saved. Applied at once: REST requests per window.'
	);

	await page.reload();
	await expect(page.getByRole('textbox', { name: LIMIT })).toHaveValue('5');
	const config = await apiFetch(page, '/api/v1/system/config');
	expect(config.status).toBe(200);
	expect(config.body).toMatchObject({
		data: { arsenal: { rateLimit: { limit: 5, windowMs: 60_000 } } }
	});
	const statuses = await page.evaluate(async () => {
		const out: number[] = [];
		for (let i = 0; i < 6; i++) out.push((await fetch('/api/v1/health')).status);
		return out;
	});
	// Five a minute, the GET above among them (and the app's own health check, if it made one).
	const admitted = statuses.filter((s) => s === 200).length;
	expect(admitted).toBeGreaterThanOrEqual(3);
	expect(admitted).toBeLessThanOrEqual(4);
	expect(statuses.slice(admitted).every((s) => s === 429)).toBe(true);

	await toPhoneDark(page);
	await page.screenshot({ path: '/tmp/settings-390-dark.png', fullPage: true });
	const { scrollWidth, clientWidth } = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		clientWidth: document.documentElement.clientWidth
	}));
	expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
	// Chromium logs each 429 this test asked for; nothing else may show.
	const refused = 'Failed to load resource: the server responded with a status of 429 ()';
	expect(problems).toEqual(statuses.slice(admitted).map(() => `error on /settings: ${refused}`));
});

test('a bad value is named by its field; Reset to defaults restores 100', async ({ page }) => {
	const problems = consoleProblems(page);
	await openSettings(page);
	const limit = page.getByRole('textbox', { name: LIMIT });
	await limit.fill('0');
	await save(page);
	await expect(settingsForm(page).getByRole('alert')).toContainText(
		'Not saved: a setting is not valid'
	);
	await expect(limit).toHaveAttribute('aria-invalid', 'true');
	await expect(limit).toHaveAccessibleDescription(/expected number to be >=1/);

	await limit.fill('7');
	await save(page);
	await expect(limit).not.toHaveAttribute('aria-invalid');
	await expect(settingsForm(page).getByRole('status')).toContainText('Saved.');

	// By keyboard: the reset asks first, and its confirmation takes the focus.
	await page.getByRole('button', { name: 'Reset to defaults' }).focus();
	await page.keyboard.press('Enter');
	const confirm = page.getByRole('group', { name: 'Confirm the reset' });
	await expect(confirm.getByRole('button', { name: 'Reset' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(settingsForm(page).getByRole('status')).toContainText(
		'Reset to the defaults. Applied at once: REST requests per window.'
	);
	await expect(limit).toHaveValue('100');
	await page.screenshot({ path: '/tmp/settings-1280-light.png', fullPage: true });

	await page.reload();
	await expect(page.getByRole('textbox', { name: LIMIT })).toHaveValue('100');
	const config = await apiFetch(page, '/api/v1/system/config');
	expect(config.body).toMatchObject({ data: { arsenal: { rateLimit: { limit: 100 } } } });
	expect(problems).toEqual([]);
});
