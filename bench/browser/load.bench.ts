// Issue 10, finding 6: the sandbox page under load. A sandbox of 10,000 processes (a
// DynamicSupervisor pool filled to the sandbox's process limit) is opened from the sandbox list,
// first and on return visits, beside the same program with an empty pool (3 processes) for the
// page's own cost; then a sandbox
// whose 150 children crash every 12 ms is watched for 10 s: frame rate, REST latency, long tasks.
import { expect, test, type Page } from '@playwright/test';
import { whenControlled } from '../../tests/e2e/helpers';
import { bigPool, restartStorm } from '../../tests/e2e/load_programs';
import { createdSandbox } from '../../tests/e2e/sandbox_api';
import { writeResult } from './results';

const round = (x: number) => Number(x.toPrecision(4));

/** Nearest-rank percentile of ascending samples. */
const pct = (sorted: number[], p: number) =>
	sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];

const stats = (page: Page, id: string) =>
	page.evaluate(async (id) => {
		const res = await fetch(`/api/v1/sandboxes/${id}`);
		if (res.status !== 200) throw new Error(`GET /api/v1/sandboxes/${id} answered ${res.status}`);
		return ((await res.json()) as { data: { stats: { processes: number; restarts: number } } }).data
			.stats;
	}, id);

type Probe = Window & {
	__long: Array<{ start: number; duration: number }>;
	__observing?: boolean;
	__frames: number;
	__counting: boolean;
};

/** Records long tasks and counts frames from now on (what was recorded before is dropped). */
function watchMainThread(page: Page): Promise<void> {
	return page.evaluate(() => {
		const w = window as unknown as Probe;
		w.__long = [];
		w.__frames = 0;
		w.__counting = true;
		if (!w.__observing) {
			w.__observing = true;
			new PerformanceObserver((list) => {
				for (const e of list.getEntries()) {
					w.__long.push({ start: e.startTime, duration: e.duration });
				}
			}).observe({ type: 'longtask' });
		}
		const frame = () => {
			w.__frames++;
			if (w.__counting) requestAnimationFrame(frame);
		};
		requestAnimationFrame(frame);
	});
}

/** The longest task since `since` (page clock), ms. */
const longestSince = (page: Page, since: number) =>
	page.evaluate(
		(since) =>
			Math.max(
				0,
				...(window as unknown as Probe).__long
					.filter((e) => e.start + e.duration >= since)
					.map((e) => e.duration)
			),
		since
	);

/**
 * Opens sandbox `id` from the list: the time from the click to the first frame that shows its
 * tree, and the longest main-thread task from the click until 2 s after.
 */
async function open(page: Page, id: string): Promise<{ shownMs: number; longestMs: number }> {
	await expect(page.getByRole('heading', { name: 'Sandboxes', level: 1 })).toBeVisible();
	const t0 = await page.evaluate(() => performance.now());
	await page.getByRole('link', { name: id, exact: true }).first().click();
	const shownAt = await page.evaluate(
		() =>
			new Promise<number>((resolve) => {
				type Canvas = HTMLElement & { _cyreg?: { cy?: { nodes(): { length: number } } } };
				const check = (t: number) => {
					const canvas = document.querySelector<Canvas>('[data-testid="supervision-tree"]');
					if ((canvas?._cyreg?.cy?.nodes().length ?? 0) > 0) resolve(t);
					else requestAnimationFrame(check);
				};
				requestAnimationFrame(check);
			})
	);
	await page.waitForTimeout(2000);
	const longestMs = await longestSince(page, t0);
	await page.getByRole('link', { name: '← Sandboxes' }).click();
	return { shownMs: shownAt - t0, longestMs };
}

/** `opens` return visits of sandbox `id`: the median time to its tree, the worst long task. */
async function returnVisits(page: Page, id: string, label: string, opens = 5) {
	const visits: Array<{ shownMs: number; longestMs: number }> = [];
	for (let i = 0; i < opens; i++) visits.push(await open(page, id));
	const shown = visits.map((v) => v.shownMs).sort((a, b) => a - b);
	const longest = Math.max(...visits.map((v) => v.longestMs));
	return [
		{
			name: `${label}: open → tree shown, return visit p50`,
			value: round(pct(shown, 50)),
			unit: 'ms',
			goal: '≤ 1000 ms',
			met: pct(shown, 50) <= 1000,
			n: opens
		},
		{
			name: `${label}: longest main-thread task, return visits`,
			value: round(longest),
			unit: 'ms',
			goal: '≤ 100 ms',
			met: longest <= 100,
			n: opens
		}
	];
}

