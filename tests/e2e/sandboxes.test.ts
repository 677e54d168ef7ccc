import { expect, test, type Page } from '@playwright/test';
import { counterTemplate } from '../../src/lib/sandbox/templates/counter';
import { apiFetch, apiRequest, toPhoneDark } from './helpers';

const ID = 'e2e-counter';
const NODE = `sandbox_${ID}@superlearner`;
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** The 1-based line of the counter template where `text` first appears. */
function lineOf(text: string): number {
	return counterTemplate.files['counter.ts'].split('\n').findIndex((l) => l.includes(text)) + 1;
}

const TEST_FILE = 'counter.test.ts';

const editor = (page: Page) => page.locator('.monaco-editor').first();
const results = (page: Page) => page.getByRole('region', { name: 'Test results' });
const summary = (page: Page) => results(page).getByRole('status');
const badge = (page: Page) => page.locator('.toolbar .badge');

/** Shows `path` in the editor and puts the cursor at the end of `line`. */
async function goToLine(page: Page, path: string, line: number): Promise<void> {
	await page.getByRole('tab', { name: path }).click();
	await expect(editor(page)).toHaveAttribute('data-uri', `file:///src/${path}`);
	await editor(page).locator('.view-lines').click();
	await page.keyboard.press('Control+g');
	// Type into monaco's "Go to line" box once it is there: keys sent before it opens (a busy
	// machine) would land in the code.
	const goTo = page.getByRole('textbox', { name: /^Go to line/ });
	await expect(goTo).toBeFocused();
	await page.keyboard.type(String(line));
	await page.keyboard.press('Enter');
	await expect(goTo).toBeHidden();
	// Keys sent while the focus is still on its way back to the code would be lost (a busy
	// machine lost the Enter of "\nwhile (true) {}").
	await expect
		.poll(() => page.evaluate(() => !!document.activeElement?.closest('.monaco-editor')))
		.toBe(true);
	await page.keyboard.press('End');
}

/** The text of the line monaco's cursor is on, as drawn (its current-line highlight's row). */
function cursorLine(page: Page): Promise<string | undefined> {
	return page.evaluate(() => {
		const root = document.querySelector('.monaco-editor[role="code"]');
		const highlight = root?.querySelector<HTMLElement>('.view-overlays .current-line');
		const top = highlight?.parentElement?.style.top;
		if (top === undefined) return undefined;
		for (const line of root!.querySelectorAll<HTMLElement>('.view-lines .view-line')) {
			// Monaco draws spaces as no-break spaces.
			if (line.style.top === top) return line.textContent?.replace(/\u00a0/g, ' ').trim();
		}
		return undefined;
	});
}

/** The counter's pid and count, read through REST as any client would. */
async function counterState(page: Page): Promise<{ pid: string; count: number }> {
	const info = await apiFetch(page, `/api/v1/sandboxes/${ID}`);
	type Child = { pid: string; modules: string[] };
	const children = (info.body as { data: { children: Child[] } }).data.children;
	const pid = children.find((c) => c.modules.includes('Counter'))!.pid;
	const state = await apiFetch(page, `/api/v1/processes/${encodeURIComponent(pid)}/state`);
	const count = (state.body as { data: { state: { count: number } } }).data.state.count;
	return { pid, count };
}

/** Keys of the nodes drawn on the tree. */
function treeKeys(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		type Canvas = HTMLElement & {
			_cyreg?: { cy?: { nodes(): { map<T>(f: (n: { id(): string }) => T): T[] } } };
		};
		const el = document.querySelector<Canvas>('[data-testid="supervision-tree"]');
		return el?._cyreg?.cy?.nodes().map((n) => n.id()) ?? [];
	});
}

// One page for the whole story: the runtime lives as long as the tab, the code in its storage.
test.describe.configure({ mode: 'serial' });
let page: Page;

