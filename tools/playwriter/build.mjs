// Playwriter for plain `node` scripts (Node 20 cannot run TypeScript): builds tools/playwriter
// into playwriter-build/ with Vite when it is missing or older than a source (a stat of each,
// a few ms), then imports it. Playwright and other packages stay external.
//
//   import { loadPlaywriter } from '../tools/playwriter/build.mjs';
//   const { withBrowser, screenshot } = await loadPlaywriter();
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBuild } from '../../scripts/lib/fresh_build.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const out = join(root, 'playwriter-build');
const inputs = () => [
	...readdirSync(here)
		.filter((f) => /\.(ts|mjs)$/.test(f) && !f.endsWith('.test.ts'))
		.map((f) => join(here, f)),
	join(root, 'src/lib/arsenal/telemetry.ts'),
	join(root, 'package-lock.json')
];

/** The library (index.ts's exports), built. */
export async function loadPlaywriter() {
	return import(pathToFileURL(await ensureBuilt('index.mjs')).href);
}

/** The command (cli.ts's exports), built. */
export async function loadCli() {
	return import(pathToFileURL(await ensureBuilt('cli.mjs')).href);
}

async function ensureBuilt(/** @type {string} */ file) {
	const entry = join(out, file);
	await freshBuild({ out, entry, inputs: inputs(), build });
	return entry;
}

async function build(/** @type {string} */ dir) {
	const { build: viteBuild } = await import('vite');
	await viteBuild({
		root,
		configFile: false,
		logLevel: 'warn',
		build: {
			ssr: true,
			target: 'node20',
			outDir: dir,
			emptyOutDir: true,
			minify: false,
			rolldownOptions: {
				input: { index: join(here, 'index.ts'), cli: join(here, 'cli.ts') },
				output: {
					format: 'es',
					entryFileNames: '[name].mjs',
					chunkFileNames: 'chunks/[name]-[hash].mjs'
				}
			}
		}
	});
}
