/**
 * TypeScript → JavaScript with esbuild-wasm, inside the compiler worker. esbuild loads on the
 * first compile, from our own origin (no CDN): the wasm is downloaded with progress reported as
 * `status` messages, compiled, and handed to esbuild. The load is cached, and dropped on
 * failure so the next compile tries again. Bad input is data (diagnostics), not an exception.
 *
 * @example
 * const compiler = createCompiler();
 * compiler.onStatus((s) => console.log(s.phase));
 * await compiler.compile(1, 'let x: number = ;');
 * // → { id: 1, code: null, diagnostics: [{ line: 1, column: 17, message: 'Unexpected ";"', … }] }
 */
import wasmUrl from 'esbuild-wasm/esbuild.wasm?url';
import { createBuilder, type BuildOutput, type BuildRequest } from './build';
import { isEsbuildFailure, toDiagnostic, type Diagnostic } from './diagnostics';
import { compilerMissing } from './unavailable';

export type { Diagnostic } from './diagnostics';
export { CompilerUnavailableError, compilerMissing } from './unavailable';

type Esbuild = typeof import('esbuild-wasm');

/** Progress of the compiler's first load. */
export type CompilerStatus =
	| { phase: 'downloading'; loaded: number; total: number | null }
	| { phase: 'initializing' }
	| { phase: 'ready'; initMs: number };

export interface CompileResult {
	id: number;
	/** The JavaScript, or `null` when the input has errors. */
	code: string | null;
	diagnostics: Diagnostic[];
	transformMs: number;
}

/** A sandbox build's outcome; `id` is the request's, so the client can drop superseded ones. */
export interface BuildResult extends BuildOutput {
	id: number;
}

type Report = (status: CompilerStatus) => void;

/** The compiler worker's API; `load` is injectable so node tests can use esbuild's node build. */
export function createCompiler(load: (report: Report) => Promise<Esbuild> = loadInBrowser) {
	const listeners = new Set<Report>();
	const report: Report = (status) => listeners.forEach((listener) => listener(status));
	let ready: Promise<Esbuild> | undefined;
	const buildSandbox = createBuilder();

	function loaded(): Promise<Esbuild> {
		ready ??= load(report).catch((error: unknown) => {
			ready = undefined;
			throw error;
		});
		return ready;
	}

	return {
		/** Subscribes to status messages. */
		onStatus(listener: Report): void {
			listeners.add(listener);
		},

		/** Transforms one TypeScript file; `id` comes back with the result. */
		async compile(id: number, code: string, file = 'input.ts'): Promise<CompileResult> {
			const esbuild = await loaded();
			const started = performance.now();
			try {
				const out = await esbuild.transform(code, {
					loader: 'ts',
					format: 'esm',
					target: 'es2022',
					sourcefile: file
				});
				const diagnostics = out.warnings.map((w) => toDiagnostic(w, 'warning', file));
				return { id, code: out.code, diagnostics, transformMs: performance.now() - started };
			} catch (error) {
				if (!isEsbuildFailure(error)) throw error;
				const diagnostics = [
					...error.errors.map((e) => toDiagnostic(e, 'error', file)),
					...error.warnings.map((w) => toDiagnostic(w, 'warning', file))
				];
				return { id, code: null, diagnostics, transformMs: performance.now() - started };
			}
		},

		/** Bundles a sandbox's files into one module; `id` comes back with the result. */
		async build(id: number, request: BuildRequest): Promise<BuildResult> {
			return { id, ...(await buildSandbox(await loaded(), request)) };
		}
	};
}

export type CompilerApi = ReturnType<typeof createCompiler>;

async function loadInBrowser(report: Report): Promise<Esbuild> {
	const started = performance.now();
	const [esbuild, wasmModule] = await Promise.all([
		import('esbuild-wasm').catch((error: unknown) => {
			throw compilerMissing(String(error));
		}),
		fetchWasm(wasmUrl, report)
	]);
	report({ phase: 'initializing' });
	// We are already off the main thread: esbuild need not start a worker of its own.
	await esbuild.initialize({ wasmModule, worker: false });
	report({ phase: 'ready', initMs: performance.now() - started });
	return esbuild;
}

/** Downloads and compiles the wasm, reporting bytes as they arrive (at most every 50 ms). */
export async function fetchWasm(
	url: string,
	report: Report,
	fetcher: typeof fetch = fetch
): Promise<WebAssembly.Module> {
	const res = await fetcher(url).catch((error: unknown) => {
		throw compilerMissing(String(error));
	});
	if (!res.ok || !res.body) throw compilerMissing(`HTTP ${res.status}`);
	const declared = Number(res.headers.get('content-length'));
	// A compressed response declares fewer bytes than the stream yields: then the total is unknown.
	let total = declared > 0 ? declared : null;
	const chunks: Uint8Array[] = [];
	let loaded = 0;
	let reportedAt = -Infinity;
	const reader = res.body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(value);
		loaded += value.byteLength;
		if (total !== null && loaded > total) total = null;
		if (performance.now() - reportedAt >= 50) {
			reportedAt = performance.now();
			report({ phase: 'downloading', loaded, total });
		}
	}
	report({ phase: 'downloading', loaded, total: loaded });
	const bytes = new Uint8Array(loaded);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return WebAssembly.compile(bytes);
}
