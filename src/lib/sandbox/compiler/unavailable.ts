/**
 * The compiler that could not load, as a learner reads it. Kept apart from compile.ts so that
 * the runtime worker can say it without importing the compiler.
 */

/** Raised when esbuild cannot be loaded (offline on a first compile, say). */
export class CompilerUnavailableError extends Error {
	override name = 'CompilerUnavailableError';
	readonly code = 'unavailable';
}

/** The compiler could not be downloaded: offline, that means it is not downloaded yet. */
export function compilerMissing(
	why: string,
	online = globalThis.navigator?.onLine ?? true
): CompilerUnavailableError {
	return new CompilerUnavailableError(
		online
			? `Could not download the compiler: ${why}`
			: 'The compiler is not downloaded yet, and this browser is offline. Connect once and ' +
					'it downloads (14 MB) and is kept: from then on, Run works offline too.'
	);
}
