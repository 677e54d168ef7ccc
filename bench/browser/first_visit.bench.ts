// The first visit (issue 12, part 3), as a learner meets it: a fresh browser profile (no
// service worker, nothing cached), then the same profile again once the app is cached (warm).
// Times are taken in the page (performance.now(), from the navigation's start, or from the
// click), where a MutationObserver sees each moment; the median of RUNS profiles is reported.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { writeResult } from './results';

const RUNS = 3;
/** How long a learner reads the templates in the "reading" visit. */
const READ_MS = 5000;

interface Marks {
	rest?: number;
	click?: number;
	editor?: number;
	monaco?: number;
	running?: number;
}

/** Records, in every page of `context`, when each moment first happens. */
async function recordMarks(context: BrowserContext): Promise<void> {
	await context.addInitScript(() => {
		const marks: Record<string, number> = {};
		Object.assign(window, { __marks: marks });
		const mark = (name: string, seen: boolean) => {
			if (seen) marks[name] ??= performance.now();
		};
		new MutationObserver(() => {
			const rest = document.querySelector('article[aria-labelledby="api-title"]');
			mark('rest', rest?.textContent?.includes('Healthy') ?? false);
			if (marks.click === undefined) return;
			mark('editor', document.querySelector('.code .editor') !== null);
			mark('monaco', document.querySelector('.code .monaco-editor') !== null);
			mark('running', document.querySelector('.toolbar .badge')?.textContent === 'running');
		}).observe(document, { subtree: true, childList: true, characterData: true });
		addEventListener(
			'click',
			(event) => {
				const button = (event.target as Element).closest('button');
				if (button?.textContent?.includes('Create and run')) marks.click = performance.now();
			},
			true
		);
	});
}

const marksOf = (page: Page) =>
	page.evaluate(() => (window as unknown as { __marks: Marks }).__marks);

/**
 * Opens the overview (REST answers), then creates and runs a Counter, at once or after reading
 * the templates for `readMs` (the page loads the compiler meanwhile); the page's marks.
 */
async function visit(page: Page, id: string, readMs = 0): Promise<Required<Marks>> {
	await page.goto('/');
	await expect(page.getByRole('article', { name: 'REST API' }).getByText('Healthy')).toBeVisible();
	await page.getByRole('link', { name: 'Sandboxes', exact: true }).first().click();
	await page.getByRole('radio', { name: /^Counter GenServer/ }).check();
	await page.getByRole('textbox', { name: 'Id' }).fill(id);
	if (readMs) await page.waitForTimeout(readMs);
	await page.getByRole('button', { name: 'Create and run' }).click();
	await expect(page.locator('.toolbar .badge')).toHaveText('running', { timeout: 60_000 });
	await expect(page.locator('.code .monaco-editor')).toBeVisible();
	return (await marksOf(page)) as Required<Marks>;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

test('first visit: REST after load, Create and run to the editor and to the first counter running', async ({
	browser
}) => {
	test.setTimeout(600_000);
	const runs = {
		cold: [] as Required<Marks>[],
		'cold, 5 s on /sandboxes': [] as Required<Marks>[],
		warm: [] as Required<Marks>[]
	};
	const newPage = async () => {
		const context = await browser.newContext();
		await recordMarks(context);
		return context.newPage();
	};
	for (let i = 0; i < RUNS; i++) {
		const page = await newPage();
		runs.cold.push(await visit(page, `cold-${i}`));
		// Warm: the same profile once everything is cached, a new page load.
		await expect(
			page.getByRole('contentinfo').getByRole('status').filter({ hasText: 'Ready offline' })
		).toBeVisible({ timeout: 120_000 });
		runs.warm.push(await visit(page, `warm-${i}`));
		await page.context().close();

		const reader = await newPage();
		runs['cold, 5 s on /sandboxes'].push(await visit(reader, `read-${i}`, READ_MS));
		await reader.context().close();
	}

	const figure = (name: string, values: number[], max?: number) => {
		const value = Number(median(values).toPrecision(4));
		return {
			name,
			value,
			unit: 'ms',
			n: values.length,
			runs: values.map((v) => Math.round(v)),
			...(max !== undefined && { goal: `≤ ${max} ms`, met: value <= max })
		};
	};
	const figures = (['cold', 'cold, 5 s on /sandboxes', 'warm'] as const).flatMap((kind) => {
		const marks = runs[kind];
		return [
			figure(
				`${kind}: navigation → REST answering`,
				marks.map((m) => m.rest),
				1000
			),
			figure(
				`${kind}: Create and run → editor shown`,
				marks.map((m) => m.editor - m.click),
				300
			),
			figure(
				`${kind}: Create and run → monaco ready`,
				marks.map((m) => m.monaco - m.click)
			),
			figure(
				`${kind}: Create and run → first counter running`,
				marks.map((m) => m.running - m.click),
				3000
			)
		];
	});
	writeResult('first_visit', browser.version(), figures);
	console.log(JSON.stringify(figures, null, 1));
});
