import { expect, test } from './quiet_console';
import { fitsWidth, goByLink, toPhoneDark } from './helpers';

/** `x ⇄ y` in either order (as the page names a pair), then `then`. */
const pair = (x: string, y: string, then = '') => new RegExp(`(${x} ⇄ ${y}|${y} ⇄ ${x})${then}`);

test.describe('cluster', () => {
	// Three nodes compile and boot in workers of their own: more than a minute on a busy machine.
	test.describe.configure({ timeout: 180_000 });

	test('a netsplit cuts c off: its remote monitors get DOWN noconnection; heal brings it back; latency; stop', async ({
		page
	}) => {
		await page.goto('/');
		await goByLink(page, 'Cluster');
		await expect(page.getByRole('heading', { level: 1, name: 'Cluster' })).toBeVisible();
		await expect(page.getByRole('heading', { name: /No simulated nodes yet/ })).toBeVisible();

		await page.getByRole('button', { name: 'Start the netsplit demo' }).click();
		await expect(
			page.getByRole('status').filter({ hasText: /Started a@sim, b@sim, c@sim/ })
		).toBeVisible({
			timeout: 120_000
		});
		const nodes = page.getByRole('region', { name: 'Nodes' });
		for (const name of ['a@sim', 'b@sim', 'c@sim']) {
			await expect(nodes.getByRole('heading', { name, exact: true })).toBeVisible();
		}
		const connections = page.getByRole('list', { name: 'Connections' });
		await expect(
			connections.getByRole('listitem').filter({ hasText: pair('a@sim', 'c@sim') })
		).toHaveText(/: up$/);
		await expect(
			connections.getByRole('listitem').filter({ hasText: pair('b@sim', 'c@sim') })
		).toHaveText(/: up$/);

		// Cut c from every other node, with the keyboard-usable form.
		const partition = page.getByRole('region', { name: 'Partition' });
		await partition.getByLabel('First node').selectOption('c@sim');
		await partition.getByRole('radio', { name: 'The first from every other node' }).check();
		await partition.getByRole('button', { name: 'Cut', exact: true }).click();
		await expect(partition.getByRole('status')).toHaveText('Cut c@sim from a@sim, b@sim.');
		await expect(
			connections.getByRole('listitem').filter({ hasText: pair('a@sim', 'c@sim') })
		).toHaveText(/: cut$/);
		await expect(
			connections.getByRole('listitem').filter({ hasText: pair('a@sim', 'b@sim') })
		).toHaveText(/: up$/);
		await expect(
			page.getByRole('img', { name: /Cluster topology: 3 nodes, 3 connections, 2 of them cut/ })
		).toBeVisible();

		// c's watches of a's workers end with their monitors' DOWN reason: noconnection.
		const events = page.getByRole('log', { name: 'Cluster events' });
		await expect(events.getByText(pair('a@sim', 'c@sim', ': cut by a partition'))).toBeVisible();
		await expect(
			events.getByText(/^c@sim: <\d+\.\d+\.0> exited: .*worker_1.*noconnection/).first()
		).toBeVisible();

		await partition.getByRole('button', { name: 'Heal' }).click();
		await expect(partition.getByRole('status')).toHaveText('Healed 1 partition.');
		// The nodes connect again by themselves (the demo's name servers and watchers ping).
		await expect(
			connections.getByRole('listitem').filter({ hasText: pair('a@sim', 'c@sim') })
		).toHaveText(/: up$/);
		await expect(events.getByText(pair('a@sim', 'c@sim', ': connected again'))).toBeVisible();

		// Latency on every connection: the list under the drawing says it.
		const links = page.getByRole('region', { name: 'Latency and loss' });
		await links.getByLabel('Latency (ms)').fill('200');
		await links.getByRole('button', { name: 'Apply' }).click();
		await expect(links.getByRole('status')).toHaveText('Every connection: 200 ms, 0% lost.');
		await expect(
			connections.getByRole('listitem').filter({ hasText: pair('a@sim', 'b@sim') })
		).toContainText('latency 200 ms');

		// Stopping c takes it out of the cluster.
		await nodes.getByRole('button', { name: 'Stop c@sim' }).click();
		await expect(nodes.getByRole('heading', { name: 'c@sim', exact: true })).toBeHidden();
		await expect(events.getByText(/^c@sim (is gone|stopped)\.$/)).toBeVisible();

		// The page stacks at 390 px, in the dark.
		await toPhoneDark(page);
		await expect(partition).toBeVisible();
		expect(await fitsWidth(page, 'main section, main button, main select')).toBe(true);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			390
		);
	});
});
