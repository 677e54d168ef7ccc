/**
 * The SandboxManager's compiler in the app: the compiler worker (esbuild-wasm), started by the
 * runtime worker on the first sandbox build. The manager builds one program at a time, so the
 * client's "newest request wins" never drops one of its builds.
 */
import type { BuildOutput, BuildRequest } from '$lib/sandbox/compiler/build';
import { createCompilerClient } from '$lib/sandbox/compiler/compiler_client';

export function workerCompiler(): (request: BuildRequest) => Promise<BuildOutput> {
	const client = createCompilerClient();
	return async (request) => {
		const result = await client.build(request);
		if (!result) throw new Error('A newer build replaced this one.');
		return result;
	};
}
