/**
 * A sandbox's files as one program: a generated entry imports every source file and exports
 * them by path, so the sandbox worker can tell which modules each file defines (hot reload
 * changes one file's modules and leaves the others running as they are).
 *
 * ```ts
 * const req = programRequest({ 'main.ts': src, 'counter.ts': counter }, 'main.ts');
 * // bundles to CommonJS exporting { files: { 'main.ts': {...}, 'counter.ts': {...} }, entry: 'main.ts' }
 * ```
 */
import type { BuildRequest } from './build';
import type { SandboxFiles } from '$lib/sandbox/compiler/plugins/virtual_fs';

/** The generated entry's path; learners' paths may not start with `__`. */
export const PROGRAM_ENTRY = '__program__.ts';

/** What the program bundle exports. */
export interface ProgramExports {
	files: Record<string, Record<string, unknown>>;
	entry: string;
}

const SOURCE = /\.(ts|js)$/;

/** The build request for running `files` with `entry`'s default export as the root. */
export function programRequest(files: SandboxFiles, entry: string): BuildRequest {
	const sources = Object.keys(files)
		.filter((path) => SOURCE.test(path))
		.sort();
	const imports = sources.map(
		(path, i) => `import * as f${i} from ${JSON.stringify('./' + path)};`
	);
	const table = sources.map((path, i) => `  ${JSON.stringify(path)}: f${i},`);
	const program = [
		...imports,
		`export const files = {`,
		...table,
		`};`,
		`export const entry = ${JSON.stringify(entry)};`,
		''
	].join('\n');
	return { files: { ...files, [PROGRAM_ENTRY]: program }, entry: PROGRAM_ENTRY, format: 'cjs' };
}
