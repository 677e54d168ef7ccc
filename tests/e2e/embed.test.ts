import type { Frame, Page } from '@playwright/test';
import { parseExperiment } from '../../src/lib/arsenal/experiment_schemas';
import { counterTemplate } from '../../src/lib/sandbox/templates/counter';
import { experimentPayload, readPayload } from '../../src/lib/share/experiment_link';
import { fitsWidth, PHONE_DARK } from './helpers';
import { expect, OFFLINE_NOISE, test } from './quiet_console';

/** A first visit boots three runtimes and compiles: slow on a busy 2-core machine. */
const SLOW = { timeout: 90_000 };
const DARK_BG = 'rgb(14, 17, 22)';

const log = (page: Page) => page.getByRole('list', { name: 'Messages from the widgets' });
const logged = (page: Page, text: string) => log(page).getByText(text, { exact: false }).first();

/** The document inside the widget iframe titled `title`. */
async function widgetFrame(page: Page, title: string): Promise<Frame> {
	const frame = await page.getByTitle(title).elementHandle();
	const content = await frame?.contentFrame();
	if (!content) throw new Error(`No frame titled ${title}`);
	return content;
}

/** How many nodes the frame's tree draws. */
function treeNodes(frame: Frame): Promise<number> {
	return frame.evaluate(() => {
		type Canvas = HTMLElement & { _cyreg?: { cy?: { nodes(): { length: number } } } };
		const el = document.querySelector<Canvas>('[data-testid="supervision-tree"]');
		return el?._cyreg?.cy?.nodes().length ?? 0;
	});
}

const theme = (frame: Frame) => frame.evaluate(() => document.documentElement.dataset.theme);
const background = (frame: Frame) =>
	frame.evaluate(() => getComputedStyle(document.body).backgroundColor);

