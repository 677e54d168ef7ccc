import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	fetchHtml,
	navigate,
	PlaywriterError,
	screenshot,
	telemetry,
	withBrowser
} from './index.ts';
import { pngSize, servePage, WRITTEN, type ServedPage } from './testing/served_page.ts';

let served: ServedPage;
const dir = join(tmpdir(), `playwriter-actions-${process.pid}`);

beforeAll(async () => {
	served = await servePage();
});
afterAll(async () => {
	await served.close();
	await rm(dir, { recursive: true, force: true });
});

describe('actions', { timeout: 30_000 }, () => {
	it('screenshot writes a PNG of the viewport, creating its folder, and resolves to its bytes', async () => {
		const path = join(dir, 'nested/shot.png');
		const bytes = await screenshot(served.url, path, { viewport: { width: 640, height: 480 } });
		expect(pngSize(bytes)).toEqual({ width: 640, height: 480 });
		expect(Buffer.compare(await readFile(path), bytes)).toBe(0);
	});

	it('fetchHtml returns the DOM the page script rendered, and emits the browser events', async () => {
		const events: [string, Record<string, number>, Record<string, unknown>][] = [];
		telemetry.attach(
			'actions-test',
			['playwriter.browser.connected', 'playwriter.browser.navigated', 'playwriter.browser.closed'],
			(event, measurements, metadata) => {
				events.push([event, measurements, metadata]);
			}
		);
		try {
			const html = await fetchHtml(served.url);
			expect(html).toContain(`<p id="out">${WRITTEN}</p>`);
		} finally {
			telemetry.detach('actions-test');
		}
		expect(events.map(([event]) => event)).toEqual([
			'playwriter.browser.connected',
			'playwriter.browser.navigated',
			'playwriter.browser.closed'
		]);
		expect(events[0][2]).toMatchObject({
			browserType: 'chromium',
			mode: 'launch',
			executablePath: expect.any(String) as string
		});
		expect(events[1][2]).toEqual({ url: served.url, status: 200 });
		for (const [, { duration }] of events) expect(duration).toBeGreaterThanOrEqual(0);
	});

	it('rejects a page answering 404 with navigation_failed naming the status', async () => {
		const failure = fetchHtml(served.missing);
		await expect(failure).rejects.toBeInstanceOf(PlaywriterError);
		await expect(failure).rejects.toMatchObject({
			code: 'navigation_failed',
			message: expect.stringContaining('HTTP 404') as string
		});
	});

	it('rejects a page that never answers with timeout', async () => {
		await expect(
			withBrowser({}, (page) => navigate(page, served.hanging, { timeout: 500 }))
		).rejects.toMatchObject({
			code: 'timeout',
			cause: expect.objectContaining({ name: 'TimeoutError' }) as Error
		});
	});
});
