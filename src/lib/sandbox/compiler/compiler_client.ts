/**
 * The main thread's side of the compiler worker. The worker starts on the first compile; if it
 * dies or stops answering, the next compile starts a fresh one. Each compile gets an increasing
 * id, and a result that a newer compile has superseded is dropped.
 */
import { proxy } from 'comlink';
import { connectWorker, type Connection } from '$lib/arsenal/wire';
import type { BuildRequest } from './build';
import type { BuildResult, CompileResult, CompilerApi, CompilerStatus } from './compile';

export interface CompilerClient {
	/** Compiles a TypeScript file; resolves `null` when a newer compile started meanwhile. */
	compile(code: string, file?: string): Promise<CompileResult | null>;
	/** Bundles a sandbox's files; resolves `null` when a newer compile or build started meanwhile. */
	build(request: BuildRequest): Promise<BuildResult | null>;
	/** Starts the worker and loads esbuild now, before any compile; rejects as a compile would. */
	prepare(): Promise<void>;
	/** Listens to the worker's status messages (download progress, ready); returns an unsubscribe. */
	onStatus(listener: (status: CompilerStatus) => void): () => void;
	dispose(): void;
}

/** The first compile downloads ~14 MB of wasm: allow for a slow network. */
const DEADLINE_MS = 120_000;

export function createCompilerClient(): CompilerClient {
	const listeners = new Set<(status: CompilerStatus) => void>();
	let connection: Connection<CompilerApi> | null = null;
	let latest = 0;

	function connect(): Connection<CompilerApi> {
		if (connection) return connection;
		const worker = new Worker(new URL('../../../workers/compiler.worker.ts', import.meta.url), {
			type: 'module'
		});
		const conn = connectWorker<CompilerApi>(worker, { deadlineMs: DEADLINE_MS, name: 'compiler' });
		// A worker that fails to load (offline, not cached yet) rejects this too: the build that
		// started it says why, so the status subscription just ends.
		conn.api
			.onStatus(proxy((status: CompilerStatus) => listeners.forEach((l) => l(status))))
			.catch(() => {});
		void conn.exited.then(() => {
			if (connection === conn) connection = null;
		});
		return (connection = conn);
	}

	/** One id sequence for both kinds of request: the page shows whichever came last. */
	async function newest<T>(
		call: (api: Connection<CompilerApi>['api'], id: number) => Promise<T>
	): Promise<T | null> {
		const id = ++latest;
		const conn = connect();
		try {
			const result = await call(conn.api, id);
			return id === latest ? result : null;
		} catch (error) {
			// A worker that missed its deadline is stuck: replace it rather than wait on it.
			if ((error as { code?: string }).code === 'timeout') conn.terminate('it stopped answering');
			throw error;
		}
	}

	return {
		compile: (code, file) => newest((api, id) => api.compile(id, code, file)),
		build: (request) => newest((api, id) => api.build(id, request)),
		prepare: () => connect().api.prepare(),
		onStatus(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		dispose() {
			connection?.terminate('the compiler was closed');
			listeners.clear();
		}
	};
}
