import type { Page } from '@playwright/test';
import { expect, test } from './warm';
import { poolTemplate } from '../../src/lib/sandbox/templates/pool';
import { whenRuntimeReady } from './helpers';
import { clickNode, nodeData, treeCanvas, waitForLabel, waitForNode } from './observer';
import { createSandbox } from './sandbox_api';

const COUNTER = 'Demo.Supervisor/Demo.Counter';
const JOBS = 'Demo.Supervisor/Demo.Jobs';

type Cy = {
	zoom(): number;
	width(): number;
	height(): number;
	nodes(): { map<T>(f: (n: CyNode) => T): T[] };
	getElementById(id: string): CyNode;
};
type CyNode = {
	id(): string;
	length: number;
	style(name: string): string;
	renderedBoundingBox(opts?: { includeLabels?: boolean }): {
		x1: number;
		y1: number;
		x2: number;
		y2: number;
	};
};

/** Runs `fn` on the page's cytoscape instance. */
async function onTree<T>(page: Page, fn: (cy: Cy, arg: string) => T, arg = ''): Promise<T> {
	const cy = await page.evaluateHandle(
		() =>
			(
				document.querySelector('[data-testid="supervision-tree"]') as HTMLElement & {
					_cyreg: { cy: Cy };
				}
			)._cyreg.cy
	);
	try {
		return await cy.evaluate(fn, arg);
	} finally {
		await cy.dispose();
	}
}

/** Keys of the drawn nodes under `prefix`. */
const keysUnder = (page: Page, prefix: string) =>
	onTree(
		page,
		(cy, p) =>
			cy
				.nodes()
				.map((n) => n.id())
				.filter((k) => k.startsWith(p)),
		prefix
	);

/** Console warnings and errors of `page`. */
function consoleProblems(page: Page): string[] {
	const problems: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'warning' || m.type() === 'error') problems.push(m.text());
	});
	return problems;
}

const aside = (page: Page) => page.locator('aside');
const heading = (page: Page) => aside(page).getByRole('heading', { level: 2 });

test.describe('the tree in dark mode', () => {
	test.use({ colorScheme: 'dark' });

	test('fills its nodes with the theme’s colours and logs no warning', async ({ page }) => {
		const problems = consoleProblems(page);
		await page.goto('/supervisors');
		await waitForNode(page, COUNTER);
		const fills = await onTree(page, (cy) => ({
			supervisor: cy.getElementById('Demo.Supervisor').style('background-color'),
			worker: cy.getElementById('Demo.Supervisor/Demo.Counter').style('background-color')
		}));
		// cytoscape's own grey (#999) is what a fill it rejected leaves.
		expect(fills.supervisor).not.toBe('rgb(153,153,153)');
		expect(fills.worker).not.toBe('rgb(153,153,153)');
		// The dark surface, with a little of the accent over it: dark, and violet-tinged.
		const [r, g, b] = fills.supervisor.match(/\d+/g)!.map(Number);
		expect(Math.max(r, g, b)).toBeLessThan(80);
		expect(b).toBeGreaterThan(g);
		await page.screenshot({ path: '/tmp/defects-tree-dark.png' });
		expect(problems).toEqual([]);
	});
});

