// What Playwriter does with a page: load it, picture it, read it.
import type { Page } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withBrowser, settingsOf } from './browser.ts';
import { firstLine, isTimeout, PlaywriterError } from './errors.ts';
import type { PlaywriterOptions, WaitUntil } from './options.ts';
import { NAVIGATED } from './telemetry.ts';

/**
 * Loads `url` in `page` and waits until it settles (`waitUntil`, by default the one the page's
 * `withBrowser` call was given), emitting `playwriter.browser.navigated`. Rejects with
 * `navigation_failed` when it cannot load or answers with a status ≥ 400, `timeout` when it
 * takes too long. Resolves to the HTTP status (0 when there was no response, e.g. `about:`).
 */
export async function navigate(
	page: Page,
	url: string,
	opts: { waitUntil?: WaitUntil; timeout?: number } = {}
): Promise<number> {
	const own = settingsOf(page);
	const waitUntil = opts.waitUntil ?? own.waitUntil;
	const timeout = opts.timeout ?? own.timeout;
	const started = performance.now();
	let response;
	try {
		response = await page.goto(url, { waitUntil, timeout });
	} catch (error) {
		throw isTimeout(error)
			? new PlaywriterError(
					'timeout',
					`${url} did not settle in ${timeout} ms (waitUntil '${waitUntil}').`,
					{ cause: error }
				)
			: new PlaywriterError('navigation_failed', `Could not load ${url}: ${firstLine(error)}`, {
					cause: error
				});
	}
	const status = response?.status() ?? 0;
	own.telemetry.execute(NAVIGATED, { duration: performance.now() - started }, { url, status });
	if (status >= 400) {
		throw new PlaywriterError(
			'navigation_failed',
			`${url} answered HTTP ${status} ${response?.statusText() ?? ''}`.trimEnd() + '.'
		);
	}
	return status;
}

/**
 * Opens `url` in a fresh browser and saves a PNG of it at `path` (its folder is created).
 * Resolves to the PNG's bytes.
 *
 * @example
 * await screenshot('http://127.0.0.1:4173/', 'shots/overview-dark.png', { colorScheme: 'dark' });
 */
export function screenshot(
	url: string,
	path: string,
	opts: PlaywriterOptions = {}
): Promise<Buffer> {
	return withBrowser(opts, async (page) => {
		await navigate(page, url);
		let bytes: Buffer;
		try {
			bytes = await page.screenshot({ fullPage: opts.fullPage ?? false, type: 'png' });
		} catch (error) {
			throw isTimeout(error)
				? new PlaywriterError('timeout', `The screenshot of ${url} timed out.`, { cause: error })
				: error;
		}
		await mkdir(dirname(path), { recursive: true });
		await writeFile(path, bytes);
		return bytes;
	});
}

/** The DOM of `url` once it settled, as HTML (`page.content()`): what its scripts rendered. */
export function fetchHtml(url: string, opts: PlaywriterOptions = {}): Promise<string> {
	return withBrowser(opts, async (page) => {
		await navigate(page, url);
		return page.content();
	});
}
