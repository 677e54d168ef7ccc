/**
 * The runtime's type declarations for the sandbox editor: `src/lib/runtime/index.ts` and what
 * it imports, emitted as `.d.ts` by the TypeScript compiler at build time, served as the
 * virtual module `virtual:superlearner-dts` (`{ [path]: text }`, paths relative to the
 * package root). The editor adds them under `file:///node_modules/superlearner/`, so learners'
 * `import { GenServer } from 'superlearner'` gets completions and type errors.
 */
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import type { Plugin } from 'vite';

const ID = 'virtual:superlearner-dts';
const RESOLVED = `\0${ID}`;

/** The declarations of the runtime whose barrel is `index`, keyed by path (`index.d.ts`…). */
export function runtimeDeclarations(index: string): Record<string, string> {
	const root = dirname(index);
	const out = '/__dts__';
	const program = ts.createProgram([index], {
		declaration: true,
		emitDeclarationOnly: true,
		rootDir: root,
		outDir: out,
		target: ts.ScriptTarget.ES2022,
		module: ts.ModuleKind.ESNext,
		moduleResolution: ts.ModuleResolutionKind.Bundler,
		strict: true,
		skipLibCheck: true,
		types: []
	});
	const files: Record<string, string> = {
		'package.json': JSON.stringify({ name: 'superlearner', types: 'index.d.ts' })
	};
	const { emitSkipped, diagnostics } = program.emit(undefined, (name, text) => {
		files[relative(out, name)] = text;
	});
	if (emitSkipped) {
		const why = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
		throw new Error(`The runtime's declarations were not emitted: ${why.join('; ')}`);
	}
	return files;
}

/** Serves `virtual:superlearner-dts`, rebuilt when a runtime file changes (in dev). */
export function runtimeDts(index = join(process.cwd(), 'src/lib/runtime/index.ts')): Plugin {
	let cached: string | null = null;
	const runtimeDir = dirname(index);
	return {
		name: 'superlearner-runtime-dts',
		resolveId: (id) => (id === ID ? RESOLVED : undefined),
		load(id) {
			if (id !== RESOLVED) return;
			cached ??= `export default ${JSON.stringify(runtimeDeclarations(index))};`;
			return cached;
		},
		watchChange(id) {
			if (id.startsWith(runtimeDir)) cached = null;
		}
	};
}