test.describe('sandboxes', () => {
	test.beforeAll(async ({ browser }) => {
		page = await browser.newPage();
	});

	test.afterAll(async () => {
		await page.close();
	});

	test('creates a sandbox from a template, runs it and shows its live tree and console', async () => {
		await page.goto('/sandboxes');
		await page.getByRole('radio', { name: /^Counter GenServer/ }).check();
		await page.getByRole('textbox', { name: 'Id' }).fill('bad id!');
		await expect(page.getByText('Letters, digits, _ and - only.')).toBeVisible();
		await expect(page.getByRole('button', { name: 'Create and run' })).toBeDisabled();
		await page.getByRole('textbox', { name: 'Id' }).fill(ID);
		await page.getByRole('button', { name: 'Create and run' }).click();

		// The first build of a visit starts esbuild-wasm first: seconds on a busy machine.
		await expect(page).toHaveURL(`/sandboxes/${ID}`, { timeout: 20_000 });
		await expect(badge(page)).toHaveText('running');
		await expect
			.poll(() => treeKeys(page), { timeout: 10_000 })
			.toContainEqual(expect.stringMatching(/\/counter$/));
		await expect(page.locator('.console')).toContainText('count is 2', { timeout: 10_000 });
		await expect(page.locator('.console a').first()).toHaveText(/^<\d+\.\d+\.0>$/);
		// The run's outcome names the root (it once said "0 processes" of a tree of three).
		await expect(page.getByRole('status').filter({ hasText: /^Running main\.ts/ })).toHaveText(
			/^Running main\.ts: its root is <\d+\.\d+\.0>\.$/
		);
	});

	test('marks a type error inline, then hot-reloads the fix and the counter keeps its count', async () => {
		const last = counterTemplate.files['counter.ts'].split('\n').length;
		await goToLine(page, 'counter.ts', last);
		await page.keyboard.type("\nexport const version: number = 'two';");
		await expect(editor(page).locator('.squiggly-error').first()).toBeVisible({ timeout: 20_000 });

		// The fix: a number, and a new version to load into the running counter.
		await page.keyboard.press('Control+Shift+k');
		await page.keyboard.type('export const version: number = 2;');
		await expect(editor(page).locator('.squiggly-error')).toHaveCount(0, { timeout: 20_000 });

		await expect.poll(async () => (await counterState(page)).count).toBeGreaterThan(2);
		const before = await counterState(page);
		await page.keyboard.press(`${mod}+s`);
		await expect(page.getByRole('status').filter({ hasText: 'counter.ts is now' })).toContainText(
			'1 process kept its state'
		);
		const after = await counterState(page);
		expect(after.pid).toBe(before.pid);
		expect(after.count).toBeGreaterThanOrEqual(before.count);
		await expect(page.getByRole('region', { name: 'Versions' })).toContainText('counter.ts');
	});

	test('asks before a rollback replaces unsaved edits, and the count survives back and forth', async () => {
		const versions = page.getByRole('region', { name: 'Versions' });
		const toV1 = versions.getByRole('button', { name: 'Roll counter.ts back to v1' });
		const question = versions.getByRole('alert');
		await goToLine(page, 'counter.ts', lineOf('count is'));
		await page.keyboard.type('\n// not saved');

		await toV1.click();
		await expect(question).toHaveText('Your unsaved edits to counter.ts will be replaced.');
		await expect(versions.getByRole('button', { name: 'Cancel' })).toBeFocused();
		await page.keyboard.press('Escape');
		await expect(question).toHaveCount(0);
		await expect(toV1).toBeFocused();
		await expect(editor(page)).toContainText('// not saved');

		const before = await counterState(page);
		await toV1.click();
		await versions.getByRole('button', { name: 'Replace my edits' }).click();
		await expect(
			page.getByRole('status').filter({ hasText: 'counter.ts is now v1' })
		).toContainText('1 process kept its state');
		await expect(editor(page)).not.toContainText('// not saved');

		// Forward again: the editor shows v1 unchanged, so nothing to ask.
		await versions.getByRole('button', { name: 'Roll counter.ts back to v2' }).click();
		await expect(
			page.getByRole('status').filter({ hasText: 'counter.ts is now v2' })
		).toBeVisible();
		await expect(question).toHaveCount(0);
		const after = await counterState(page);
		expect(after.pid).toBe(before.pid);
		expect(after.count).toBeGreaterThanOrEqual(before.count);
	});

	test('a learner adds a failing test, sees it red with its message and line, fixes it and sees it green', async () => {
		// The template's tests pass, from the Test button; the program keeps running.
		await page.getByRole('button', { name: /^Test/ }).click();
		await expect(summary(page)).toHaveText(/^Tests: 4 passed in /, { timeout: 20_000 });
		await expect(results(page).getByRole('listitem')).toHaveCount(4);

		// A new test at the end of the file (pasted), expecting what the counter does not do.
		const added = counterTemplate.files[TEST_FILE].trimEnd().split('\n').length + 1;
		const newTest = (name: string, count: number) =>
			`test('${name}', async ({ node }) => { const { pid } = await setupIsolatedGenServer(node, Counter); node.send(pid, 'tick'); expect(await node.call(pid, 'get')).toBe(${count}); });`;
		await goToLine(page, TEST_FILE, added - 1);
		await page.keyboard.press('Enter');
		await page.keyboard.insertText(newTest('counts to ten', 10));
		await page.keyboard.press(`${mod}+Shift+Enter`);

		await expect(summary(page)).toHaveText(/^Tests: 4 passed, 1 failed in /, { timeout: 20_000 });
		const failed = results(page).getByRole('listitem').filter({ hasText: 'counts to ten' });
		await expect(failed).toContainText('failed:');
		await expect(failed).toContainText('expected 1 to be 10');
		const place = failed.getByRole('button', { name: new RegExp(`^${TEST_FILE}:${added}:\\d+$`) });
		await expect(editor(page).locator('.squiggly-error').first()).toBeVisible();
		await page.getByRole('tab', { name: 'main.ts' }).click();
		await place.click();
		await expect(editor(page)).toHaveAttribute('data-uri', `file:///src/${TEST_FILE}`);
		await expect.poll(() => cursorLine(page)).toBe(newTest('counts to ten', 10));
		await expect(badge(page)).toHaveText('running');

		await page.screenshot({ path: 'test-results/sandbox-tests-failed.png', fullPage: true });
		await toPhoneDark(page);
		await expect(failed).toBeVisible();
		await page.screenshot({ path: 'test-results/sandbox-tests-phone-dark.png', fullPage: true });
		await page.setViewportSize({ width: 1280, height: 720 });
		await page.emulateMedia({ colorScheme: 'light' });

		// The fix: after one tick, the count is one.
		await page.keyboard.press('Control+Shift+k');
		await page.keyboard.press('Home');
		await page.keyboard.insertText(newTest('counts to one', 1) + '\n');
		await page.getByRole('button', { name: /^Test/ }).click();
		await expect(summary(page)).toHaveText(/^Tests: 5 passed in /, { timeout: 20_000 });
		await expect(
			results(page).getByRole('listitem').filter({ hasText: 'counts to one' })
		).toContainText('passed:');
		await expect(editor(page).locator('.squiggly-error')).toHaveCount(0);
	});

	test('a test that never yields fails as unresponsive in the browser too, and the others run', async () => {
		const files = {
			...counterTemplate.files,
			'loop.test.ts': [
				"import { test } from 'superlearner/test';",
				"test('spins', () => { while (true) {} });",
				"test('runs after', () => {});"
			].join('\n')
		};
		const created = await apiRequest(page, 'POST', '/api/v1/sandboxes', { id: 'e2e-loop', files });
		expect(created.status).toBe(201);
		const answer = await apiRequest(page, 'POST', '/api/v1/sandboxes/e2e-loop/test', {});
		expect(answer.status).toBe(200);
		type Run = {
			data: {
				failed: number;
				tests: Array<{ name: string; status: string; error?: { message: string } }>;
			};
		};
		const run = (answer.body as Run).data;
		const byName = new Map(run.tests.map((t) => [t.name, t]));
		expect(byName.get('spins')?.status).toBe('failed');
		expect(byName.get('spins')?.error?.message).toMatch(/^Unresponsive/);
		expect(byName.get('runs after')?.status).toBe('passed');
		expect(run.failed).toBe(1);
		expect((await apiRequest(page, 'DELETE', '/api/v1/sandboxes/e2e-loop')).status).toBe(200);
	});

	test('kills a sandbox stuck in an endless loop; the app stays responsive and the code stays', async () => {
		await goToLine(page, 'counter.ts', lineOf("if (message !== 'tick')"));
		await page.keyboard.type('\nwhile (true) {}');
		await page.keyboard.press(`${mod}+s`);
		await expect(page.getByRole('status').filter({ hasText: 'counter.ts is now' })).toBeVisible();

		// The next tick (within 1 s) loops forever in the sandbox's worker, until the watchdog ends
		// that worker (its timing is the unit tests' business, on the virtual clock). All along, the
		// page and the system node answer: the health is asked at every look at the badge.
		const health: number[] = [];
		await expect
			.poll(
				async () => {
					health.push((await apiFetch(page, '/api/v1/health')).status);
					return badge(page).textContent();
				},
				{ timeout: 15_000 }
			)
			.toBe('killed: unresponsive');
		expect(health.length).toBeGreaterThan(1);
		expect(health.every((status) => status === 200)).toBe(true);
		await expect(page.getByRole('alert').filter({ hasText: 'Killed' })).toContainText(
			'Your code is untouched'
		);
		await expect(editor(page)).toContainText('while (true) {}');
	});

	test('restores the code after a reload, and destroying the sandbox ends its processes', async () => {
		// Typed just before the reload, within the autosave delay: pagehide keeps it all the same.
		await goToLine(page, 'counter.ts', 999);
		await page.keyboard.type('\n// typed just before the reload');
		// A reload starts a fresh runtime; the sandbox, killed before, comes back stopped from the
		// runtime's journal, and the editor shows what was typed last (its own store wins).
		await page.reload();
		const loop = lineOf("if (message !== 'tick')") + 1;
		const last = counterTemplate.files['counter.ts'].split('\n').length + 2;
		await goToLine(page, 'counter.ts', last);
		await expect(editor(page)).toContainText('export const version: number = 2;');
		await expect(editor(page)).toContainText('// typed just before the reload');
		await goToLine(page, 'counter.ts', loop);
		await expect(editor(page)).toContainText('while (true) {}');

		// Without the loop it runs again. The line is deleted only once the cursor is seen on it:
		// a fresh page's editor, busy after a reload, once took the keys elsewhere.
		await expect(async () => {
			if ((await cursorLine(page)) !== 'while (true) {}') {
				await goToLine(page, 'counter.ts', loop);
			}
			expect(await cursorLine(page)).toBe('while (true) {}');
			await page.keyboard.press('Control+Shift+k');
			await expect(editor(page)).not.toContainText('while (true) {}', { timeout: 2_000 });
		}).toPass({ timeout: 30_000 });
		await page.keyboard.press(`${mod}+Enter`);
		// A fresh runtime's first build starts the compiler (esbuild-wasm) first.
		await expect(badge(page)).toHaveText('running', { timeout: 20_000 });
		const processes = await apiFetch(page, `/api/v1/processes?node=${NODE}`);
		expect((processes.body as { data: unknown[] }).data.length).toBeGreaterThan(0);

		await page.getByRole('button', { name: 'Destroy', exact: true }).click();
		await page.getByRole('button', { name: 'Destroy it and its code' }).click();
		await expect(page).toHaveURL('/sandboxes');
		await expect(page.getByRole('link', { name: ID })).toHaveCount(0);

		await page.goto(`/processes?q=${encodeURIComponent(`node:${NODE}`)}`);
		await expect(page.getByText(`No process matches “node:${NODE}”.`)).toBeVisible();
		const gone = await apiFetch(page, `/api/v1/processes?node=${NODE}`);
		expect(gone.status).toBe(404);
	});
});
