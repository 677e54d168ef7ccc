import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';

/** Network failures the browser logs by itself while a test has it offline, on purpose. */
export const OFFLINE_NOISE = /net::ERR_INTERNET_DISCONNECTED/;

/**
 * `test` whose every page (of its own context, and of contexts made with `watchConsole`) fails
 * it on a console warning or error, but those `allowedConsole` matches.
 */
export const test = base.extend<{ allowedConsole: RegExp[]; quietConsole: void }>({
	allowedConsole: [[], { option: true }],
	quietConsole: [
		async ({ context, allowedConsole }, use) => {
			const heard = watchConsole(context, allowedConsole);
			await use();
			expect(heard, 'console warnings and errors').toEqual([]);
		},
		{ auto: true }
	]
});

/** Collects the console warnings and errors of every page of `context` into the array returned. */
export function watchConsole(context: BrowserContext, allowed: RegExp[] = []): string[] {
	const heard: string[] = [];
	const watch = (page: Page) =>
		page.on('console', (message) => {
			const type = message.type();
			if (type !== 'warning' && type !== 'error') return;
			if (allowed.some((pattern) => pattern.test(message.text()))) return;
			heard.push(`${type}: ${message.text()} (${page.url()})`);
		});
	context.pages().forEach(watch);
	context.on('page', watch);
	return heard;
}

export { expect };
