/**
 * The compiler in Node: the sandbox build (sandbox/compiler/build.ts) with esbuild-wasm's node
 * build, in this thread (the browser runs the same build in a worker of its own).
 */
import * as esbuild from 'esbuild-wasm';
import { createBuilder, type BuildOutput, type BuildRequest } from '$lib/sandbox/compiler/build';
import type { Diagnostic } from '$lib/sandbox/compiler/diagnostics';
import type { Style } from './format';

const build = createBuilder();

export function nodeCompile(request: BuildRequest): Promise<BuildOutput> {
	return build(esbuild, request);
}

/**
 * Starts esbuild's service now (in Node, a child process that compiles a 13 MB wasm module: its
 * first build takes about a second), so that it starts while the command loads.
 */
export function startCompiler(): void {
	if (started) return;
	started = true;
	esbuild.initialize({}).catch(() => {
		// The first build starts the service again, and says what is wrong.
	});
}

let started = false;

/** Stops esbuild's service, which would otherwise keep the process alive. */
export function stopCompiler(): void {
	void esbuild.stop();
}

/**
 * Diagnostics as a compiler prints them: `counter.ts:4:17: error: Expected ";"`, the line, and a
 * caret under the column.
 */
export function formatDiagnostics(diagnostics: Diagnostic[], s: Style): string {
	return diagnostics
		.map((d) => {
			const kind = d.severity === 'error' ? s.red('error') : s.yellow('warning');
			const head = `${s.bold(`${d.file}:${d.line}:${d.column}`)}: ${kind}: ${d.message}`;
			if (!d.lineText) return head;
			const gutter = `${d.line} | `;
			// Tabs stay tabs, so that the caret lands under the column however wide they show.
			const before = d.lineText.slice(0, Math.max(0, d.column - 1)).replace(/[^\t]/g, ' ');
			const caret = ' '.repeat(gutter.length) + before + s.green('^');
			return `${head}\n${s.dim(gutter)}${d.lineText}\n${caret}`;
		})
		.join('\n');
}
