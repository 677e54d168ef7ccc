/**
 * Playwriter: browser automation from Node, on Debian's Chromium (Playwright's own browser
 * download does not work on our machines). The Playwright configs share its launch options.
 *
 * @example
 * await screenshot('http://127.0.0.1:4173/', 'overview-dark.png', { colorScheme: 'dark' });
 * const markup = await html('http://127.0.0.1:4173/');
 */
import { chromium, type Browser, type LaunchOptions } from '@playwright/test';

export const launchOptions = {
	executablePath: '/usr/bin/chromium',
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-dev-shm-usage',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run',
		'--disable-quic'
	]
} satisfies LaunchOptions;

/** A headless Chromium; close it when done. */
export function launch(): Promise<Browser> {
	return chromium.launch({ ...launchOptions, headless: true });
}

export interface ScreenshotOptions {
	colorScheme?: 'light' | 'dark';
	width?: number;
	height?: number;
	fullPage?: boolean;
}

/** Opens `url` in a fresh browser, waits for the network to settle, and saves a PNG to `path`. */
export async function screenshot(
	url: string,
	path: string,
	{ colorScheme = 'light', width = 1280, height = 800, fullPage = true }: ScreenshotOptions = {}
): Promise<void> {
	await withPage({ colorScheme, viewport: { width, height } }, async (page) => {
		await page.goto(url, { waitUntil: 'networkidle' });
		await page.screenshot({ path, fullPage });
	});
}

/** The page's HTML after its scripts ran. */
export function html(url: string): Promise<string> {
	return withPage({}, async (page) => {
		await page.goto(url, { waitUntil: 'networkidle' });
		return page.content();
	});
}

async function withPage<T>(
	options: Parameters<Browser['newContext']>[0],
	use: (page: import('@playwright/test').Page) => Promise<T>
): Promise<T> {
	const browser = await launch();
	try {
		const context = await browser.newContext(options);
		return await use(await context.newPage());
	} finally {
		await browser.close();
	}
}