test.describe('embedded widgets', () => {
	test('the demo page shows three widgets that say they are ready, and a run from the host starts one', async ({
		page
	}) => {
		test.setTimeout(240_000);
		await page.goto('/embed-demo.html');
		for (const n of [1, 2, 3]) {
			await expect(logged(page, `widget ${n}: ready {"version":1}`)).toBeVisible(SLOW);
		}

		const first = await widgetFrame(page, 'Widget 1: the counter');
		const widget = first.getByRole('region', { name: 'Counter GenServer' });
		await expect(widget.getByRole('button', { name: 'Run' })).toBeEnabled();
		await expect(widget.getByText('Not running.')).toBeVisible();
		// Nothing ran before it was asked to.
		await expect(logged(page, 'widget 1: status {"status":"running"}')).toHaveCount(0);

		await page.getByRole('button', { name: 'Run widget 1' }).click();
		await expect(logged(page, 'widget 1: status {"status":"running"}')).toBeVisible(SLOW);
		await expect(widget.getByText('running', { exact: true })).toBeVisible();
		await expect(
			first.getByRole('application', { name: "The sandbox's supervision tree" })
		).toBeVisible();
		await expect.poll(() => treeNodes(first), SLOW).toBeGreaterThanOrEqual(2);
		await expect(widget.getByText(/count is \d+/).first()).toBeVisible(SLOW);

		// The second is read-only, dark, and shows only its tree and console.
		const second = await widgetFrame(page, 'Widget 2: tree and console');
		await expect(second.getByRole('heading', { name: 'Supervision tree' })).toBeVisible();
		await expect(second.getByRole('heading', { name: 'Console' })).toBeVisible();
		await expect(second.getByRole('tab', { name: 'main.ts' })).toHaveCount(0);
		expect(await background(second)).toBe(DARK_BG);

		// The third got its experiment from the page, and plays its scenario after a run.
		const third = await widgetFrame(page, 'Widget 3: a scenario');
		await expect(third.getByRole('heading', { name: 'A worker that comes back' })).toBeVisible(
			SLOW
		);
		await page.getByRole('button', { name: 'Run widget 3' }).click();
		await expect(logged(page, 'widget 3: result {"result":{"kind":"scenario"')).toBeVisible(SLOW);
		await expect(logged(page, 'widget 3: result')).toContainText('"ok":true');
		await expect(logged(page, '"kind":"restart"')).toBeVisible();
		await expect(third.getByText('Scenario: 4 of 4 steps ok')).toBeVisible();

		// A theme from the host, at any time.
		await page.getByRole('button', { name: 'Dark theme' }).click();
		await expect.poll(() => theme(first)).toBe('dark');
		expect(await background(first)).toBe(DARK_BG);
		await page.screenshot({ path: 'test-results/embed-demo-dark.png', fullPage: true });
		await page.getByRole('button', { name: 'Light theme' }).click();
		await expect.poll(() => theme(first)).toBe('light');
		await page.screenshot({ path: 'test-results/embed-demo-light.png', fullPage: true });

		await page.getByRole('button', { name: 'Stop widget 1' }).click();
		await expect(logged(page, 'widget 1: status {"status":"stopped"}').last()).toBeVisible();
	});

	test.describe('offline', () => {
		test.use({ allowedConsole: [OFFLINE_NOISE] });

		test('the demo page and its widgets open again with no network', async ({ page, context }) => {
			test.setTimeout(240_000);
			await page.goto('/embed-demo.html');
			await expect(logged(page, 'widget 3: ready')).toBeVisible(SLOW);
			// The second visit runs under the service worker, which keeps what it serves.
			await page.reload();
			for (const n of [1, 2, 3]) {
				await expect(logged(page, `widget ${n}: ready`)).toBeVisible(SLOW);
			}
			await context.setOffline(true);
			await page.reload();
			await expect(page.getByRole('heading', { name: 'Three SuperLearner widgets' })).toBeVisible();
			for (const n of [1, 2, 3]) {
				await expect(logged(page, `widget ${n}: ready {"version":1}`)).toBeVisible(SLOW);
			}
		});
	});

	test("keeps the learner's edits across a reload of the page", async ({ page }) => {
		await page.goto('/embed?panes=editor');
		await expect(page.locator('.monaco-editor').first()).toHaveAttribute(
			'data-uri',
			'file:///src/main.ts',
			SLOW
		);
		await page.getByRole('textbox', { name: 'Code of main.ts' }).focus();
		await page.keyboard.press('Control+End');
		await page.keyboard.type('\n// kept across reloads');
		await expect(page.locator('.monaco-editor').first()).toContainText('// kept across reloads');
		await page.reload();
		await expect(page.locator('.monaco-editor').first()).toContainText(
			'// kept across reloads',
			SLOW
		);
	});

	test('a damaged link shows what is wrong with it', async ({ page }) => {
		const counter = parseExperiment(counterTemplate);
		if (!counter.ok) throw new Error(counter.message);
		const payload = await experimentPayload(counter.experiment);
		const cut = payload.slice(0, Math.floor(payload.length / 2));
		const read = await readPayload(cut);
		if (read.ok) throw new Error('A link cut in half still read');
		await page.goto(`/embed#${cut}`);
		const alert = page.getByRole('alert');
		await expect(alert.getByRole('heading')).toHaveText('This experiment cannot be opened');
		await expect(alert).toContainText(read.message);
	});

	test.describe('an unknown option', () => {
		const WARNING = 'The embed option colour is unknown, and ignored.';
		test.use({ allowedConsole: [new RegExp(WARNING.replace(/\./g, '\\.'))] });

		test('falls back to the defaults, with a console warning', async ({ page }) => {
			const warned = page.waitForEvent(
				'console',
				(message) => message.type() === 'warning' && message.text() === WARNING
			);
			await page.goto('/embed?colour=red');
			await warned;
			const widget = page.getByRole('region', { name: 'Counter GenServer' });
			await expect(widget.getByRole('heading', { name: 'Supervision tree' })).toBeVisible(SLOW);
			await expect(widget.getByRole('heading', { name: 'Console' })).toBeVisible();
			await expect(widget.getByRole('tab', { name: 'main.ts' })).toBeVisible();
			await expect(widget.getByRole('button', { name: 'Run' })).toBeEnabled(SLOW);
		});
	});

	test('a dark widget fits a 390-px phone, and is used with the keyboard', async ({ page }) => {
		await page.setViewportSize(PHONE_DARK.viewport);
		await page.emulateMedia({ colorScheme: 'light' });
		await page.goto('/embed?theme=dark&panes=editor,tree,console,tests');
		const widget = page.getByRole('region', { name: 'Counter GenServer' });
		const run = widget.getByRole('button', { name: 'Run' });
		await expect(run).toBeEnabled(SLOW);
		expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
		expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
			DARK_BG
		);
		await expect(widget.getByRole('button', { name: 'Test' })).toBeVisible();
		expect(await fitsWidth(page, '.widget, .widget button, .pane')).toBe(true);

		await run.focus();
		await page.keyboard.press('Enter');
		await expect(widget.getByText('running', { exact: true })).toBeVisible(SLOW);
		await expect(widget.getByText(/count is \d+/).first()).toBeVisible(SLOW);
		await page.screenshot({ path: 'test-results/embed-phone-dark.png', fullPage: true });
	});
});
