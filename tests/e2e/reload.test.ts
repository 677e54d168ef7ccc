import type { Page } from '@playwright/test';
import { expect, test } from './warm';
import { apiFetch, consoleProblems, whenRuntimeReady } from './helpers';
import { consoleTexts, createdSandbox, sandboxView, TICKER } from './sandbox_api';

const ID = 'kept-by-reload';
const NODE = `sandbox_${ID}@superlearner`;

/** The Ticker child's pid, once the sandbox runs. */
async function tickerPid(page: Page): Promise<string> {
	let pid = '';
	await expect
		.poll(async () => {
			const view = await sandboxView(page, ID);
			pid = view.status === 'running' ? (view.children[0]?.pid ?? '') : '';
			return pid;
		})
		.toMatch(/^<\d+\.\d+\.0>$/);
	return pid;
}

test('a reload starts the running sandboxes again, and an old pid leads to its successor', async ({
	page
}) => {
	const problems = consoleProblems(page);
	await page.goto('/processes');
	await whenRuntimeReady(page);
	await createdSandbox(page, ID, TICKER);
	const before = await tickerPid(page);

	// The learner opens the Ticker's page (in the app: a page load would be a reload); the page
	// learns who it is (name, supervisor, child id).
	await page.getByRole('searchbox', { name: 'Filter processes' }).fill(before);
	await page.getByRole('grid', { name: 'Processes' }).getByRole('link', { name: before }).click();
	await expect(page.getByText(`${before} on ${NODE}`)).toBeVisible();
	// Its place under the supervisor is read after its info: what finds its successor.
	await expect(page.getByRole('term').filter({ hasText: /^Child$/ })).toBeVisible();

	await page.reload();
	await whenRuntimeReady(page);
	// The old pid belonged to the run before the reload; the page leads to its successor.
	await expect(
		page.getByRole('heading', { name: `No process ${before} is running` })
	).toBeVisible();
	await expect(page.getByText('This pid belonged to an earlier run')).toBeVisible();
	const after = await tickerPid(page);
	expect(after).not.toBe(before);
	const successor = page.getByRole('link', { name: after });
	await expect(successor).toBeVisible();
	await expect(page.getByText(/^Child Ticker of/)).toBeVisible();
	await page.screenshot({ path: 'test-results/reload-earlier-run.png' });
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.setViewportSize({ width: 390, height: 800 });
	await expect(successor).toBeVisible();
	await page.screenshot({ path: 'test-results/reload-earlier-run-dark-390.png' });

	// The sandbox made over REST runs again from its files, and its console says why.
	expect(await consoleTexts(page, ID)).toContain(
		'restarted after reload from its saved files: new pids (those of the earlier run are gone)'
	);
	const processes = await apiFetch(page, `/api/v1/processes?node=${NODE}`);
	expect((processes.body as { data: unknown[] }).data.length).toBeGreaterThan(1);

	await successor.click();
	await expect(page.getByText(`${after} on ${NODE}`)).toBeVisible();
	expect(problems).toEqual([]);
});
