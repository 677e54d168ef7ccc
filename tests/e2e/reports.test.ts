import { expect, test, type Page } from '@playwright/test';
import { crashingTemplate } from '../../src/lib/sandbox/templates/crashing';
import { apiFetch, apiRequest, consoleProblems, goByLink } from './helpers';
import { clickNode } from './observer';
import { createdSandbox } from './sandbox_api';

const ID = 'e2e-crash';
/** The crashing template with the crasher throwing every 500 ms: the root gives up at once. */
const FRAGILE_FILES = {
	...crashingTemplate.files,
	'crasher.ts': crashingTemplate.files['crasher.ts'].replace(
		"['ok', { ticks: 0 }, 4000]",
		"['ok', { ticks: 0 }, 500]"
	)
};

interface Report {
	kind: 'crash' | 'supervisor';
	pid?: string;
	errorContext?: string;
	error?: { message: string; stack?: string };
	lastMessage?: unknown;
}

/** GET /api/v1/system/reports from the page, through the service worker. */
async function reports(page: Page, query: string): Promise<Report[]> {
	const res = await apiFetch(page, `/api/v1/system/reports?${query}`);
	expect(res.status).toBe(200);
	return (res.body as { data: Report[] }).data;
}

const consolePane = (page: Page) => page.getByRole('region', { name: 'Console' });

// One page for the whole story: the runtime, its sandboxes and their reports live as long as it.
test.describe.configure({ mode: 'serial' });
let page: Page;
let problems: string[];

