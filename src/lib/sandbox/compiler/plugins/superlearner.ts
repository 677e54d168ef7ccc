/**
 * Leaves `import … from 'superlearner'` out of the bundle: the sandbox worker maps that
 * specifier to its own runtime instance, so bundling a copy would give the code a second,
 * disconnected runtime. Register it before `virtualFs`, which rejects every other bare import.
 * `superlearner/test` is left out alike: a test worker maps it to the test runner.
 */
import type { Plugin } from 'esbuild-wasm';

/** The one bare specifier sandbox code may import. */
export const RUNTIME_SPECIFIER = 'superlearner';
/** What test files (`*.test.ts`) import: `test`, `expect` and Supertester. */
export const TEST_SPECIFIER = 'superlearner/test';

export function superlearner(): Plugin {
	return {
		name: 'superlearner',
		setup(build) {
			build.onResolve({ filter: /^superlearner(\/test)?$/ }, ({ path }) => ({
				path,
				external: true
			}));
		}
	};
}
