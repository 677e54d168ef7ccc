// Which browser binary to start, and with which flags.
import { chromium, firefox, webkit, type LaunchOptions } from '@playwright/test';
import { existsSync } from 'node:fs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';
import { PlaywriterError } from './errors.ts';
import type { BrowserType } from './options.ts';

export const browserTypes = { chromium, firefox, webkit };

/** Playwright's own download of `type`, where it would be (it may not be installed). */
function playwrightPath(type: BrowserType): string | undefined {
	try {
		return browserTypes[type].executablePath();
	} catch {
		return undefined;
	}
}

/**
 * The executable to start for `type`: `explicit` when given (it must exist), else for Chromium
 * `PLAYWRITER_CHROMIUM`, `/usr/bin/chromium`, then Playwright's download; for Firefox and
 * WebKit, Playwright's download. Throws `browser_not_found` saying what to install.
 */
export function findBrowser(type: BrowserType = 'chromium', explicit?: string): string {
	const given: [string, string] | undefined = explicit
		? [explicit, 'executablePath']
		: type === 'chromium' && process.env.PLAYWRITER_CHROMIUM
			? [process.env.PLAYWRITER_CHROMIUM, 'PLAYWRITER_CHROMIUM']
			: undefined;
	if (given) {
		const [path, source] = given;
		if (existsSync(path)) return path;
		throw new PlaywriterError(
			'browser_not_found',
			`No browser at ${path} (from ${source}); Playwriter does not fall back to another one.`
		);
	}
	const own = playwrightPath(type);
	if (type !== 'chromium') {
		if (own && existsSync(own)) return own;
		throw new PlaywriterError(
			'browser_not_found',
			`Playwright's ${type} is not installed${own ? ` (no ${own})` : ''}: ` +
				`run \`npx playwright install ${type}\`, or pass executablePath.`
		);
	}
	for (const path of [CHROMIUM_PATH, own]) if (path && existsSync(path)) return path;
	throw new PlaywriterError(
		'browser_not_found',
		`No Chromium at ${CHROMIUM_PATH}${own ? ` nor ${own}` : ''}: install Debian's ` +
			'(`apt-get install -y chromium fonts-liberation`), or set PLAYWRITER_CHROMIUM to one.'
	);
}

/** Chromium's path and flags, for Playwright configs' `use.launchOptions`. */
export function chromiumLaunchOptions(executablePath?: string) {
	return {
		executablePath: findBrowser('chromium', executablePath),
		args: [...CHROMIUM_ARGS]
	} satisfies LaunchOptions;
}

/** Launch options for `type`: its executable, and our container flags for Chromium. */
export function launchOptions(
	type: BrowserType,
	{
		executablePath,
		headless = true,
		timeout
	}: Pick<LaunchOptions, 'headless' | 'timeout'> & {
		executablePath?: string;
	}
): LaunchOptions {
	return {
		executablePath: findBrowser(type, executablePath),
		args: type === 'chromium' ? [...CHROMIUM_ARGS] : [],
		headless,
		timeout
	};
}
