// Shared by `npm start` and `npm test`: make a fresh clone runnable without any manual step.
// Plain Node with no dependencies, because it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
// Where Chromium lives is known in one place, Playwriter's (plain JS with no dependencies).
import { CHROMIUM_PATH } from '../../tools/playwriter/chromium.mjs';

export const root = new URL('../..', import.meta.url).pathname;

/** Runs a command in the project root with inherited stdio; exits the script on failure. */
export function run(cmd, args, opts = {}) {
	const started = performance.now();
	const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
	const seconds = ((performance.now() - started) / 1000).toFixed(1);
	if (res.status !== 0) {
		console.error(
			`\n✖ ${[cmd, ...args].join(' ')} failed (exit ${res.status ?? res.signal}) after ${seconds} s`
		);
		process.exit(res.status ?? 1);
	}
	return Number(seconds);
}

/** Installs npm packages when node_modules is missing or older than the lockfile. */
export function ensureDependencies() {
	const marker = `${root}node_modules/.package-lock.json`;
	const lock = `${root}package-lock.json`;
	const stale =
		!existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
	if (!stale) return;
	console.log('Installing npm packages…');
	run(
		'npm',
		existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']
	);
}

export const chromiumPath = CHROMIUM_PATH;

/** Playwright's own browser download does not work here: use Debian's chromium. */
export function ensureChromium() {
	if (existsSync(chromiumPath)) return;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot) {
		console.error(
			`The browser tests need Chromium at ${chromiumPath}.\n` +
				'Install it with: sudo apt-get install -y chromium fonts-liberation\n' +
				'then run npm test again.'
		);
		process.exit(1);
	}
	console.log('Installing Debian chromium (apt-get)…');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	run('apt-get', ['update', '-qq'], { env });
	run('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-liberation'], { env });
}
