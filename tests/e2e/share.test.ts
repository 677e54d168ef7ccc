import { readFile } from 'node:fs/promises';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { counterTemplate } from '../../src/lib/sandbox/templates/counter';
import { goByLink, PHONE_DARK } from './helpers';
import { expect, test, watchConsole } from './quiet_console';
import { createdSandbox } from './sandbox_api';

const ID = 'e2e-share';
const STEPS = ['kill counter', 'wait 500 ms', 'check restarted of counter'];
const FILES = ['main.ts', 'counter.test.ts', 'counter.ts'];

const scenarioPane = (page: Page) => page.getByRole('region', { name: 'Scenario', exact: true });
const steps = (page: Page) =>
	page.getByRole('list', { name: 'Steps' }).first().getByRole('listitem');
/** Each step as the list shows it: its number, its words, and its buttons if it can be edited. */
const listed = (words: string[]) => words.map((w) => new RegExp(`^\\d+ ${w}( ↑ ↓ ✕)?\\s*$`));
const result = (page: Page) => page.getByRole('region', { name: 'Scenario result' }).first();
const restarts = (page: Page) => result(page).getByText(/ restarted after /);

/** A result's words, without its pids (another sandbox has other pids). */
async function resultWords(page: Page): Promise<{ summary: string; restarts: string[] }> {
	const summary = (await result(page).getByRole('status').textContent())?.trim() ?? '';
	const lines = await restarts(page).allTextContents();
	return { summary, restarts: lines.map((l) => l.replace(/<[\d.]+> → <[\d.]+>/, '').trim()) };
}

/** Shows the page in dark mode on a 390-px phone, screenshots it, and back to light. */
async function screenshots(page: Page, name: string, whole: Locator): Promise<void> {
	await page.screenshot({ path: `test-results/${name}-light.png`, fullPage: true });
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.screenshot({ path: `test-results/${name}-dark.png`, fullPage: true });
	await page.setViewportSize(PHONE_DARK.viewport);
	await expect(whole).toBeVisible();
	await page.screenshot({ path: `test-results/${name}-phone-dark.png`, fullPage: true });
	await page.setViewportSize({ width: 1280, height: 720 });
	await page.emulateMedia({ colorScheme: 'light' });
}

// One story: the experiment built in the first context is opened in a second one.
test.describe.configure({ mode: 'serial' });
let page: Page;
let other: BrowserContext;
let otherPage: Page;
/** Console warnings and errors of both browsers: each fails the test. */
let heard: { here: string[]; there: string[] };
const problems = () => [...heard.here, ...heard.there];
let link: string;
let played: { summary: string; restarts: string[] };
let exported: string;

/** A comment of `length` characters that compresses badly (a deterministic noise). */
function noise(length: number): string {
	const digits = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
	let seed = 7;
	let text = '// ';
	while (text.length < length) {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		text += digits[seed % digits.length];
	}
	return `${text}\n`;
}

/** Chooses a file for the Scenario pane's import, as the file picker would. */
const importFile = (page: Page, name: string, text: string) =>
	scenarioPane(page)
		.getByLabel('Experiment file to open as a new sandbox')
		.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