test.describe('crash and supervisor reports', () => {
	test.beforeAll(async ({ browser }) => {
		page = await browser.newPage();
		problems = consoleProblems(page);
	});

	test.afterAll(async () => {
		await page.close();
	});

	test('a learner reads why the crasher crashed and why the root gave up', async () => {
		// Two first builds (esbuild-wasm starts cold) and a 4 s crash: slow on a busy machine.
		test.setTimeout(180_000);
		await page.goto('/sandboxes');
		await page.getByRole('radio', { name: /^Crashing worker/ }).check();
		await page.getByRole('textbox', { name: 'Id' }).fill(ID);
		await page.getByRole('button', { name: 'Create and run' }).click();
		await expect(page).toHaveURL(`/sandboxes/${ID}`, { timeout: 60_000 });

		// The crasher throws after 4 s: its crash report is one line, unfolded on a click.
		const report = consolePane(page)
			.locator('details')
			.filter({
				has: page.locator('summary', {
					hasText: /^crash: <\d+\.\d+\.0> Crasher — boom: the crasher crashed$/
				})
			})
			.first();
		const crashLine = report.locator('summary');
		await expect(crashLine).toBeVisible({ timeout: 20_000 });
		await expect(
			consolePane(page)
				.locator('summary')
				.filter({ hasText: /App: child crasher .* terminated/ })
				.first()
		).toBeVisible();
		await expect(report.getByText('Stack')).toBeHidden();
		await crashLine.click();
		await expect(report).toHaveAttribute('open', '');
		await expect(report.getByText('Last message')).toBeVisible();
		await expect(report.getByText('timeout', { exact: true })).toBeVisible();
		await expect(report.getByText('Stack')).toBeVisible();
		await expect(
			report.locator('pre').filter({ hasText: 'boom: the crasher crashed' })
		).toBeVisible();
		await page.screenshot({ path: '/tmp/reports-console-light.png', fullPage: true });

		// The same reports over REST, as any client reads them.
		const crashes = await reports(page, `node=sandbox_${ID}@superlearner&kind=crash`);
		expect(crashes[0]).toMatchObject({
			kind: 'crash',
			error: { message: 'boom: the crasher crashed' },
			lastMessage: 'timeout'
		});
		expect(crashes[0].error?.stack).toContain('boom: the crasher crashed');
		const logged = problems.length;
		const bad = await apiFetch(page, '/api/v1/system/reports?pid=crasher');
		expect(bad.status).toBe(422);
		// The browser logs the 422 this test asked for; nothing else may be logged.
		await expect
			.poll(() => problems.slice(logged))
			.toEqual([expect.stringContaining('status of 422')]);
		problems.splice(logged);

		// The dead crasher's page shows its report: its pid on the line is a link.
		await report.locator('..').getByRole('link', { name: crashes[0].pid! }).first().click();
		await expect(page).toHaveURL(/\/processes\//);
		const reportsRegion = page.getByRole('region', { name: 'Reports' });
		await expect(reportsRegion.locator('details[open] summary')).toContainText(
			'boom: the crasher crashed'
		);
		await expect(reportsRegion.getByText('Stack')).toBeVisible();
		await page.screenshot({ path: '/tmp/reports-process-light.png', fullPage: true });

		// A crasher that throws every 500 ms makes the root give up: the status says which child.
		await createdSandbox(page, `${ID}-fragile`, FRAGILE_FILES);
		await goByLink(page, 'Sandboxes');
		await goByLink(page, `${ID}-fragile`);
		await expect(page.getByRole('status').filter({ hasText: 'Failed:' })).toContainText(
			/the root supervisor <\d+\.\d+\.0> gave up: reached_max_restart_intensity \(4 restarts in 10 s; 3 allowed\) — child crasher: boom: the crasher crashed/,
			{ timeout: 60_000 }
		);
		await expect(
			consolePane(page).locator('summary').filter({ hasText: 'reached_max_restart_intensity' })
		).toBeVisible();
		const giveUp = await reports(page, `node=sandbox_${ID}-fragile@superlearner&kind=supervisor`);
		expect(giveUp.map((r) => r.errorContext)).toContain('shutdown');
		await page.screenshot({ path: '/tmp/reports-gave-up-light.png', fullPage: true });
		expect(problems).toEqual([]);
	});

	test('reads the same in dark mode at 390 px', async () => {
		await page.emulateMedia({ colorScheme: 'dark' });
		await page.setViewportSize({ width: 390, height: 844 });
		await goByLink(page, 'Sandboxes');
		await goByLink(page, ID);
		const crashLine = consolePane(page)
			.locator('summary')
			.filter({ hasText: /^crash: .* — boom: the crasher crashed$/ })
			.first();
		await expect(crashLine).toBeVisible({ timeout: 20_000 });
		await crashLine.focus();
		await page.keyboard.press('Enter');
		const report = consolePane(page).locator('details[open]').first();
		await expect(report.getByText('Last message')).toBeVisible();
		await report.scrollIntoViewIfNeeded();
		await page.screenshot({ path: '/tmp/reports-console-dark-390.png' });
		// The console and its unfolded report fit the screen.
		const box = await report.boundingBox();
		expect(box!.x).toBeGreaterThanOrEqual(0);
		expect(box!.x + box!.width).toBeLessThanOrEqual(390);

		const [crash] = await reports(page, `node=sandbox_${ID}@superlearner&kind=crash`);
		await consolePane(page).getByRole('link', { name: crash.pid! }).first().click();
		await expect(
			page.getByRole('region', { name: 'Reports' }).locator('details[open] summary')
		).toContainText('boom: the crasher crashed');
		await page.screenshot({ path: '/tmp/reports-process-dark-390.png', fullPage: true });
		expect(problems).toEqual([]);
	});
});

test.describe('a supervisor’s side panel', () => {
	test('lists its reports, live: a killed child shows as child_terminated', async ({ page }) => {
		const problems = consoleProblems(page);
		await page.goto('/supervisors');
		await clickNode(page, 'Demo.Supervisor');
		const aside = page.locator('aside');
		const panel = aside.getByRole('region', { name: 'Supervisor reports' });
		// Demo.Flaky may have crashed on its own already: the list is read either way.
		await expect(panel.getByText('Reading the reports…')).toBeHidden();
		const flaky = await apiFetch(page, '/api/v1/processes/Demo.Flaky');
		const pid = (flaky.body as { data: { pid: string } }).data.pid;
		await apiRequest(page, 'DELETE', `/api/v1/processes/${encodeURIComponent(pid)}`);
		const line = panel
			.locator('summary')
			.filter({ hasText: `child Demo.Flaky (${pid}) terminated — killed` });
		await expect(line).toBeVisible();
		await line.click();
		await expect(panel.getByText('A child terminated')).toBeVisible();
		await page.screenshot({ path: '/tmp/reports-supervisor-panel-light.png', fullPage: true });

		// The overview's events show the same crash, folded to a line.
		await page
			.getByRole('navigation', { name: 'Main' })
			.getByRole('link', { name: 'Overview' })
			.click();
		const events = page.getByRole('region', { name: 'Latest events' });
		const crash = events
			.locator('summary')
			.filter({ hasText: `crash: ${pid} Demo.Flaky — killed (exit signal from <0.0.0>)` });
		await expect(crash).toBeVisible();
		await crash.click();
		await expect(events.locator('details[open]').getByText('Killed by')).toBeVisible();
		await page.screenshot({ path: '/tmp/reports-overview-light.png', fullPage: true });
		expect(problems).toEqual([]);
	});
});
