import { existsSync } from 'node:fs';
import { firefox } from '@playwright/test';
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDebuggingChromium } from './chromium.mjs';
import {
	fetchHtml,
	findBrowser,
	navigate,
	PlaywriterError,
	Telemetry,
	withBrowser
} from './index.ts';
import { servePage, WRITTEN, type ServedPage } from './testing/served_page.ts';

let served: ServedPage;

beforeAll(async () => {
	served = await servePage();
});
afterAll(() => served.close());

/** A telemetry of the test's own, and the events it received. */
function recorder() {
	const events: {
		event: string;
		measurements: Record<string, number>;
		metadata: Record<string, unknown>;
	}[] = [];
	const telemetry = new Telemetry();
	telemetry.attach(
		'record',
		['playwriter.browser.connected', 'playwriter.browser.closed'],
		(event, measurements, metadata) => {
			events.push({ event, measurements, metadata });
		}
	);
	return { telemetry, events };
}

describe('withBrowser', { timeout: 30_000 }, () => {
	it('closes the browser when fn throws, and rethrows its error', async () => {
		const { telemetry, events } = recorder();
		const boom = new Error('boom');
		let browser: Browser | null = null;
		let dark: boolean | undefined;
		await expect(
			withBrowser({ telemetry, colorScheme: 'dark' }, async (page, handles) => {
				browser = handles.browser;
				dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
				throw boom;
			})
		).rejects.toBe(boom);
		expect(dark).toBe(true);
		expect((browser as Browser | null)?.isConnected()).toBe(false);
		expect(events.map((e) => e.event)).toEqual([
			'playwriter.browser.connected',
			'playwriter.browser.closed'
		]);
	});

	it('connects to a running browser over wsEndpoint and leaves it running', async () => {
		const chromium = await startDebuggingChromium();
		try {
			const { telemetry, events } = recorder();
			const opts = { wsEndpoint: chromium.wsEndpoint, telemetry };
			expect(await fetchHtml(served.url, opts)).toContain(WRITTEN);
			expect(events[0].metadata).toEqual({
				browserType: 'chromium',
				mode: 'connect',
				wsEndpoint: chromium.wsEndpoint
			});
			expect(() => process.kill(chromium.pid, 0)).not.toThrow();
			// The browser still serves a second client, and holds no context of the first.
			const contexts = await withBrowser(opts, async (page, { browser }) => {
				await navigate(page, served.url);
				return browser!.contexts().length;
			});
			expect(contexts).toBe(2); // the browser's default context and this call's own
			expect(events.map((e) => e.event)).toEqual([
				'playwriter.browser.connected',
				'playwriter.browser.closed',
				'playwriter.browser.connected',
				'playwriter.browser.closed'
			]);
		} finally {
			await chromium.close();
		}
	});

	it('rejects an unreachable wsEndpoint with connect_failed', async () => {
		await expect(
			fetchHtml(served.url, { wsEndpoint: 'ws://127.0.0.1:9/devtools/browser/none', timeout: 5000 })
		).rejects.toMatchObject({
			code: 'connect_failed'
		});
	});

	it('rejects an executablePath that does not exist with browser_not_found naming it', async () => {
		const failure = fetchHtml(served.url, { executablePath: '/nope/chromium' });
		await expect(failure).rejects.toBeInstanceOf(PlaywriterError);
		await expect(failure).rejects.toMatchObject({
			code: 'browser_not_found',
			message: expect.stringContaining('/nope/chromium') as string
		});
	});
});

describe('findBrowser', () => {
	it('takes PLAYWRITER_CHROMIUM as given, with no fallback', () => {
		const before = process.env.PLAYWRITER_CHROMIUM;
		process.env.PLAYWRITER_CHROMIUM = '/nope/from-env';
		try {
			expect(() => findBrowser('chromium')).toThrow(
				/\/nope\/from-env \(from PLAYWRITER_CHROMIUM\)/
			);
		} finally {
			if (before === undefined) delete process.env.PLAYWRITER_CHROMIUM;
			else process.env.PLAYWRITER_CHROMIUM = before;
		}
	});

	it.skipIf(existsSync(firefox.executablePath()))('says how to install a missing firefox', () => {
		expect(() => findBrowser('firefox')).toThrow(/run `npx playwright install firefox`/);
	});
});
