/**
 * A sandbox folder on disk as the compiler takes it: its `.ts` and `.js` files by path relative
 * to the folder (`main.ts`, `lib/util.ts`), as MODULE_FORMAT.md describes. `main.ts` is the
 * entry; a folder without one is a usage error.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { UsageError } from './usage';

const SOURCE = /\.(ts|js)$/;
/** Folders that never hold a sandbox's files. */
const SKIPPED = new Set(['node_modules', '.git']);
/** More than any sandbox has: a folder past it is not a sandbox folder. */
const MAX_FILES = 500;
const MAX_BYTES = 5 * 2 ** 20;

export const ENTRY = 'main.ts';

/** Reads `dir`'s source files; throws a {@link UsageError} when it is no sandbox folder. */
export function readSandbox(dir: string): Record<string, string> {
	let stat;
	try {
		stat = statSync(dir);
	} catch {
		throw new UsageError(`${dir}: no such folder.`);
	}
	if (!stat.isDirectory()) throw new UsageError(`${dir} is not a folder: give a sandbox folder.`);
	const files: Record<string, string> = {};
	let bytes = 0;
	const walk = (folder: string) => {
		for (const entry of readdirSync(folder, { withFileTypes: true })) {
			const path = join(folder, entry.name);
			if (entry.isDirectory()) {
				if (!SKIPPED.has(entry.name) && !entry.name.startsWith('.')) walk(path);
			} else if (entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
				const text = readFileSync(path, 'utf8');
				bytes += text.length;
				files[relative(dir, path).split(sep).join('/')] = text;
				if (Object.keys(files).length > MAX_FILES || bytes > MAX_BYTES) {
					throw new UsageError(
						`${dir} holds more than ${MAX_FILES} files or ${MAX_BYTES / 2 ** 20} MB of source: is it a sandbox folder?`
					);
				}
			}
		}
	};
	walk(dir);
	if (!(ENTRY in files)) {
		throw new UsageError(
			`${dir} has no ${ENTRY}: a sandbox folder needs a main.ts whose default export is the root supervisor (see src/lib/sandbox/MODULE_FORMAT.md).`
		);
	}
	return files;
}
