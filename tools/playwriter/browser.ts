// withBrowser: a page in a fresh (or connected) browser, and the certainty that it is closed.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test';
import { firstLine, isTimeout, PlaywriterError } from './errors.ts';
import { browserTypes, launchOptions } from './launch.ts';
import { DEFAULT_TIMEOUT, DEFAULT_VIEWPORT, DEFAULT_WAIT_UNTIL } from './options.ts';
import type { PlaywriterOptions, WaitUntil } from './options.ts';
import { CLOSED, CONNECTED, telemetry as ownTelemetry, type Telemetry } from './telemetry.ts';

/** What `fn` gets beside its page. `browser` is null with a `profile` (a persistent context). */
export interface BrowserHandles {
	browser: Browser | null;
	context: BrowserContext;
}

/** What `navigate` needs to know of the call that opened a page. */
export interface PageSettings {
	telemetry: Telemetry;
	timeout: number;
	waitUntil: WaitUntil;
}

const settings = new WeakMap<Page, PageSettings>();

/** The settings of the `withBrowser` call that opened `page`, defaults for another page. */
export function settingsOf(page: Page): PageSettings {
	return (
		settings.get(page) ?? {
			telemetry: ownTelemetry,
			timeout: DEFAULT_TIMEOUT,
			waitUntil: DEFAULT_WAIT_UNTIL
		}
	);
}

interface Session extends BrowserHandles {
	page: Page;
	close(): Promise<void>;
}

/**
 * Runs `fn` with a page of a new browser context and returns its result. The browser is closed
 * afterwards, also when `fn` throws (its error is rethrown); a browser reached by `wsEndpoint` is
 * only disconnected from, after closing the context Playwriter opened in it.
 *
 * @example
 * const title = await withBrowser({ colorScheme: 'dark' }, async (page) => {
 *   await navigate(page, 'http://127.0.0.1:4173/');
 *   return page.title();
 * });
 */
export async function withBrowser<T>(
	opts: PlaywriterOptions,
	fn: (page: Page, handles: BrowserHandles) => Promise<T>
): Promise<T> {
	const session = await open(opts);
	let result: T;
	try {
		result = await fn(session.page, { browser: session.browser, context: session.context });
	} catch (error) {
		await session.close().catch(() => {});
		throw error;
	}
	await session.close();
	return result;
}

async function open(opts: PlaywriterOptions): Promise<Session> {
	const type = opts.browserType ?? 'chromium';
	const timeout = opts.timeout ?? DEFAULT_TIMEOUT;
	const telemetry = opts.telemetry ?? ownTelemetry;
	const contextOptions: BrowserContextOptions = {
		viewport: opts.viewport ?? DEFAULT_VIEWPORT,
		colorScheme: opts.colorScheme
	};
	const mode = opts.wsEndpoint ? 'connect' : opts.profile ? 'profile' : 'launch';
	if (opts.wsEndpoint && opts.profile) {
		throw new PlaywriterError(
			'connect_failed',
			'A profile belongs to a browser Playwriter starts: it cannot go with wsEndpoint.'
		);
	}
	if (opts.wsEndpoint && type !== 'chromium') {
		throw new PlaywriterError(
			'connect_failed',
			`wsEndpoint connects over CDP, which only Chromium speaks (not ${type}).`
		);
	}
	const launch = mode === 'connect' ? undefined : launchOptions(type, { ...opts, timeout });
	const where = opts.wsEndpoint
		? { wsEndpoint: opts.wsEndpoint }
		: { executablePath: launch?.executablePath };

	const started = performance.now();
	let browser: Browser | null = null;
	let context: BrowserContext | undefined;
	try {
		if (opts.wsEndpoint) {
			browser = await browserTypes.chromium.connectOverCDP(opts.wsEndpoint, { timeout });
		} else if (opts.profile) {
			context = await browserTypes[type].launchPersistentContext(opts.profile, {
				...launch,
				...contextOptions
			});
		} else {
			browser = await browserTypes[type].launch(launch);
		}
	} catch (error) {
		throw startError(error, type, timeout, opts, launch?.executablePath);
	}
	const connectedAt = performance.now();
	const close = async () => {
		try {
			// A connected browser's close() only disconnects, after closing our context.
			if (mode === 'connect') await context?.close();
			await (browser ?? context)?.close();
		} finally {
			telemetry.execute(
				CLOSED,
				{ duration: performance.now() - connectedAt },
				{ browserType: type, mode }
			);
		}
	};
	telemetry.execute(
		CONNECTED,
		{ duration: connectedAt - started },
		{ browserType: type, mode, ...where }
	);
	try {
		context ??= await browser!.newContext(contextOptions);
		context.setDefaultTimeout(timeout);
		const page = context.pages()[0] ?? (await context.newPage());
		settings.set(page, {
			telemetry,
			timeout,
			waitUntil: opts.waitUntil ?? DEFAULT_WAIT_UNTIL
		});
		return { page, browser, context, close };
	} catch (error) {
		await close().catch(() => {});
		throw error;
	}
}

function startError(
	error: unknown,
	type: string,
	timeout: number,
	opts: PlaywriterOptions,
	executablePath: string | undefined
): PlaywriterError {
	const cause = { cause: error };
	if (opts.wsEndpoint) {
		return isTimeout(error)
			? new PlaywriterError('timeout', `No answer from ${opts.wsEndpoint} in ${timeout} ms.`, cause)
			: new PlaywriterError(
					'connect_failed',
					`Could not connect to the browser at ${opts.wsEndpoint}: ${firstLine(error)}`,
					cause
				);
	}
	return isTimeout(error)
		? new PlaywriterError(
				'timeout',
				`${type} at ${executablePath} did not start in ${timeout} ms.`,
				cause
			)
		: new PlaywriterError(
				'browser_not_found',
				`${type} at ${executablePath} would not start: ${firstLine(error)}`,
				cause
			);
}
