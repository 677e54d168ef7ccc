// A simulated cluster at its largest (issue 16): eight nodes, each a node in a sandbox worker of
// its own, started through REST on the built app in a Chromium of the benchmark's own, then left
// idle with /cluster open. Figures: the time to start the eight (each POST answers once its node
// is up), what the browser's processes hold (PSS) before and with them, and the /cluster page's
// frame times while they idle.
import { cpus, loadavg } from 'node:os';
import { expect, test, type Page } from '@playwright/test';
import { apiRequest, whenRuntimeReady } from '../../tests/e2e/helpers';
import { memoryOf, processTree } from './embed_memory';
import { frameTimes, withOwnBrowser } from './page_frames';
import { writeResult } from './results';

const NODES = 8;
const FRAMES_MS = 5_000;
/** After the last node is up: their first snapshots and the page's first draws are over. */
const SETTLE_MS = 3_000;
const round = (x: number) => Number(x.toPrecision(4));

async function startNodes(page: Page): Promise<number> {
	const t0 = Date.now();
	for (let i = 1; i <= NODES; i++) {
		const answer = await apiRequest(page, 'POST', '/api/v1/cluster/nodes', { name: `n${i}` });
		expect(answer.status, JSON.stringify(answer.body)).toBe(201);
	}
	return Date.now() - t0;
}

test('cluster: eight idle nodes — start time, memory, /cluster frame times', async ({
	baseURL
}) => {
	test.setTimeout(300_000);
	const loadAtStart = loadavg()[0];
	const figures = await withOwnBrowser(async (browser, pid) => {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await page.goto(`${baseURL}/cluster`);
		await whenRuntimeReady(page);
		await page.waitForTimeout(SETTLE_MS);
		const before = memoryOf(processTree(pid));
		const startMs = await startNodes(page);
		await expect(page.getByText(`n${NODES}@sim`).first()).toBeVisible({ timeout: 60_000 });
		await page.waitForTimeout(SETTLE_MS);
		const frames = await frameTimes(page, FRAMES_MS);
		const after = memoryOf(processTree(pid));
		return { startMs, before, after, frames, version: browser.version() };
	});
	const { startMs, before, after, frames, version } = figures;
	writeResult('cluster', version, [
		{
			name: `start ${NODES} empty nodes (REST, one after another)`,
			value: startMs,
			unit: 'ms',
			n: NODES
		},
		{
			name: `${NODES} idle nodes: browser memory (PSS, all processes)`,
			value: round(after.pssMb),
			unit: 'MB',
			n: after.processes
		},
		{
			name: `${NODES} idle nodes: memory over the app without them (PSS)`,
			value: round(after.pssMb - before.pssMb),
			unit: 'MB',
			n: NODES
		},
		{
			name: `${NODES} idle nodes: /cluster frame time p50`,
			value: round(frames.p50),
			unit: 'ms',
			n: frames.n
		},
		{
			name: `${NODES} idle nodes: /cluster frame time p95`,
			value: round(frames.p95),
			unit: 'ms',
			n: frames.n
		},
		{
			name: `${NODES} idle nodes: /cluster longest frame`,
			value: round(frames.max),
			unit: 'ms',
			n: frames.n
		},
		{
			name: `machine load average (1 min) at the start, on ${cpus().length} cores`,
			value: round(loadAtStart),
			unit: 'runnable',
			n: 1
		}
	]);
});
