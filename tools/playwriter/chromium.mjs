// Where Chromium lives on our machines and how to start it: the one place that knows, shared by
// Playwriter (launch.ts), the Playwright configs (through Playwriter) and scripts/lib/setup.mjs,
// which installs it when missing. Plain JavaScript so that `node` scripts can import it as is.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's Chromium: Playwright's own browser download does not work here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a headless Chromium in a container (Playwright adds some of them too: harmless). */
export const CHROMIUM_ARGS = Object.freeze([
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
]);

/**
 * @typedef {object} DebuggingChromium
 * @property {string} wsEndpoint The DevTools endpoint (`ws://127.0.0.1:<port>/devtools/browser/…`)
 *   to pass as Playwriter's `wsEndpoint` or the command's `--ws`.
 * @property {number} pid The process group it runs in.
 * @property {() => Promise<void>} close Kills it and removes its profile folder.
 */

/**
 * Starts a headless Chromium that others connect to over CDP (`wsEndpoint`), on a free port
 * with a throwaway profile: a browser kept running between commands. Close it when done.
 *
 * @param {{ executablePath?: string, timeout?: number }} [options]
 * @returns {Promise<DebuggingChromium>}
 */
export function startDebuggingChromium({ executablePath = CHROMIUM_PATH, timeout = 30_000 } = {}) {
	const profile = mkdtempSync(join(tmpdir(), 'playwriter-chromium-'));
	// Its own process group: /usr/bin/chromium is a shell script that may not exec the browser.
	const child = spawn(
		executablePath,
		[
			'--headless',
			'--remote-debugging-port=0',
			`--user-data-dir=${profile}`,
			...CHROMIUM_ARGS,
			'about:blank'
		],
		{ detached: true, stdio: ['ignore', 'ignore', 'pipe'] }
	);
	const exited = new Promise((resolve) => child.once('exit', resolve));
	const close = async () => {
		if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
			try {
				process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
			} catch {
				// Already gone.
			}
			await exited;
		}
		rmSync(profile, { recursive: true, force: true });
	};
	return new Promise((resolve, reject) => {
		let stderr = '';
		const fail = (/** @type {string} */ why) => {
			clearTimeout(timer);
			child.off('exit', onExit);
			void close().then(() => reject(new Error(`Chromium at ${executablePath} ${why}`)));
		};
		const onExit = (/** @type {number | null} */ code) =>
			fail(`exited (${code}) before listening: ${stderr.trim()}`);
		const timer = setTimeout(() => fail(`printed no DevTools endpoint in ${timeout} ms`), timeout);
		child.once('error', (error) => fail(`did not start: ${error.message}`));
		child.once('exit', onExit);
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (/** @type {string} */ chunk) => {
			stderr += chunk;
			const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
			if (!match) return;
			clearTimeout(timer);
			child.off('exit', onExit);
			child.stderr.removeAllListeners('data');
			child.stderr.resume();
			resolve({ wsEndpoint: match[1], pid: /** @type {number} */ (child.pid), close });
		});
	});
}
