// Issue 12: what an Erlang engineer expects on a process page — sys:get_status, suspend and
// resume, the mailbox beside the queue length — and a message form that forgets its last answer
// once the message changes. As a learner, on Demo.Counter, in light and dark, and at 390 px.
import type { Page } from '@playwright/test';
import { expect, test } from './warm';
import { consoleProblems, openProcess } from './helpers';

const regions = (page: Page) => ({
	sys: page.getByRole('region', { name: 'System messages' }),
	mailbox: page.getByRole('region', { name: 'Mailbox' }),
	form: page.getByRole('region', { name: 'Send a message' }),
	state: page.getByRole('region', { name: 'State' })
});

// Light until the cast waits in the mailbox, then dark: each page load is a fresh runtime, which
// costs, so the schemes share one.
test('gets the status, suspends, sees a cast wait in the mailbox, resumes', async ({ page }) => {
	const problems = consoleProblems(page);
	await openProcess(page, 'Demo.Counter');
	const { sys, mailbox, form, state } = regions(page);
	await expect(mailbox.getByText('Mailbox empty')).toBeVisible();

	await sys.getByRole('button', { name: 'Get status' }).click();
	const status = sys.getByRole('region', { name: 'sys:get_status' });
	await expect(
		status.getByRole('heading', { name: 'Status for generic server Demo.Counter' })
	).toBeVisible();
	await expect(status.getByRole('definition').first()).toHaveText('running');
	await expect(status.locator('pre')).toContainText('"count": 0');

	// By keyboard: Suspend, then the status says so and Resume is offered.
	await sys.getByRole('button', { name: 'Suspend' }).focus();
	await page.keyboard.press('Enter');
	await expect(sys.getByRole('status')).toHaveText('Suspended.');
	await expect(status.getByRole('definition').first()).toHaveText('suspended');
	await expect(sys.getByText(/^Suspended: it handles only system messages/)).toBeVisible();
	await expect(sys.getByRole('button', { name: 'Resume' })).toBeEnabled();
	await expect(sys.getByRole('button', { name: 'Suspend' })).toBeDisabled();

	await form.getByRole('radio', { name: 'cast' }).check();
	await form.getByLabel(/Message \(JSON/).fill('increment');
	await form.getByRole('button', { name: 'Cast' }).click();
	await expect(form.getByRole('status')).toHaveText('Cast delivered (no reply).');
	const queued = mailbox.getByRole('list', { name: 'Queued messages, oldest first' });
	await expect(queued.getByRole('listitem')).toHaveText(['{$gen_cast, increment}']);
	await expect(mailbox.getByText('1 message queued')).toBeVisible();
	await page.screenshot({ path: '/tmp/i12-status-suspended-light.png', fullPage: true });

	await page.emulateMedia({ colorScheme: 'dark' });
	await page.screenshot({ path: '/tmp/i12-status-suspended-dark.png', fullPage: true });
	await sys.getByRole('button', { name: 'Resume' }).click();
	await expect(sys.getByRole('status')).toHaveText('Resumed: it handles its mailbox again.');
	await expect(status.getByRole('definition').first()).toHaveText('running');
	await expect(mailbox.getByText('Mailbox empty')).toBeVisible();
	await expect(state.locator('pre')).toContainText('"count": 1');

	// A message that is not JSON: the last answer goes, the reason shows.
	await form.getByLabel(/Message \(JSON/).fill('{"add": ');
	await expect(form.getByRole('status')).toHaveCount(0);
	await expect(form.getByText(/^Not JSON/)).toBeVisible();
	await expect(form.getByRole('button', { name: 'Cast' })).toBeDisabled();
	await page.screenshot({ path: '/tmp/i12-status-resumed-dark.png', fullPage: true });
	expect(problems).toEqual([]);
});

test('at 390 px the status, the actions and the mailbox fit in the width', async ({ page }) => {
	const problems = consoleProblems(page);
	await page.setViewportSize({ width: 390, height: 844 });
	await openProcess(page, 'Demo.Counter');
	const { sys, mailbox, form } = regions(page);
	await sys.getByRole('button', { name: 'Get status' }).click();
	await sys.getByRole('button', { name: 'Suspend' }).click();
	await expect(sys.getByRole('status')).toHaveText('Suspended.');
	await form.getByLabel(/Message \(JSON/).fill('["add", 2]');
	await form.getByRole('radio', { name: 'send' }).check();
	await form.getByRole('button', { name: 'Send' }).click();
	await expect(
		mailbox.getByRole('list', { name: 'Queued messages, oldest first' }).getByRole('listitem')
	).toHaveText(['{add, 2}']);
	await sys.scrollIntoViewIfNeeded();
	await page.screenshot({ path: '/tmp/i12-status-390.png', fullPage: true });
	// (The app's top navigation is wider than 390 px on every page: the layout's, not these cards'.)
	for (const region of [sys, mailbox, form]) {
		const box = (await region.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(390);
		expect(await region.evaluate((e) => e.scrollWidth - e.clientWidth)).toBe(0);
	}
	await sys.getByRole('button', { name: 'Resume' }).click();
	await expect(mailbox.getByText('Mailbox empty')).toBeVisible();
	expect(problems).toEqual([]);
});

test("a supervisor's state shows its flags and children, not the runtime's closures", async ({
	page
}) => {
	const problems = consoleProblems(page);
	await openProcess(page, 'Demo.Supervisor');
	const state = page.getByRole('region', { name: 'State' }).locator('pre');
	await expect(state).toContainText('"strategy": "one_for_one"');
	await expect(state).toContainText('"id": "Demo.Counter"');
	await expect(state).not.toContainText('#Fun<');
	const sys = page.getByRole('region', { name: 'System messages' });
	await sys.getByRole('button', { name: 'Get status' }).click();
	await expect(
		sys.getByRole('heading', { name: 'Status for generic server Demo.Supervisor' })
	).toBeVisible();
	await sys.scrollIntoViewIfNeeded();
	await page.screenshot({ path: '/tmp/i12-status-supervisor.png' });
	expect(problems).toEqual([]);
});
