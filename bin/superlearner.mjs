#!/usr/bin/env node
// `superlearner` in a checkout (`npx superlearner …`): runs the command built from src/cli into
// cli-build/ by vite.cli.config.ts, building it first when it is missing or older than a source
// file of src/lib or src/cli (a stat of each, a few ms). SUPERLEARNER_NO_REBUILD=1 uses the
// build there is (tests and benchmarks that build once).
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBuild } from '../scripts/lib/fresh_build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'cli-build');
const entry = join(out, 'main.mjs');
const CONFIG = 'vite.cli.config.ts';

await freshBuild({
	out,
	entry,
	inputs: [CONFIG, 'package.json', 'package-lock.json', 'src/lib', 'src/cli'].map((p) =>
		join(root, p)
	),
	check: !process.env.SUPERLEARNER_NO_REBUILD,
	build
});
await import(pathToFileURL(entry).href);

/**
 * One build of the command. One already running loses the build it runs from when another
 * swaps a new one in (it has its code loaded, but a new sandbox thread's script is read from
 * there): edit src/ while no command runs, or set SUPERLEARNER_NO_REBUILD=1.
 */
async function build(dir) {
	if (process.stderr.isTTY) process.stderr.write('superlearner: building the command…\r');
	const started = performance.now();
	const { build: viteBuild } = await import('vite');
	await viteBuild({
		root,
		configFile: join(root, CONFIG),
		logLevel: 'warn',
		build: { outDir: dir, emptyOutDir: true }
	});
	if (process.stderr.isTTY) {
		const seconds = ((performance.now() - started) / 1000).toFixed(1);
		process.stderr.write(`\x1b[2Ksuperlearner: built in ${seconds} s (src/ changed)\n`);
	}
}
