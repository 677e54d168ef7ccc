import type { Telemetry } from '../../src/lib/arsenal/telemetry.ts';

/** Which of Playwright's browsers to drive. Only Chromium is installed on our machines. */
export type BrowserType = 'chromium' | 'firefox' | 'webkit';

/** When a navigation counts as done: Playwright's `waitUntil`. */
export type WaitUntil = 'load' | 'domcontentloaded' | 'networkidle' | 'commit';

/** Every option of every Playwriter call; all optional. */
export interface PlaywriterOptions {
	/** Default `'chromium'`. Firefox and WebKit need `npx playwright install <name>` first. */
	browserType?: BrowserType;
	/** Default `true`. `false` shows the window (needs a display). */
	headless?: boolean;
	/**
	 * The browser to start. Chromium's is looked for in this order: this option, the
	 * `PLAYWRITER_CHROMIUM` environment variable, `/usr/bin/chromium`, Playwright's own download.
	 * A path given (option or variable) that does not exist is an error, never a fallback.
	 */
	executablePath?: string;
	/**
	 * Connect over CDP to a Chromium already running (here or on another machine, e.g. a Windows
	 * desktop's Chrome started with `--remote-debugging-port`) instead of starting one. Playwriter
	 * then closes only the context it opened and disconnects; the browser keeps running.
	 */
	wsEndpoint?: string;
	/**
	 * A user-data directory: the browser starts with that profile (its cookies, logins), created
	 * when missing. Not with `wsEndpoint`.
	 */
	profile?: string;
	/** Milliseconds for the launch or connection, and for each navigation or action. Default 30 000. */
	timeout?: number;
	/**
	 * When a navigation counts as done. Default `'networkidle'` (no request for 500 ms): an SPA
	 * renders after its scripts fetch their chunks and data, which `'load'` does not wait for.
	 * A page that never goes quiet (a long poll, a stream) needs `'load'` and a wait of its own.
	 */
	waitUntil?: WaitUntil;
	/** The page's size in CSS pixels. Default 1280×800. */
	viewport?: { width: number; height: number };
	/** Screenshots: the whole scrollable page instead of the viewport. Default `false`. */
	fullPage?: boolean;
	/** `prefers-color-scheme` as the page sees it. Default: the browser's (light). */
	colorScheme?: 'light' | 'dark';
	/** Where the `playwriter.browser.*` events go. Default: Playwriter's `telemetry`. */
	telemetry?: Telemetry;
}

export const DEFAULT_TIMEOUT = 30_000;
export const DEFAULT_WAIT_UNTIL: WaitUntil = 'networkidle';
export const DEFAULT_VIEWPORT = Object.freeze({ width: 1280, height: 800 });