test('load: a 10,000-process sandbox page, and a page in a restart storm', async ({
	page,
	browser
}) => {
	test.setTimeout(600_000);
	const figures: object[] = [];
	await page.goto('/sandboxes');
	await whenControlled(page);
	await watchMainThread(page);

	// 1. Opening a sandbox of 10,000 processes, beside one of a single process.
	await createdSandbox(page, 'small', bigPool(0));
	await createdSandbox(page, 'pool10k', bigPool());
	await expect
		.poll(async () => (await stats(page, 'pool10k')).processes, {
			timeout: 300_000,
			intervals: [2_000]
		})
		.toBe(10_000);
	// The first visit also loads the page's code (the editor, the tree drawing).
	const first = await open(page, 'pool10k');
	figures.push(
		{
			name: '10,000-process sandbox: open → tree shown, first visit',
			value: round(first.shownMs),
			unit: 'ms',
			n: 1
		},
		{
			name: '10,000-process sandbox: longest main-thread task, first visit',
			value: round(first.longestMs),
			unit: 'ms',
			n: 1
		},
		...(await returnVisits(page, 'pool10k', '10,000-process sandbox')),
		...(await returnVisits(page, 'small', 'the same program with an empty pool (3 processes)'))
	);
	const destroyed = await page.evaluate(
		async () => (await fetch('/api/v1/sandboxes/pool10k', { method: 'DELETE' })).status
	);
	expect(destroyed).toBe(200);

	// 2. Watching a restart storm: frames, REST round trips and long tasks over 10 s.
	await createdSandbox(page, 'storm', restartStorm());
	await expect
		.poll(async () => (await stats(page, 'storm')).restarts, { intervals: [1_000] })
		.toBeGreaterThan(2_000);
	await page.getByRole('link', { name: 'storm', exact: true }).first().click();
	await expect(
		page.getByRole('application', { name: "The sandbox's supervision tree" })
	).toBeVisible();
	await page.waitForTimeout(2000);
	const before = await stats(page, 'storm');
	await watchMainThread(page);
	const watched = await page.evaluate(async () => {
		const t0 = performance.now();
		const rest: number[] = [];
		// 200 ms apart: with the other requests of this run, under the limit of 100 a minute.
		while (performance.now() - t0 < 10_000) {
			const t = performance.now();
			const res = await fetch('/api/v1/health');
			await res.json();
			if (res.status !== 200) throw new Error(`GET /api/v1/health answered ${res.status}`);
			rest.push(performance.now() - t);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		const w = window as unknown as Probe;
		w.__counting = false;
		return { seconds: (performance.now() - t0) / 1000, frames: w.__frames, rest };
	});
	const after = await stats(page, 'storm');
	const longTasks = await page.evaluate(() =>
		(window as unknown as Probe).__long.map((e) => e.duration)
	);
	const rest = watched.rest.sort((a, b) => a - b);
	const fps = watched.frames / watched.seconds;
	figures.push(
		{
			name: 'restart storm: restarts a second while watched',
			value: round((after.restarts - before.restarts) / watched.seconds),
			unit: 'restarts/s',
			n: 1
		},
		{
			name: 'restart storm: frame rate of its sandbox page',
			value: round(fps),
			unit: 'fps',
			goal: '≥ 30 fps',
			met: fps >= 30,
			n: watched.frames
		},
		{
			name: 'restart storm: GET /api/v1/health p50',
			value: round(pct(rest, 50)),
			unit: 'ms',
			goal: '≤ 50 ms',
			met: pct(rest, 50) <= 50,
			n: rest.length
		},
		{
			name: 'restart storm: GET /api/v1/health p95',
			value: round(pct(rest, 95)),
			unit: 'ms',
			goal: '≤ 50 ms',
			met: pct(rest, 95) <= 50,
			n: rest.length
		},
		{
			name: 'restart storm: main-thread time in long tasks',
			value: round(longTasks.reduce((a, b) => a + b, 0) / watched.seconds / 10),
			unit: '%',
			n: longTasks.length
		},
		{
			name: 'restart storm: longest main-thread task',
			value: round(Math.max(0, ...longTasks)),
			unit: 'ms',
			n: longTasks.length
		}
	);
	writeResult('load', browser.version(), figures);
});
