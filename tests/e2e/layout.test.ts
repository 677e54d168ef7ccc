import type { Page } from '@playwright/test';
import { expect, test } from './warm';
import { poolTemplate } from '../../src/lib/sandbox/templates/pool';
import { createSandbox } from './sandbox_api';
import { apiFetch, consoleProblems, PHONE_DARK, whenRuntimeReady } from './helpers';
import { waitForLabel, waitForNode } from './observer';

/** Every page, and what shows once it has loaded (its tree drawn, its table filled…). */
const PAGES: Array<{
	name: string;
	path: (pid: string) => string;
	ready: (page: Page) => Promise<void>;
}> = [
	{
		name: 'overview',
		path: () => '/',
		ready: (page) => expect(page.getByText('Running').first()).toBeVisible()
	},
	{
		name: 'processes',
		path: () => '/processes',
		ready: (page) =>
			expect(page.getByRole('grid', { name: 'Processes' }).getByRole('link').first()).toBeVisible()
	},
	{
		name: 'process',
		path: (pid) => `/processes/${encodeURIComponent(pid)}`,
		ready: (page) => expect(page.getByRole('heading', { level: 1 })).toHaveText('Demo.Counter')
	},
	{
		name: 'supervisors',
		path: () => '/supervisors',
		ready: (page) => waitForNode(page, 'Demo.Supervisor/Demo.Pipeline/Demo.Consumer')
	},
	{
		name: 'sandboxes',
		path: () => '/sandboxes',
		ready: (page) => expect(page.getByRole('link', { name: 'layout-pool' }).first()).toBeVisible()
	},
	{
		name: 'sandbox',
		path: () => '/sandboxes/layout-pool',
		ready: async (page) => {
			await expect(page.locator('.monaco-editor').first()).toBeVisible();
			await waitForLabel(page, 'pool');
		}
	},
	{
		name: 'cluster',
		path: () => '/cluster',
		ready: (page) =>
			expect(page.getByRole('heading', { name: /^No simulated nodes yet/ })).toBeVisible()
	},
	{
		name: 'arsenal',
		path: () => '/arsenal',
		ready: (page) =>
			expect(page.getByRole('heading', { level: 2, name: 'list_processes' })).toBeVisible()
	},
	{
		name: 'settings',
		path: () => '/settings',
		ready: (page) =>
			expect(page.getByRole('textbox', { name: 'REST requests per window' })).toBeVisible()
	},
	{
		name: 'bench',
		path: () => '/bench',
		ready: (page) => expect(page.getByRole('article', { name: 'Worker round trip' })).toBeVisible()
	}
];

/**
 * Opens `path` as a link in the app would, without reloading: the runtime (and the sandbox made
 * in it) lives as long as the tab's page.
 */
async function visit(page: Page, path: string): Promise<void> {
	await page.evaluate((href) => {
		const link = document.createElement('a');
		link.href = href;
		document.body.append(link);
		link.click();
		link.remove();
	}, path);
	await expect.poll(() => new URL(page.url()).pathname).toBe(new URL(path, page.url()).pathname);
}

/** Demo.Counter's pid, for its detail page. */
async function counterPid(page: Page): Promise<string> {
	const res = await apiFetch(page, '/api/v1/processes/Demo.Counter');
	const pid = (res.body as { data: { pid: string } }).data.pid;
	expect(pid).toMatch(/^<0\.\d+\.0>$/);
	return pid;
}

/** Light at a desktop's width, then dark on a phone: every page in both schemes, and at 390 px. */
const PASSES = [
	{ colorScheme: 'light', viewport: { width: 1280, height: 800 } },
	PHONE_DARK
] as const;

test('every page renders without a console warning or error, in light and dark, and fits a 390 px phone', async ({
	page
}) => {
	// Ten pages twice over, the sandbox's first build included.
	test.setTimeout(180_000);
	const problems = consoleProblems(page);
	await page.goto('/');
	await whenRuntimeReady(page);
	const created = await createSandbox(page, 'layout-pool', poolTemplate.files);
	expect(created.status).toBe(201);
	const pid = await counterPid(page);

	const widths: Record<string, number> = {};
	for (const { colorScheme, viewport } of PASSES) {
		await page.setViewportSize(viewport);
		await page.emulateMedia({ colorScheme });
		for (const { name, path, ready } of PAGES) {
			await visit(page, path(pid));
			await ready(page);
			await page.screenshot({
				path: `/tmp/defects-${name}-${viewport.width}-${colorScheme}.png`,
				fullPage: true
			});
			if (viewport.width === 390) {
				const { scrollWidth, clientWidth } = await page.evaluate(() => ({
					scrollWidth: document.documentElement.scrollWidth,
					clientWidth: document.documentElement.clientWidth
				}));
				widths[name] = scrollWidth;
				// Nothing scrolls sideways: not even into the scrollbar's gutter.
				expect(scrollWidth, `${name} at 390 px`).toBeLessThanOrEqual(clientWidth);
			}
		}
	}
	console.log('Largest layout width at 390 px:', JSON.stringify(widths));
	for (const [name, scrollWidth] of Object.entries(widths)) {
		expect(scrollWidth, `${name} at 390 px`).toBeLessThanOrEqual(390);
	}
	expect(problems).toEqual([]);
});

test.describe('navigation', () => {
	test('stays in place from page to page', async ({ page }) => {
		const places: number[] = [];
		await page.goto('/');
		for (const path of ['/', '/supervisors', '/arsenal', '/processes', '/sandboxes']) {
			await visit(page, path);
			const nav = page.getByRole('navigation', { name: 'Main' });
			await expect(nav).toBeVisible();
			places.push((await nav.boundingBox())!.x);
		}
		expect(new Set(places).size).toBe(1);
	});

	test('folds behind a Menu button on a phone, usable with the keyboard', async ({ page }) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto('/');
		const nav = page.getByRole('navigation', { name: 'Main' });
		const menu = page.getByRole('button', { name: 'Menu' });
		await expect(nav).toBeHidden();
		await expect(menu).toHaveAttribute('aria-expanded', 'false');
		await menu.focus();
		await page.keyboard.press('Enter');
		await expect(menu).toHaveAttribute('aria-expanded', 'true');
		await nav.getByRole('link', { name: 'Arsenal' }).click();
		await expect(page).toHaveURL(/\/arsenal$/);
		// The menu closes on the new page, and the page fits.
		await expect(nav).toBeHidden();
		await expect(page.getByRole('heading', { level: 1, name: 'Arsenal' })).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			390
		);
	});
});
