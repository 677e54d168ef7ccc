// Issue 12, part 5: nothing typed is lost, offline included. Each part starts from a fresh
// browser profile (the test's own context, or a new one), as a learner's first visit.
import type { BrowserContext, Page } from '@playwright/test';
import { expect, OFFLINE_NOISE, test } from './quiet_console';
import { apiFetch, fitsWidth, toPhoneDark, whenRuntimeReady } from './helpers';

const editor = (page: Page) => page.locator('.monaco-editor').first();
const badge = (page: Page) => page.locator('.toolbar .badge');
const offlineStatus = (page: Page) =>
	page
		.getByRole('contentinfo')
		.getByRole('status')
		.filter({ hasText: /offline/ });

/**
 * Creates a sandbox from the Counter template from /sandboxes, and waits for its editor;
 * `clicked` runs right after the click.
 */
async function createAndRun(page: Page, id: string, clicked = () => {}): Promise<void> {
	await page.getByRole('radio', { name: /^Counter GenServer/ }).check();
	await page.getByRole('textbox', { name: 'Id' }).fill(id);
	await page.getByRole('button', { name: 'Create and run' }).click();
	clicked();
	await expect(page).toHaveURL(`/sandboxes/${id}`);
	// The editor's first load: seconds, more on a busy machine.
	await expect(page.getByRole('status').filter({ hasText: 'No errors in main.ts' })).toBeVisible({
		timeout: 60_000
	});
}

/** Types `text` on a new last line of the file shown. */
async function typeAtEnd(page: Page, text: string): Promise<void> {
	await editor(page).locator('.view-lines').click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type(`\n${text}`);
}

/** Removes the compiler's files from the app's offline cache and the browser's HTTP cache. */
async function forgetCompiler(context: BrowserContext, page: Page): Promise<void> {
	const removed = await page.evaluate(async () => {
		let count = 0;
		for (const name of await caches.keys()) {
			const cache = await caches.open(name);
			for (const request of await cache.keys()) {
				if (/esbuild|compiler\.worker/.test(request.url))
					count += Number(await cache.delete(request));
			}
		}
		return count;
	});
	expect(removed).toBeGreaterThanOrEqual(2);
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.clearBrowserCache');
	await cdp.detach();
}

// One first visit, as a learner's first minutes: light on a desktop for the first two parts,
// dark at 390 px once offline. The browser's own offline errors are expected there.
test.describe('nothing typed is lost', () => {
	test.use({ allowedConsole: [OFFLINE_NOISE] });

	test('a tab closed at once, two tabs on one sandbox, and offline after and before caching', async ({
		context,
		page
	}) => {
		test.setTimeout(240_000);
		const shot = (p: Page, what: string) =>
			p.screenshot({ path: `/tmp/offline-no-loss-${what}.png` });

		await test.step('an edit survives the tab closed right after typing', async () => {
			// A first visit, clicked before the runtime has started (its worker's script is held
			// back until the click): the click waits for the runtime, and says nothing is wrong.
			let release = () => {};
			const clicked = new Promise<void>((resolve) => (release = resolve));
			await context.route(/runtime\.worker/, async (route) => {
				await clicked;
				await route.continue();
			});
			await page.goto('/sandboxes');
			await createAndRun(page, 'nl-counter', release);
			await context.unrouteAll();
			await typeAtEnd(page, '// typed, then the tab closed');
			await page.close();

			const reopened = await context.newPage();
			await reopened.goto('/sandboxes/nl-counter');
			// The editor shows the file once it has loaded: seconds, more on a busy machine.
			await expect(editor(reopened)).toHaveAttribute('data-uri', 'file:///src/main.ts', {
				timeout: 60_000
			});
			await expect(editor(reopened)).toContainText('// typed, then the tab closed');
		});

		await test.step('a second tab says the sandbox is open elsewhere; take over, or a copy', async () => {
			const [first] = context.pages();
			await typeAtEnd(first, '// typed in the first tab');
			const second = await context.newPage();
			await second.goto('/sandboxes/nl-counter');
			await expect(second.getByRole('heading', { name: 'Open in another tab' })).toBeVisible();
			await expect(second.getByRole('button', { name: 'Open a copy' })).toBeVisible();
			await shot(second, 'open-elsewhere-light');
			await toPhoneDark(second);
			expect(await fitsWidth(second, '.elsewhere')).toBe(true);
			await shot(second, 'open-elsewhere-dark-390');

			await second.getByRole('button', { name: 'Take over here' }).click();
			await expect(editor(second)).toContainText('// typed in the first tab');
			await expect(first.getByRole('heading', { name: 'Taken over in another tab' })).toBeVisible();
			await shot(first, 'taken-over');

			await first.getByRole('button', { name: 'Open a copy' }).click();
			await expect(first).toHaveURL('/sandboxes/nl-counter-copy');
			await expect(editor(first)).toContainText('// typed in the first tab');
			await second.close();
			await first.close();
		});

		// The same profile, by now cached for offline use in the background.
		const learner = await context.newPage();
		await toPhoneDark(learner);

		await test.step('offline once the background caching has finished: the app, its API, compiling and running work', async () => {
			await learner.goto('/sandboxes');
			await expect(offlineStatus(learner)).toHaveText('✓ Ready offline', { timeout: 60_000 });
			await context.setOffline(true);
			await learner.reload();
			await whenRuntimeReady(learner);
			const health = await apiFetch(learner, '/api/v1/health');
			expect(health.body).toMatchObject({ data: { status: 'ok', node: 'system@superlearner' } });
			await createAndRun(learner, 'nl-offline');
			await expect(badge(learner)).toHaveText('running', { timeout: 60_000 });
			await expect(learner.locator('.console')).toContainText('count is', { timeout: 60_000 });
			await shot(learner, 'offline-running');
		});

		await test.step('offline before the compiler is downloaded: Run says so', async () => {
			// The background caching had not reached the compiler (the largest, so the last).
			await forgetCompiler(context, learner);
			await learner.reload();
			await expect(offlineStatus(learner)).toContainText('Not ready offline yet (compiler)');
			await learner.getByRole('button', { name: /^Run/ }).click();
			await expect(
				learner.getByRole('alert').filter({ hasText: 'The compiler is not downloaded yet' })
			).toContainText('and this browser is offline');
			expect(await fitsWidth(learner, 'footer .offline')).toBe(true);
			await shot(learner, 'offline-no-compiler');
		});
	});
});
