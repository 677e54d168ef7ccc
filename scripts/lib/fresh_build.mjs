// A command of this checkout built with Vite on first use, and again when a source is newer than
// the build (a stat of each, a few ms): bin/superlearner.mjs and tools/playwriter/build.mjs.
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Makes sure `entry` (a file of the build folder `out`) is built from `inputs` (files, or folders
 * whose sources are read, tests aside): when it is missing, or, unless `check` is false, older
 * than one of them. `build(dir)` writes a build into `dir`.
 *
 * @param {{ out: string, entry: string, inputs: string[], check?: boolean,
 *   build: (dir: string) => Promise<void> }} opts
 */
export async function freshBuild({ out, entry, inputs, check = true, build }) {
	if (existsSync(entry)) {
		const built = statSync(entry).mtimeMs;
		if (!check || !inputs.some((path) => newer(path, built))) return;
	}
	await swapIn(out, entry, build);
}

/** Whether `path`, or a source file under it, changed after `time`. */
function newer(path, time) {
	if (!existsSync(path)) return false;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs > time;
	return readdirSync(path, { withFileTypes: true }).some(
		(item) =>
			(item.isDirectory() ||
				(/\.(ts|js|mjs|json)$/.test(item.name) && !/\.test\.ts$/.test(item.name))) &&
			newer(join(path, item.name), time)
	);
}

/**
 * Builds into a fresh folder beside `out`, then swaps it in: a command never starts from a
 * half-written build, and two that rebuild at once do not write into each other's.
 */
async function swapIn(out, entry, build) {
	const tmp = mkdtempSync(join(dirname(out), `.${basename(out)}-`));
	try {
		await build(tmp);
		rmSync(out, { recursive: true, force: true });
		try {
			renameSync(tmp, out);
		} catch (error) {
			// Another process swapped its own build in first: use that one.
			if (!existsSync(entry)) throw error;
		}
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
}
