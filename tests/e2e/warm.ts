import { test as base, type BrowserContext } from '@playwright/test';

/**
 * `test` for a learner who comes back: one browser context per Playwright worker, kept warm
 * from test to test (its HTTP cache, service worker and offline cache stay), with a new page
 * for each test, and the app's saved data (IndexedDB, localStorage) cleared before it. A new
 * browser profile per test cost about a second of this 2-core machine's CPU each time.
 *
 * Tests of a first visit, or of what the service worker caches, use `@playwright/test`'s own
 * `test`: a fresh profile is their point.
 */
export const test = base.extend<object, { warmContext: BrowserContext }>({
	warmContext: [
		async ({ browser }, use, workerInfo) => {
			const { baseURL, serviceWorkers } = workerInfo.project.use;
			const context = await browser.newContext({ baseURL, serviceWorkers });
			await use(context);
			await context.close();
		},
		{ scope: 'worker' }
	],
	context: async ({ warmContext }, use) => {
		await use(warmContext);
		for (const page of warmContext.pages()) await page.close();
		await warmContext.unrouteAll({ behavior: 'ignoreErrors' });
		await warmContext.setOffline(false);
	},
	page: async ({ context, baseURL, colorScheme, viewport }, use) => {
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Storage.clearDataForOrigin', {
			origin: new URL(baseURL!).origin,
			storageTypes: 'indexeddb,local_storage,websql,file_systems'
		});
		await cdp.detach();
		// The options a test sets with `test.use`, which a shared context cannot take.
		await page.emulateMedia({ colorScheme });
		if (viewport) await page.setViewportSize(viewport);
		await use(page);
	}
});

export { expect } from '@playwright/test';
