/**
 * A sandbox's files as one program: a generated entry imports every source file and exports
 * them by path, so the sandbox worker can tell which modules each file defines (hot reload
 * changes one file's modules and leaves the others running as they are).
 *
 * ```ts
 * const req = programRequest({ 'main.ts': src, 'counter.ts': counter }, 'main.ts');
 * // bundles to CommonJS exporting { files: { 'main.ts': {...}, 'counter.ts': {...} }, entry: 'main.ts' }
 * ```
 *
 * Test files (`*.test.ts`) are not part of the program: they build as a program of their own
 * (testProgramRequest), run by the Test button in a fresh worker.
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
const TEST_FILE = /\.test\.ts$/;

/** Whether a sandbox file holds tests (`counter.test.ts`): Test runs it, Run leaves it out. */
export function isTestFile(path: string): boolean {
	return TEST_FILE.test(path);
}

/** The build request for running `files` with `entry`'s default export as the root. */
export function programRequest(files: SandboxFiles, entry: string): BuildRequest {
	const sources = Object.keys(files)
		.filter((path) => SOURCE.test(path) && !isTestFile(path))
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

/** The generated entry of a test build. */
export const TEST_PROGRAM_ENTRY = '__tests__.ts';

/** What a test bundle exports: each test file's loader, which runs its top level once. */
export interface TestProgramExports {
	tests: Record<string, () => unknown>;
}

/**
 * The build request for the sandbox's tests: every `*.test.ts` file (and what it imports),
 * each loaded on demand so that the runner knows which file declares which tests, with a
 * source map to find a failing line in the learner's file.
 */
export function testProgramRequest(files: SandboxFiles): BuildRequest {
	const loaders = Object.keys(files)
		.filter(isTestFile)
		.sort()
		.map((path) => `  ${JSON.stringify(path)}: () => require(${JSON.stringify('./' + path)}),`);
	const program = ['export const tests = {', ...loaders, '};', ''].join('\n');
	return {
		files: { ...files, [TEST_PROGRAM_ENTRY]: program },
		entry: TEST_PROGRAM_ENTRY,
		format: 'cjs',
		sourcemap: true
	};
}
