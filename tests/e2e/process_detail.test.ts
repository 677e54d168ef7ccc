import { openProcess } from './helpers';
import { expect, test } from './warm';

test.describe('process detail', () => {
	test('calls Demo.Counter, reads the reply and the new state', async ({ page }) => {
		await openProcess(page, 'Demo.Counter');

		const form = page.getByRole('region', { name: 'Send a message' });
		await expect(form.getByRole('radio', { name: 'call' })).toBeChecked();
		await form.getByLabel(/Message \(JSON/).fill('["add", 5]');
		await form.getByRole('button', { name: 'Call' }).click();
		await expect(form.getByLabel('Reply')).toHaveText('5');
		await form.getByLabel(/Message \(JSON/).fill('get');
		await form.getByRole('button', { name: 'Call' }).click();
		await expect(form.getByLabel('Reply')).toHaveText('5');

		const state = page.getByRole('region', { name: 'State' });
		await expect(state.locator('pre')).toContainText('"count": 5');
	});

	test('kill with a reason: a clear exited state, linking to the supervisor’s new child', async ({
		page
	}) => {
		await openProcess(page, 'Demo.Producer');
		const old = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
		// The links graph shows its supervisor.
		await expect(
			page
				.getByRole('region', { name: 'Links and monitors' })
				.getByRole('link', { name: /^Demo\.Pipeline <0\.\d+\.0> — linked/ })
		).toBeVisible();

		const kill = page.getByRole('region', { name: 'Kill' });
		await kill.getByLabel('Exit reason').selectOption('custom');
		await kill.getByLabel('Custom exit reason').fill('out_of_coffee');
		await kill.getByRole('button', { name: 'Kill', exact: true }).click();

		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			`Process ${old} exited (out_of_coffee)`
		);
		const next = page.locator('a.next');
		await expect(next).toHaveText(/^<0\.\d+\.0>$/);
		await next.click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Demo.Producer');
		expect(page.url()).not.toContain(encodeURIComponent(old));
	});

	test('a pid that never ran says so', async ({ page }) => {
		await page.goto(`/processes/${encodeURIComponent('<0.99999.0>')}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'No process <0.99999.0> is running'
		);
	});
});
