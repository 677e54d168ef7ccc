// Issue 12, part 3: the first visit is fast. A fresh browser profile (each test's own context):
// no service worker, nothing cached, the compiler never downloaded.
import type { Page } from '@playwright/test';
import { fitsWidth, goByLink, toPhoneDark } from './helpers';
import { expect, test } from './quiet_console';

/**
 * Keeps, in the page, every text shown for a moment that a test must see or never see: the
 * run's steps as they change, and any "A sandbox called … exists".
 */
async function recordTransients(page: Page): Promise<void> {
	await page.addInitScript(() => {
		const seen = { steps: [] as string[], exists: [] as string[] };
		Object.assign(window, { __seen: seen });
		new MutationObserver(() => {
			const steps = document.querySelector('[aria-label="Run steps"]')?.textContent ?? '';
			if (steps && steps !== seen.steps.at(-1)) seen.steps.push(steps.replace(/\s+/g, ' '));
			const exists = /A sandbox called \S+ exists/.exec(document.body?.innerText ?? '');
			if (exists) seen.exists.push(exists[0]);
		}).observe(document, { subtree: true, childList: true, characterData: true });
	});
}

function transients(page: Page): Promise<{ steps: string[]; exists: string[] }> {
	return page.evaluate(
		() => (window as unknown as { __seen: { steps: string[]; exists: string[] } }).__seen
	);
}

/** Creates a sandbox from the Counter template as a learner does, from /sandboxes. */
async function createAndRun(page: Page, id: string): Promise<void> {
	await page.getByRole('radio', { name: /^Counter GenServer/ }).check();
	await page.getByRole('textbox', { name: 'Id' }).fill(id);
	await page.getByRole('button', { name: 'Create and run' }).click();
}

/** The shown file is type-checked, with no error: its imports of the sandbox's files resolve. */
async function expectNoTypeErrors(page: Page, file: string): Promise<void> {
	// The editor's first load: seconds, more on a busy machine.
	await expect(page.getByRole('status').filter({ hasText: `No errors in ${file}` })).toBeVisible({
		timeout: 60_000
	});
	await expect(page.locator('.monaco-editor .squiggly-error')).toHaveCount(0);
}

// One cold first visit (it costs): light on a desktop, then dark at 390 px for the steps' layout
// and the second sandbox.
test.describe('first visit', () => {
	test('REST answers at once; Create and run opens the editor at once, shows its steps and runs; imports resolve', async ({
		page,
		context
	}) => {
		test.setTimeout(120_000);
		await recordTransients(page);
		// The compiler's download is held until the editor shows: the page may have started it
		// (a learner who lingers on /sandboxes), and its bytes must show in the run's steps.
		let release = () => {};
		const editorShown = new Promise<void>((resolve) => (release = resolve));
		await context.route(/esbuild-[\w-]+\.wasm$/, async (route) => {
			await editorShown;
			await route.continue();
		});
		await page.goto('/');
		await expect(
			page.getByRole('article', { name: 'REST API' }).getByText('Healthy')
		).toBeVisible();

		await goByLink(page, 'Sandboxes');
		await createAndRun(page, 'fv-first');
		// The editor opens before anything is compiled: the steps show there.
		await expect(page).toHaveURL('/sandboxes/fv-first');
		await expect(page.getByRole('heading', { name: 'fv-first' })).toBeVisible();
		await expect(page.getByRole('list', { name: 'Run steps' })).toContainText(
			'Getting the compiler'
		);
		// The run goes first: the editor waits for the program's build, and says so.
		await expect(
			page.getByRole('status').filter({ hasText: 'The editor loads once your program is built' })
		).toBeVisible();
		release();
		await expect(page.locator('.toolbar .badge')).toHaveText('running', { timeout: 60_000 });
		await expect(page.locator('.console')).toContainText('count is', { timeout: 60_000 });
		// One line per moment, so that a failure shows them all.
		const steps = (await transients(page)).steps.join('\n');
		expect(steps).toMatch(/^.*Downloading the compiler\s*[\d.]+( of [\d.]+)? MB.*$/m);
		expect(steps).toMatch(/^.*Compiler ready.*Compiling.*$/m);
		expect(steps).toMatch(/^.*Compiled.*Starting.*$/m);
		await expectNoTypeErrors(page, 'main.ts');
		await page.screenshot({ path: '/tmp/offline-first-visit-light.png' });
		await toPhoneDark(page);
		expect(await fitsWidth(page, '.check, .outcome')).toBe(true);
		await page.screenshot({ path: '/tmp/offline-first-visit-dark-390.png' });

		// A second sandbox in the same tab: the editor (and TypeScript's worker) is already up.
		await page.getByRole('link', { name: '← Sandboxes' }).click();
		await createAndRun(page, 'fv-second');
		await expect(page).toHaveURL('/sandboxes/fv-second');
		await expectNoTypeErrors(page, 'main.ts');
		await page.getByRole('tab', { name: 'counter.ts' }).click();
		await expectNoTypeErrors(page, 'counter.ts');
		await expect(page.locator('.toolbar .badge')).toHaveText('running');

		// Never an error about the sandbox being created by this very click.
		expect((await transients(page)).exists).toEqual([]);
	});
});