test.describe('share links', () => {
	test.beforeAll(async ({ browser }) => {
		page = await browser.newPage();
		other = await browser.newContext();
		heard = { here: watchConsole(page.context()), there: watchConsole(other) };
		otherPage = await other.newPage();
	});

	test.afterAll(async () => {
		await page.close();
		await other.close();
	});

	test('records a kill from the tree, a wait and a check, and plays them', async () => {
		await page.goto('/sandboxes');
		await page.getByRole('radio', { name: /^Counter GenServer/ }).check();
		await page.getByRole('textbox', { name: 'Id' }).fill(ID);
		await page.getByRole('button', { name: 'Create and run' }).click();
		await expect(page).toHaveURL(`/sandboxes/${ID}`, { timeout: 20_000 });
		const pane = scenarioPane(page);
		await expect(pane.getByText('No steps yet.')).toBeVisible();

		// Recording, a kill in the tree is a step.
		await pane.getByRole('button', { name: /Record$/ }).click();
		await expect(pane.getByRole('button', { name: /Stop recording$/ })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		const tree = page.getByRole('region', { name: 'Supervision tree' });
		await tree.getByLabel('Find in the tree').fill('counter');
		await tree.getByLabel('Find in the tree').press('Enter');
		await tree.getByRole('button', { name: 'Kill', exact: true }).click();
		await expect(tree.getByRole('status').filter({ hasText: /^Killed / })).toBeVisible();
		await expect(steps(page)).toHaveText(listed([STEPS[0]]));
		await pane.getByRole('button', { name: /Stop recording$/ }).click();

		// A wait and a check, by hand.
		await pane.getByText('Add a step').click();
		await pane.getByLabel('Wait (ms)').fill('500');
		await pane.getByRole('button', { name: 'Add wait' }).click();
		await pane.getByLabel('Target').selectOption({ label: 'counter' });
		await pane.getByLabel('Check').selectOption('restarted');
		await pane.getByRole('button', { name: 'Add check' }).click();
		await expect(steps(page)).toHaveText(listed(STEPS));

		// Played on a fresh start: the kill restarts the counter, and the check sees it.
		await pane.getByRole('button', { name: 'Play', exact: true }).click();
		await expect(result(page).getByRole('status')).toHaveText(
			/^Played 3 steps in [\d.]+ m?s: all ok · 1 restart · checks: 1 passed$/,
			{ timeout: 30_000 }
		);
		await expect(restarts(page)).toHaveCount(1);
		played = await resultWords(page);
		expect(played.restarts).toEqual(['↻ counter restarted after killed']);
		expect(problems()).toEqual([]);
	});

	test('exports it as a .json file; a file that is not an experiment changes nothing', async () => {
		const pane = scenarioPane(page);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			pane.getByRole('button', { name: 'Export .json' }).click()
		]);
		expect(download.suggestedFilename()).toBe(`${ID}.experiment.json`);
		exported = await readFile(await download.path(), 'utf8');
		const experiment = JSON.parse(exported) as { title: string; scenario: unknown[] };
		expect(experiment.title).toBe(ID);
		expect(experiment.scenario).toHaveLength(STEPS.length);

		const broken = { ...experiment, scenario: [{ kind: 'wait', ms: 'soon' }] };
		await importFile(page, 'broken.json', JSON.stringify(broken));
		await expect(pane.getByRole('alert').filter({ hasText: 'broken.json' })).toHaveText(
			/^broken\.json was not opened, and nothing was changed\. This file is not an experiment\. scenario\[0\]\.ms: /
		);
		await expect(page).toHaveURL(`/sandboxes/${ID}`);
		await expect(steps(page)).toHaveText(listed(STEPS));
		expect(problems()).toEqual([]);
	});

	test('shares the experiment as a link that fits, with Copy', async () => {
		await page.getByRole('button', { name: 'Share', exact: true }).click();
		const dialog = page.getByRole('dialog', { name: 'Share this experiment' });
		const field = dialog.getByRole('textbox', { name: 'Share link' });
		await expect(field).toHaveValue(/\/share#1\.[\w-]+$/);
		link = await field.inputValue();
		expect(link.length).toBeLessThanOrEqual(2000);
		await expect(dialog.getByText(/characters long/)).toHaveCount(0);
		await dialog.getByRole('button', { name: 'Copy' }).click();
		await expect(
			dialog.getByRole('status').filter({ hasText: /^(Copied|Selected)/ })
		).toBeVisible();
		await screenshots(page, 'share-dialog', dialog);
		await page.keyboard.press('Escape');
		await expect(dialog).toBeHidden();
		await screenshots(page, 'share-scenario', scenarioPane(page));
		expect(problems()).toEqual([]);
	});

	test('opens the link in a new browser: the same files and scenario, and Run it replays it', async () => {
		await otherPage.goto(link);
		await expect(otherPage.getByRole('heading', { level: 1 })).toHaveText(ID);
		await expect(
			otherPage.getByRole('heading', { name: 'This experiment came from a link' })
		).toBeVisible();
		await expect(otherPage.getByRole('tab')).toHaveText(FILES);
		await expect(steps(otherPage)).toHaveText(listed(STEPS));
		// Nothing of it runs before the click: no sandbox, no tree.
		await expect(otherPage.getByRole('region', { name: 'Supervision tree' })).toHaveCount(0);

		await otherPage.getByRole('button', { name: 'Run it' }).click();
		await expect(result(otherPage).getByRole('status')).toHaveText(played.summary, {
			timeout: 30_000
		});
		expect(await resultWords(otherPage)).toEqual(played);
		await expect(
			otherPage.getByRole('region', { name: 'Supervision tree' }).getByTestId('supervision-tree')
		).toBeVisible();
		await screenshots(otherPage, 'share-page', result(otherPage));
		expect(problems()).toEqual([]);
	});

	test('a damaged or cut link says what is wrong', async () => {
		const [start, payload] = link.split('#');
		const flipped = payload.slice(0, 20) + (payload[20] === 'A' ? 'B' : 'A') + payload.slice(21);
		for (const [bad, sentence] of [
			[`${start}#${payload.slice(0, -12)}`, /cut short or damaged|damaged/],
			[`${start}#${flipped}`, /damaged/],
			[`${start}#9.${payload.slice(2)}`, /newer SuperLearner/],
			[`${start}#`, /cut short/]
		] as const) {
			await otherPage.goto(bad);
			const alert = otherPage.getByRole('alert').filter({ hasText: 'This link cannot be opened' });
			await expect(alert).toContainText(sentence);
		}
		await screenshots(otherPage, 'share-bad-link', otherPage.getByRole('alert').first());
		expect(problems()).toEqual([]);
	});

	test('opens the link as my sandbox, with its scenario', async () => {
		await otherPage.goto(link);
		await otherPage.getByRole('button', { name: 'Open as my sandbox' }).click();
		await expect(otherPage).toHaveURL(`/sandboxes/${ID}`);
		await expect(steps(otherPage)).toHaveText(listed(STEPS));
		await expect(otherPage.getByRole('tab')).toHaveText(FILES);
		expect(problems()).toEqual([]);
	});

	test('an exported file imports as a new sandbox, with its scenario', async () => {
		await importFile(page, `${ID}.experiment.json`, exported);
		await expect(page).toHaveURL(`/sandboxes/${ID}-2`);
		await expect(steps(page)).toHaveText(listed(STEPS));
		expect(problems()).toEqual([]);
	});

	test('a link past 2,000 characters says so and offers the .json file', async () => {
		const files = { ...counterTemplate.files, 'notes.ts': noise(3000) };
		await createdSandbox(page, 'e2e-long', files);
		await goByLink(page, 'Sandboxes');
		await page.getByRole('link', { name: 'e2e-long' }).first().click();
		await page.getByRole('button', { name: 'Share', exact: true }).click();
		const dialog = page.getByRole('dialog', { name: 'Share this experiment' });
		await expect(dialog.getByRole('alert')).toContainText(
			/This link is [\d,]+ characters long: past 2,000/
		);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			dialog.getByRole('button', { name: 'Export .json' }).click()
		]);
		expect(download.suggestedFilename()).toBe('e2e-long.experiment.json');
		expect(problems()).toEqual([]);
	});
});