test.describe('the supervisor side panel', () => {
	test('shows a terminated child as stopped at once, and a deleted one gone', async ({ page }) => {
		await page.goto('/supervisors');
		await clickNode(page, COUNTER);
		await expect(heading(page)).toHaveText('Demo.Counter');
		await aside(page).getByRole('button', { name: 'Terminate' }).click();
		await expect(aside(page).getByRole('status')).toContainText("Terminated 'Demo.Counter'");
		// Not up to 5 s later (the safety-net read): with the answer.
		await expect(aside(page).getByText('stopped', { exact: true })).toBeVisible({ timeout: 500 });
		await expect(aside(page).getByRole('button', { name: 'Terminate' })).toBeHidden({
			timeout: 500
		});
		await expect(aside(page).getByRole('button', { name: 'Restart' })).toBeVisible();
		await expect.poll(async () => (await nodeData(page, COUNTER)).status).toBe('stopped');

		await aside(page).getByRole('button', { name: 'Delete' }).click();
		// Its panel gives way to its supervisor's, whose children no longer list it.
		await expect(heading(page)).toHaveText('Demo.Supervisor', { timeout: 1000 });
		const children = aside(page).getByRole('region', { name: 'Children' });
		await expect(children.getByRole('button', { name: /Demo\.Pipeline/ })).toBeVisible();
		await expect(children.getByRole('button', { name: /Demo\.Counter/ })).toHaveCount(0);
		await expect.poll(() => keysUnder(page, COUNTER)).toEqual([]);
	});

	test('a pool’s terminated child leaves the pool at once', async ({ page }) => {
		await page.goto('/supervisors');
		await waitForNode(page, JOBS);
		// A DynamicSupervisor is 'dynamic' here as in a sandbox.
		expect((await nodeData(page, JOBS)).text).toMatch(/\ndynamic · </);
		const [job] = await keysUnder(page, `${JOBS}/`);
		await clickNode(page, job);
		await aside(page).getByRole('button', { name: 'Terminate' }).click();
		await expect(heading(page)).toHaveText('Demo.Jobs', { timeout: 1000 });
		await expect.poll(() => keysUnder(page, job)).toEqual([]);
		await expect(aside(page).getByText(/^2 of 2 running$/)).toBeVisible();
	});

	test('explains each exit reason and fault in full, never clipped', async ({ page }) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto('/supervisors');
		await waitForNode(page, COUNTER);
		await page.getByLabel('Find in the tree').fill('Demo.Counter');
		await page.getByRole('button', { name: 'Find' }).click();
		await expect(heading(page)).toHaveText('Demo.Counter');
		const reason = aside(page).getByLabel('Exit reason');
		await expect(reason).toHaveAccessibleDescription('Cannot be trapped: it exits as killed.');
		await reason.selectOption('normal');
		await expect(reason).toHaveAccessibleDescription('Ignored unless it traps exits.');
		const fault = aside(page).getByLabel('FaultSpec');
		await expect(fault).toHaveAccessibleDescription('It exits now, with the reason below.');
		// Every option's text fits its select: nothing is cut off.
		for (const select of [reason, fault]) {
			const fits = await select.evaluate((el: HTMLSelectElement) => {
				const probe = document.createElement('span');
				probe.style.cssText = `position:absolute;white-space:nowrap;font:${getComputedStyle(el).font}`;
				document.body.append(probe);
				const widest = Math.max(
					...[...el.options].map((o) => ((probe.textContent = o.text), probe.offsetWidth))
				);
				probe.remove();
				return widest < el.clientWidth - 24; // less the arrow
			});
			expect(fits).toBe(true);
		}
	});
});

test.describe('find in the tree', () => {
	test('selects what it finds and shows the root’s label whole', async ({ page }) => {
		await page.goto('/supervisors');
		await waitForNode(page, COUNTER);
		await page.getByLabel('Find in the tree').fill('Demo.Janitor');
		await page.getByRole('button', { name: 'Find' }).click();
		await expect(heading(page)).toHaveText('Demo.Janitor');
		await expect(page).toHaveURL(/node=Demo\.Supervisor%2FDemo\.CacheSupervisor%2FDemo\.Janitor/);

		await page.getByLabel('Find in the tree').fill('Demo.Supervisor');
		await page.getByRole('button', { name: 'Find' }).click();
		await expect(heading(page)).toHaveText('Demo.Supervisor');
		const inside = () =>
			onTree(page, (cy) => {
				const box = cy.getElementById('Demo.Supervisor').renderedBoundingBox({
					includeLabels: true
				});
				return box.x1 >= 0 && box.y1 >= 0 && box.x2 <= cy.width() && box.y2 <= cy.height();
			});
		await expect.poll(inside).toBe(true);
	});
});

test.describe('the sandbox tree', () => {
	test('names the pool dynamic as /supervisors does, fits readably, and widens', async ({
		page
	}) => {
		await page.goto('/');
		await whenRuntimeReady(page);
		expect((await createSandbox(page, 'tree-pool', poolTemplate.files)).status).toBe(201);
		// Through the app's links: a reload would start a fresh runtime, without the sandbox.
		await page
			.getByRole('navigation', { name: 'Main' })
			.getByRole('link', { name: 'Sandboxes' })
			.click();
		await page.getByRole('link', { name: 'tree-pool' }).first().click();
		const pool = await waitForLabel(page, 'pool');
		// The same label for a DynamicSupervisor here and on /supervisors.
		expect((await nodeData(page, pool)).text).toMatch(/\ndynamic · </);
		// The pool fills up (a job a second): its children are drawn in view.
		await expect.poll(async () => (await keysUnder(page, `${pool}/`)).length).toBeGreaterThan(2);
		await page.getByRole('button', { name: 'Fit' }).click();
		await expect
			.poll(() =>
				onTree(page, (cy) =>
					cy
						.nodes()
						.map((n) => n.renderedBoundingBox())
						.every((b) => b.x1 >= 0 && b.x2 <= cy.width())
				)
			)
			.toBe(true);
		// Fitted, the names are still at least 9 px high.
		expect(await onTree(page, (cy) => cy.zoom() * 12.5)).toBeGreaterThan(8.9);

		// The side with the tree widens from the keyboard.
		const tree = treeCanvas(page);
		const before = (await tree.boundingBox())!.width;
		const splitter = page.getByRole('separator', { name: /Width of the tree/ });
		await splitter.focus();
		await page.keyboard.press('ArrowLeft');
		await page.keyboard.press('ArrowLeft');
		await expect.poll(async () => (await tree.boundingBox())!.width).toBeGreaterThan(before + 80);
		await expect(splitter).toHaveAttribute('aria-valuenow', '60');
		await page.screenshot({ path: '/tmp/defects-sandbox-tree.png' });
	});
});
