import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { whenControlled } from '../../tests/e2e/helpers';
import { createdSandbox } from '../../tests/e2e/sandbox_api';
import { goal, runMeasure, writeResult } from './results';

/** Proportional set size of every Chromium process (the bench's browser is the only one), MB. */
function chromiumPssMb(): number {
	let kb = 0;
	for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
		try {
			if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chromium')) continue;
			const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
			kb += Number(pss?.[1] ?? 0);
		} catch {
			// The process ended while we read it.
		}
	}
	return kb / 1024;
}

const IDLE = {
	'main.ts': `import { GenServer } from 'superlearner';
import { Counter } from './counter';
export default { name: 'Idle', init: () => ['ok', { strategy: 'one_for_one' }, [GenServer.childSpec(Counter, 0)]] };`,
	'counter.ts': `export const Counter = { name: 'Idle.Counter', init: (n: number) => ['ok', n] };`
};

test('sandboxes: cold start, worker start, hot swap, 20 at once', async ({ page, browser }) => {
	const figures = await runMeasure(page, 'sandboxes');
	writeResult('sandboxes', browser.version(), [
		goal(figures, 'cold init → first running module', 1500),
		goal(figures, 'sandbox worker start → first message p50', 50),
		goal(figures, 'warm edit → hot-swapped module p50', 50),
		goal(figures, 'warm edit → hot-swapped module p95', 200),
		goal(figures, 'frame time p50, 20 sandboxes', 16.7),
		goal(figures, 'frame time p95, 20 sandboxes', 33.4)
	]);
});

test('sandboxes: memory per idle sandbox', async ({ page, browser }) => {
	await page.goto('/');
	await expect(
		page.getByRole('article', { name: 'System node' }).getByText('Running')
	).toBeVisible();
	await whenControlled(page);
	await createdSandbox(page, 'warm', IDLE); // the compiler is loaded before the baseline
	await page.waitForTimeout(2000);
	const before = chromiumPssMb();
	const n = 20;
	for (let i = 0; i < n; i++) await createdSandbox(page, `idle-${i}`, IDLE);
	await page.waitForTimeout(3000); // let the new workers settle and collect
	const after = chromiumPssMb();
	const round = (x: number) => Number(x.toPrecision(4));
	writeResult('sandbox_memory', browser.version(), [
		{
			name: 'memory per idle sandbox (Chromium PSS)',
			value: round((after - before) / n),
			unit: 'MB',
			n
		},
		{ name: `Chromium PSS with ${n + 1} sandboxes`, value: round(after), unit: 'MB', n: 1 },
		{ name: 'Chromium PSS before them', value: round(before), unit: 'MB', n: 1 }
	]);
});
