/**
 * Playwriter: browser automation from Node, on Debian's Chromium (Playwright's own browser
 * download does not work on our machines), or any Chromium reachable over CDP. Node only: the
 * app never imports it. README.md beside this file documents it; `npx playwriter` is its command.
 *
 * @example
 * await screenshot('http://127.0.0.1:4173/', 'overview-dark.png', { colorScheme: 'dark' });
 * const markup = await fetchHtml('http://127.0.0.1:4173/');
 * await withBrowser({ viewport: { width: 800, height: 600 } }, async (page) => {
 *   await navigate(page, 'http://127.0.0.1:4173/supervisors');
 *   await page.getByRole('button', { name: 'Start' }).click();
 * });
 */
export { withBrowser, type BrowserHandles } from './browser.ts';
export { navigate, screenshot, fetchHtml } from './actions.ts';
export { PlaywriterError, type PlaywriterErrorCode } from './errors.ts';
export { chromiumLaunchOptions, findBrowser } from './launch.ts';
export { CHROMIUM_ARGS, CHROMIUM_PATH, startDebuggingChromium } from './chromium.mjs';
export type { BrowserType, PlaywriterOptions, WaitUntil } from './options.ts';
export { telemetry, Telemetry, CONNECTED, NAVIGATED, CLOSED } from './telemetry.ts';
