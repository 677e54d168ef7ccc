// Playwriter for plain `node` scripts (Node 20 cannot run TypeScript): builds tools/playwriter
// into playwriter-build/ with Vite when it is missing or older than a source (a stat of each,
// a few ms), then imports it. Playwright and other packages stay external.
//
//   import { loadPlaywriter } from '../tools/playwriter/build.mjs';
//   const { withBrowser, screenshot } = await loadPlaywriter();
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
	const built = existsSync(entry) ? statSync(entry).mtimeMs : -1;
	if (built < 0 || inputs().some((f) => existsSync(f) && statSync(f).mtimeMs > built)) {
		await rebuild();
	}
	return entry;
}

/** Builds into a fresh folder, then swaps it in, as bin/superlearner.mjs does. */
async function rebuild() {
	const tmp = mkdtempSync(join(root, '.playwriter-build-'));
	try {
		const { build } = await import('vite');
		await build({
			root,
			configFile: false,
			logLevel: 'warn',
			build: {
				ssr: true,
				target: 'node20',
				outDir: tmp,
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
		rmSync(out, { recursive: true, force: true });
		try {
			renameSync(tmp, out);
		} catch (error) {
			// Another process swapped its own build in first: use that one.
			if (!existsSync(join(out, 'index.mjs'))) throw error;
		}
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
}
