/**
 * The declarations of what sandbox code imports, for the sandbox editor: `superlearner` (the
 * runtime and distribution's learner side, `src/lib/sandbox/host/learner_module.ts`) and
 * `superlearner/test` (the test runner and Supertester, `supertester/runner/learner_api.ts`),
 * and what they import, emitted as `.d.ts` by the TypeScript compiler at build time and served
 * as the virtual module `virtual:superlearner-dts` (`{ [path]: text }`, paths relative to the
 * package root). The editor adds them under
 * `file:///node_modules/superlearner/`, so learners' imports get completions and type errors.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import type { Plugin } from 'vite';

const ID = 'virtual:superlearner-dts';
const RESOLVED = `\0${ID}`;

/** The package's entry points: its root is the learner's module; `superlearner/test`, tests'. */
const ENTRIES = {
	index: 'sandbox/host/learner_module.ts',
	test: 'supertester/runner/learner_api.ts'
};

/** The declarations of the package whose sources are under `lib` (src/lib), by path. */
export function runtimeDeclarations(lib: string): Record<string, string> {
	const out = '/__dts__';
	const program = ts.createProgram(
		Object.values(ENTRIES).map((entry) => join(lib, entry)),
		{
			declaration: true,
			emitDeclarationOnly: true,
			rootDir: lib,
			outDir: out,
			target: ts.ScriptTarget.ES2022,
			module: ts.ModuleKind.ESNext,
			moduleResolution: ts.ModuleResolutionKind.Bundler,
			paths: { '$lib/*': [join(lib, '*')] },
			strict: true,
			skipLibCheck: true,
			types: []
		}
	);
	const files: Record<string, string> = {
		'package.json': JSON.stringify({ name: 'superlearner', types: 'index.d.ts' })
	};
	for (const [name, entry] of Object.entries(ENTRIES)) {
		files[`${name}.d.ts`] = `export * from './${entry.replace(/\.ts$/, '')}';\n`;
	}
	const { emitSkipped, diagnostics } = program.emit(undefined, (name, text) => {
		const path = relative(out, name);
		files[path] = withRelativeImports(text, path, lib);
	});
	if (emitSkipped) {
		const why = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
		throw new Error(`The sandbox declarations were not emitted: ${why.join('; ')}`);
	}
	return files;
}

/**
 * `'$lib/runtime'` in the declaration at `path` → `'../runtime/index'`: the editor knows no
 * alias.
 */
function withRelativeImports(text: string, path: string, lib: string): string {
	return text.replace(/(["'])\$lib\/([^"']+)\1/g, (_match, quote: string, target: string) => {
		const file = existsSync(join(lib, target, 'index.ts')) ? `${target}/index` : target;
		const to = relative(dirname(path), file);
		return `${quote}${to.startsWith('.') ? to : `./${to}`}${quote}`;
	});
}

/** Serves `virtual:superlearner-dts`, rebuilt when a file it declares changes (in dev). */
export function runtimeDts(lib = join(process.cwd(), 'src/lib')): Plugin {
	let cached: string | null = null;
	const sources = ['runtime', 'distribution', 'sandbox/host/learner_module.ts', 'supertester'].map(
		(path) => join(lib, path)
	);
	return {
		name: 'superlearner-runtime-dts',
		resolveId: (id) => (id === ID ? RESOLVED : undefined),
		load(id) {
			if (id !== RESOLVED) return;
			cached ??= `export default ${JSON.stringify(runtimeDeclarations(lib))};`;
			return cached;
		},
		watchChange(id) {
			if (sources.some((dir) => id.startsWith(dir))) cached = null;
		}
	};
}
