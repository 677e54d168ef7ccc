// Issue 15, part 4: a learner takes the first lesson — reads it, fails a check, makes the change
// in the editor, checks again and sees it done; the progress and the code outlive a reload.
import type { Page } from '@playwright/test';
import { hotReloadLesson } from '../../src/lib/lessons/hot_reload';
import { solvedFiles } from '../../src/lib/lessons/lesson';
import { processesLesson } from '../../src/lib/lessons/processes';
import { fitsWidth, toPhoneDark } from './helpers';
import { expect, test } from './quiet_console';

const LESSON = processesLesson.title;
const SHOTS = 'test-results/learn';
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

const checks = (page: Page) => page.getByRole('region', { name: 'Checks' });

async function check(page: Page): Promise<void> {
	await checks(page).getByRole('button', { name: 'Check' }).click();
	// The first check of a visit downloads the compiler: seconds on a busy machine.
	await expect(checks(page).getByRole('status').first()).toHaveText(/checks met\.$/, {
		timeout: 60_000
	});
}

/** The page scrolls only down, and `selector`'s elements fit its width. */
async function expectFits(page: Page, selector: string): Promise<void> {
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	expect(await fitsWidth(page, selector)).toBe(true);
}

test.describe.configure({ mode: 'serial' });

test('a newcomer finds the first lesson, meets its checks, and finds it done after a reload', async ({
	page
}) => {
	test.setTimeout(180_000);
	await page.goto('/');
	const start = page.getByRole('link', { name: `Start lesson 1: ${LESSON}` });
	await expect(start).toBeVisible();
	await page.screenshot({ path: `${SHOTS}/overview-light.png` });
	await start.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(LESSON);

	await page.getByRole('link', { name: 'Learn', exact: true }).first().click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Learn OTP supervision');
	const first = page.getByRole('listitem').filter({ hasText: LESSON });
	await expect(first).toContainText('Not yet');
	await page.screenshot({ path: `${SHOTS}/list-light.png`, fullPage: true });
	await first.getByRole('link', { name: LESSON }).click();

	// The starting code fails a check, which says why in plain words.
	await expect(page.locator('.monaco-editor').first()).toBeVisible({ timeout: 30_000 });
	await check(page);
	await expect(checks(page).getByRole('status').first()).toHaveText('1 of 2 checks met.');
	await expect(checks(page)).toContainText(
		'The echo answered 1 of 3 messages: after that its function returned, and its process ended.'
	);
	await page.screenshot({ path: `${SHOTS}/lesson-failing-light.png`, fullPage: true });

	// The change, typed as a learner would: the comment after the answer becomes a loop's way
	// back (Erlang's tail call), in echo.ts.
	await page.getByRole('tab', { name: 'echo.ts' }).click();
	await page.locator('.view-line').filter({ hasText: 'Nothing more to do' }).click();
	await page.keyboard.press('End');
	await page.keyboard.press('Shift+Home');
	await page.keyboard.type('return echo(ctx);');
	await check(page);
	await expect(checks(page).getByRole('status').first()).toHaveText('2 of 2 checks met.');
	const success = checks(page).getByRole('status').filter({ hasText: 'Lesson done' });
	await expect(success).toBeFocused();
	await expect(success.getByRole('link', { name: /^Next: Links and trap_exit/ })).toBeVisible();
	await page.screenshot({ path: `${SHOTS}/lesson-done-light.png`, fullPage: true });

	// Its share link and embed, to copy.
	await page.getByText('Share or embed this lesson').click();
	await expect(page.getByRole('textbox', { name: 'Share link' })).toHaveValue(/\/share#1\./);
	await expect(page.getByRole('textbox', { name: 'Embed code' })).toHaveValue(
		/^<iframe src="http:\/\/[^"]+\/embed\?panes=editor%2Ctree%2Cconsole%2Ctests#1\./
	);

	// A reload: still done, and the code is as it was left.
	await page.reload();
	await expect(page.getByText('✓ Done')).toBeVisible();
	await page.getByRole('tab', { name: 'echo.ts' }).click();
	await expect(page.locator('.view-line').filter({ hasText: 'return echo(ctx);' })).toBeVisible({
		timeout: 30_000
	});
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.screenshot({ path: `${SHOTS}/lesson-done-dark.png`, fullPage: true });

	await page.goto('/learn');
	await expect(first).toContainText('Done');
	await expect(page.getByText('1 of 11 done')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Continue with Links and trap_exit' })).toBeVisible();
	await page.screenshot({ path: `${SHOTS}/list-dark.png`, fullPage: true });

	await toPhoneDark(page);
	await expectFits(page, '.lessons li, .lessons a');
	await page.screenshot({ path: `${SHOTS}/list-phone.png`, fullPage: true });
	await first.getByRole('link', { name: LESSON }).click();
	await expect(page.locator('.monaco-editor').first()).toBeVisible({ timeout: 30_000 });
	await expectFits(page, '.teach, .diagram, .task, .widget, .checks, .checks button, .pager');
	await page.screenshot({ path: `${SHOTS}/lesson-phone.png`, fullPage: true });
});

test('the hot reload lesson: a new version saved into the running counter counts on from its count', async ({
	page
}) => {
	test.setTimeout(180_000);
	await page.goto(`/learn/${hotReloadLesson.slug}`);
	const widget = page.getByRole('region', { name: hotReloadLesson.title });
	await widget.getByRole('button', { name: 'Run' }).click();
	const counts = widget.locator('.console .text').filter({ hasText: /^count \d+$/ });
	await expect(counts.nth(1)).toBeVisible({ timeout: 60_000 });
	const lastCount = async () => Number((await counts.last().textContent())!.split(' ')[1]);

	// The new version, pasted over the old one, and saved while it runs.
	await page.getByRole('tab', { name: 'counter.ts' }).click();
	await page.locator('.view-line').filter({ hasText: 'export const Counter' }).click();
	await page.keyboard.press(`${mod}+a`);
	await page.keyboard.insertText(solvedFiles(hotReloadLesson)['counter.ts']);
	const before = await lastCount();
	await page.keyboard.press(`${mod}+s`);
	await expect(widget.getByRole('status').filter({ hasText: 'counter.ts is now' })).toBeVisible();
	// Ten at a time, from where it was (a tick of the old code may come between).
	await expect.poll(lastCount, { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 10);
	expect((await lastCount()) - before).toBeLessThan(30);

	await check(page);
	await expect(checks(page).getByRole('status').first()).toHaveText('2 of 2 checks met.');
});

test('a lesson that does not exist says so, and leads to the list', async ({ page }) => {
	await page.goto('/learn/no-such-lesson');
	await expect(page.getByRole('alert')).toContainText('No lesson is called “no-such-lesson”');
	await page.getByRole('link', { name: 'See the lessons' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Learn OTP supervision');
});
