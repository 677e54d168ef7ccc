/**
 * Leaves `import … from 'superlearner'` out of the bundle: the sandbox worker maps that
 * specifier to its own runtime instance, so bundling a copy would give the code a second,
 * disconnected runtime. Register it before `virtualFs`, which rejects every other bare import.
 */
import type { Plugin } from 'esbuild-wasm';

/** The one bare specifier sandbox code may import. */
export const RUNTIME_SPECIFIER = 'superlearner';

export function superlearner(): Plugin {
	return {
		name: 'superlearner',
		setup(build) {
			build.onResolve({ filter: /^superlearner$/ }, () => ({
				path: RUNTIME_SPECIFIER,
				external: true
			}));
		}
	};
}
