// Figures of a page as its user feels it: frame times over a few seconds (requestAnimationFrame
// deltas), and a browser of the benchmark's own, whose processes' memory is then the page's.
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../tools/playwriter/index.ts';

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
export const percentile = (values: number[], p: number) =>
	[...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

export interface FrameTimes {
	n: number;
	p50: number;
	p95: number;
	max: number;
}

/** The page's frame times over `ms` milliseconds. */
export async function frameTimes(page: Page, ms: number): Promise<FrameTimes> {
	const deltas = await page.evaluate(
		(ms) =>
			new Promise<number[]>((resolve) => {
				const out: number[] = [];
				let last = performance.now();
				const end = last + ms;
				const frame = (now: number) => {
					out.push(now - last);
					last = now;
					if (now < end) requestAnimationFrame(frame);
					else resolve(out);
				};
				requestAnimationFrame(frame);
			}),
		ms
	);
	return {
		n: deltas.length,
		p50: median(deltas),
		p95: percentile(deltas, 0.95),
		max: Math.max(...deltas)
	};
}

/** Runs `fn` with a Chromium of its own (`pid`: its main process), closed after. */
export async function withOwnBrowser<T>(
	fn: (browser: Browser, pid: number) => Promise<T>
): Promise<T> {
	const launched = await chromium.launchServer({ ...chromiumLaunchOptions(), headless: true });
	const browser = await chromium.connect(launched.wsEndpoint());
	try {
		return await fn(browser, launched.process().pid!);
	} finally {
		await browser.close();
		await launched.close();
	}
}
