/**
 * Serves a sandbox's files from memory: there is no file system in the browser, and in Node
 * (tests) we must not fall through to the real one. Paths are relative to the sandbox root
 * (`main.ts`, `lib/util.ts`); imports between files are relative, and `.ts` may be left out.
 * Anything else is an error reported at the import, never a lookup outside the sandbox.
 */
import type { Plugin } from 'esbuild-wasm';

/** The namespace esbuild shows sandbox paths in; diagnostics strip it again. */
export const NAMESPACE = 'sandbox';

export type SandboxFiles = Readonly<Record<string, string>>;

export function virtualFs(files: SandboxFiles): Plugin {
	return {
		name: 'virtual-fs',
		setup(build) {
			build.onResolve({ filter: /.*/ }, (args) => {
				if (args.kind === 'entry-point') {
					const path = findFile(files, normalize(args.path));
					return path === null
						? { errors: [{ text: `The entry file "${args.path}" does not exist.` }] }
						: { path, namespace: NAMESPACE };
				}
				if (!args.path.startsWith('./') && !args.path.startsWith('../')) {
					return {
						errors: [
							{
								text: `Cannot import "${args.path}": only 'superlearner' and relative paths are available.`
							}
						]
					};
				}
				const path = findFile(files, join(dirname(args.importer), args.path));
				return path === null
					? { errors: [{ text: `Could not resolve "${args.path}"` }] }
					: { path, namespace: NAMESPACE };
			});
			build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
				contents: files[args.path],
				loader: args.path.endsWith('.js') ? 'js' : 'ts'
			}));
		}
	};
}

/** The file a specifier names, trying it as written, then with `.ts`, then as a folder. */
export function findFile(files: SandboxFiles, path: string | null): string | null {
	if (path === null) return null;
	for (const candidate of [path, `${path}.ts`, `${path}/index.ts`]) {
		if (Object.hasOwn(files, candidate)) return candidate;
	}
	return null;
}

function dirname(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash < 0 ? '' : path.slice(0, slash);
}

function join(dir: string, relative: string): string | null {
	return normalize(dir === '' ? relative : `${dir}/${relative}`);
}

/** Resolves `.` and `..` segments; `null` when the path climbs above the sandbox root. */
export function normalize(path: string): string | null {
	const parts: string[] = [];
	for (const part of path.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') {
			if (parts.length === 0) return null;
			parts.pop();
		} else parts.push(part);
	}
	return parts.join('/');
}
