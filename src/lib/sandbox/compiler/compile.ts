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
import { createBuilder, warmUp, type BuildOutput, type BuildRequest } from './build';
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
	let warmed: Promise<void> | undefined;
	let built = false;
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

		/**
		 * Loads esbuild ahead of the first build (a page where sandboxes are made opened), and
		 * builds a small program so that the learner's first build is as quick as the next ones.
		 */
		async prepare(): Promise<void> {
			const esbuild = await loaded();
			// A build asked for meanwhile warms esbuild up itself: two would share the CPU.
			if (!built) warmed ??= warmUp(esbuild).then(() => {});
			await warmed;
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
			built = true;
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

/**
 * Downloads the wasm and compiles it as it arrives, reporting bytes (at most every 50 ms). A
 * download that breaks off says the compiler is missing; a module that does not compile throws.
 */
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
	let loaded = 0;
	let reportedAt = -Infinity;
	const counted = res.body.pipeThrough(
		new TransformStream<Uint8Array, Uint8Array>({
			transform(chunk, out) {
				loaded += chunk.byteLength;
				if (total !== null && loaded > total) total = null;
				if (performance.now() - reportedAt >= 50) {
					reportedAt = performance.now();
					report({ phase: 'downloading', loaded, total });
				}
				out.enqueue(chunk);
			},
			flush: () => report({ phase: 'downloading', loaded, total: loaded })
		})
	);
	const wasm = new Response(counted, { headers: { 'content-type': 'application/wasm' } });
	return WebAssembly.compileStreaming(wasm).catch((error: unknown) => {
		throw error instanceof WebAssembly.CompileError ? error : compilerMissing(String(error));
	});
}
