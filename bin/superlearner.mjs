#!/usr/bin/env node
// `superlearner` in a checkout (`npx superlearner …`): runs the command built from src/cli into
// cli-build/ by vite.cli.config.ts, building it first when it is missing or older than a source
// file of src/lib or src/cli (a stat of each, a few ms). SUPERLEARNER_NO_REBUILD=1 uses the
// build there is (tests and benchmarks that build once).
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'cli-build');
const entry = join(out, 'main.mjs');
const CONFIG = 'vite.cli.config.ts';

if (!existsSync(entry) || (!process.env.SUPERLEARNER_NO_REBUILD && isStale())) await rebuild();
await import(pathToFileURL(entry).href);

function isStale() {
	const built = statSync(entry).mtimeMs;
	const inputs = [join(root, CONFIG), join(root, 'package.json'), join(root, 'package-lock.json')];
	return (
		inputs.some((f) => existsSync(f) && statSync(f).mtimeMs > built) ||
		newer(join(root, 'src/lib'), built) ||
		newer(join(root, 'src/cli'), built)
	);
}

/** Whether a source file under `dir` (tests aside) changed after `time`. */
function newer(dir, time) {
	for (const item of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, item.name);
		if (item.isDirectory()) {
			if (newer(path, time)) return true;
		} else if (/\.(ts|js|json)$/.test(item.name) && !/\.test\.ts$/.test(item.name)) {
			if (statSync(path).mtimeMs > time) return true;
		}
	}
	return false;
}

/**
 * Builds into a fresh folder, then swaps it in: a command never starts from a half-written
 * build, and two that rebuild at once do not write into each other's. One already running
 * loses the build it runs from (it has its code loaded, but a new sandbox thread's script is
 * read from there): edit src/ while no command runs, or set SUPERLEARNER_NO_REBUILD=1.
 */
async function rebuild() {
	if (process.stderr.isTTY) process.stderr.write('superlearner: building the command…\r');
	const started = performance.now();
	const tmp = mkdtempSync(join(root, '.cli-build-'));
	try {
		const { build } = await import('vite');
		await build({
			root,
			configFile: join(root, CONFIG),
			logLevel: 'warn',
			build: { outDir: tmp, emptyOutDir: true }
		});
		rmSync(out, { recursive: true, force: true });
		try {
			renameSync(tmp, out);
		} catch (error) {
			// Another command swapped its own build in first: use that one.
			if (!existsSync(entry)) throw error;
		}
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
	if (process.stderr.isTTY) {
		const seconds = ((performance.now() - started) / 1000).toFixed(1);
		process.stderr.write(`\x1b[2Ksuperlearner: built in ${seconds} s (src/ changed)\n`);
	}
}
