/**
 * The SandboxManager's compiler in the app: the compiler worker (esbuild-wasm), started by the
 * runtime worker on the first sandbox build. Builds are queued, one at a time (sandboxes being
 * restarted after a reload build while the manager serves a learner's), so the client's
 * "newest request wins" never drops one. Pages watch what it is doing
 * (downloading with its bytes, compiling) to show a run's steps.
 */
import { ArsenalError } from '$lib/arsenal/errors';
import type { BuildOutput, BuildRequest } from '$lib/sandbox/compiler/build';
import type { CompilerStatus } from '$lib/sandbox/compiler/compile';
import { createCompilerClient, type CompilerClient } from '$lib/sandbox/compiler/compiler_client';
import { compilerMissing } from '$lib/sandbox/compiler/unavailable';

/** What the sandboxes' compiler is doing. */
export type CompilerStep =
	| { phase: 'not_loaded' }
	| Exclude<CompilerStatus, { phase: 'ready' }>
	| { phase: 'ready' }
	| { phase: 'compiling' };

export interface SandboxCompiler {
	compile: (request: BuildRequest) => Promise<BuildOutput>;
	/**
	 * Loads the compiler ahead of the first build (a page where sandboxes are made opened), so
	 * that a learner's first Run does not wait for its download. Never rejects: a compiler that
	 * cannot load says why when a build needs it.
	 */
	prepare: () => Promise<void>;
	/** Tells `listener` what the compiler does now, then each change; returns the way to stop. */
	watch: (listener: (step: CompilerStep) => void) => () => void;
}

export function workerCompiler(client: CompilerClient = createCompilerClient()): SandboxCompiler {
	const listeners = new Set<(step: CompilerStep) => void>();
	let step: CompilerStep = { phase: 'not_loaded' };
	let loaded = false;
	let building = 0;
	const tell = (next: CompilerStep) => {
		step = next;
		for (const listener of listeners) listener(next);
	};
	client.onStatus((status: CompilerStatus) => {
		if (status.phase !== 'ready') return tell(status);
		loaded = true;
		tell({ phase: building ? 'compiling' : 'ready' });
	});

	/** Builds go one at a time (the client answers only the newest of those in flight). */
	let queue: Promise<unknown> = Promise.resolve();
	const inTurn = <T>(build: () => Promise<T>): Promise<T> => {
		const turn = queue.then(build);
		queue = turn.catch(() => {});
		return turn;
	};

	return {
		compile: async (request) => {
			building++;
			if (loaded) tell({ phase: 'compiling' });
			try {
				const result = await inTurn(() => client.build(request));
				if (!result) throw new Error('A newer build replaced this one.');
				return result;
			} catch (error) {
				throw unavailable(error) ?? error;
			} finally {
				building--;
				if (!building) tell({ phase: loaded ? 'ready' : 'not_loaded' });
			}
		},
		prepare: async () => {
			try {
				await client.prepare();
			} catch {
				// The download it reported stopped: watchers must not see it go on.
				if (!loaded && !building) tell({ phase: 'not_loaded' });
			}
		},
		watch: (listener) => {
			listeners.add(listener);
			listener(step);
			return () => listeners.delete(listener);
		}
	};
}

/**
 * A compiler that could not load, as an ArsenalError a learner can act on: its worker's script
 * failing to load offline (`noproc`) means it is not downloaded yet, like esbuild's own files.
 */
function unavailable(error: unknown): ArsenalError | null {
	const { code, message } = error as { code?: string; message?: string };
	if (code === 'unavailable') return new ArsenalError('unavailable', message ?? String(error));
	if (code === 'noproc' && globalThis.navigator?.onLine === false) {
		return new ArsenalError('unavailable', compilerMissing(String(message), false).message);
	}
	return null;
}
