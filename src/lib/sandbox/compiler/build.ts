/**
 * A sandbox's files → one ESM module with the entry file's exports, bundled by esbuild from
 * memory. `superlearner` stays an import for the sandbox worker to map to its runtime. Errors
 * (syntax, unresolved imports) are data. Editors recompile on every pause in typing, often to
 * text seen before (undo, switching files), so results are cached by a hash of the input.
 */
import type { BuildOptions } from 'esbuild-wasm';
import { isEsbuildFailure, toDiagnostic, type Diagnostic } from './diagnostics';
import { Lru } from './lru';
import { superlearner } from '$lib/sandbox/compiler/plugins/superlearner';
import { virtualFs, type SandboxFiles } from '$lib/sandbox/compiler/plugins/virtual_fs';

type Esbuild = typeof import('esbuild-wasm');

export interface BuildRequest {
	/** Paths relative to the sandbox root, such as `main.ts` or `lib/util.ts`. */
	files: SandboxFiles;
	entry: string;
	/** `esm` by default; sandbox programs are `cjs`, evaluated with the sandbox's `require`. */
	format?: 'esm' | 'cjs';
	/** Whether to make a source map (`map` of the output): test builds locate failures with it. */
	sourcemap?: boolean;
}

export interface BuildOutput {
	/** The bundled module, or `null` when there are errors. */
	code: string | null;
	/** Its source map (JSON), when the request asked for one. */
	map?: string;
	diagnostics: Diagnostic[];
	buildMs: number;
	/** Whether this came from the cache (then `buildMs` is the original build's). */
	cached: boolean;
}

const OPTIONS: BuildOptions = {
	bundle: true,
	write: false,
	target: 'es2022',
	platform: 'neutral',
	logLevel: 'silent'
};

/** Builds with a cache of the last `capacity` distinct inputs. */
export function createBuilder(capacity = 32) {
	const cache = new Lru<string, Omit<BuildOutput, 'cached'>>(capacity);

	return async function build(esbuild: Esbuild, request: BuildRequest): Promise<BuildOutput> {
		const key = await hashRequest(request);
		const hit = cache.get(key);
		if (hit) return { ...hit, cached: true };
		const output = await buildUncached(esbuild, request);
		cache.set(key, output);
		return { ...output, cached: false };
	};
}

/**
 * A small program that goes where a sandbox's build goes (two files, an import of the runtime,
 * types to strip, the sandbox's format). esbuild's first build is slow — its wasm compiles each
 * function on first use: 540 ms against 30 ms for the next in Node — so a compiler loaded ahead
 * of a learner's first Run builds this first.
 */
export const WARM_UP: BuildRequest = {
	entry: 'main.ts',
	format: 'cjs',
	files: {
		'main.ts':
			"import { spawn } from 'superlearner';\nimport { twice } from './twice';\nexport const start = (n: number) => spawn(() => twice(n));",
		'twice.ts': 'export const twice = (n: number): number => n * 2;'
	}
};

/** Builds {@link WARM_UP} (not cached: it is no learner's). */
export function warmUp(esbuild: Esbuild): Promise<Omit<BuildOutput, 'cached'>> {
	return buildUncached(esbuild, WARM_UP);
}

async function buildUncached(
	esbuild: Esbuild,
	{ files, entry, format = 'esm', sourcemap = false }: BuildRequest
): Promise<Omit<BuildOutput, 'cached'>> {
	const started = performance.now();
	try {
		const result = await esbuild.build({
			...OPTIONS,
			format,
			entryPoints: [entry],
			plugins: [superlearner(), virtualFs(files)],
			// An external map needs an output name; nothing is written.
			...(sourcemap && { sourcemap: 'external', outfile: 'bundle.js' })
		});
		const diagnostics = result.warnings.map((w) => toDiagnostic(w, 'warning', entry));
		const outputs = result.outputFiles ?? [];
		const code = outputs.find((f) => !f.path.endsWith('.map'))?.text ?? '';
		const map = outputs.find((f) => f.path.endsWith('.map'))?.text;
		return { code, ...(map && { map }), diagnostics, buildMs: performance.now() - started };
	} catch (error) {
		if (!isEsbuildFailure(error)) throw error;
		const diagnostics = [
			...error.errors.map((e) => toDiagnostic(e, 'error', entry)),
			...error.warnings.map((w) => toDiagnostic(w, 'warning', entry))
		];
		return { code: null, diagnostics, buildMs: performance.now() - started };
	}
}

/**
 * SHA-256 of the entry and the files in path order (so key order does not matter). JSON keeps
 * the boundaries unambiguous: no file's text can pass for a path.
 */
export async function hashRequest({
	files,
	entry,
	format = 'esm',
	sourcemap = false
}: BuildRequest): Promise<string> {
	const paths = Object.keys(files).sort();
	const text = JSON.stringify([format, sourcemap, entry, ...paths.map((p) => [p, files[p]])]);
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
