import * as esbuild from 'esbuild-wasm';
import { warmCompiler } from '$lib/testing/sandbox';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runtimeDeclarations } from '../../../../vite/runtime_dts';
import { createBuilder } from '$lib/sandbox/compiler/build';
import { programRequest } from '$lib/sandbox/compiler/program';
import { SANDBOX_GLOBALS_DTS, SANDBOX_LIB } from '$lib/sandbox/globals';
import { counterTemplate } from './counter';
import { TEMPLATES } from './index';

beforeAll(warmCompiler, 30_000);

const build = createBuilder();
const declarations = runtimeDeclarations(fileURLToPath(new URL('../../', import.meta.url)));

const libFiles = new Map<string, ts.SourceFile | undefined>();

/**
 * TypeScript's errors for a template's files as the editor sees them: the sandbox under `/src/`,
 * 'superlearner' as the runtime's generated declarations under `/node_modules/superlearner/`.
 */
function typeErrors(files: Record<string, string>): string[] {
	const virtual = new Map<string, string>([
		...Object.entries(files).map(([path, text]) => [`/src/${path}`, text] as const),
		...Object.entries(declarations).map(
			([path, text]) => [`/node_modules/superlearner/${path}`, text] as const
		),
		['/sandbox-globals.d.ts', SANDBOX_GLOBALS_DTS]
	]);
	const options: ts.CompilerOptions = {
		strict: true,
		noEmit: true,
		target: ts.ScriptTarget.ES2022,
		module: ts.ModuleKind.ESNext,
		moduleResolution: ts.ModuleResolutionKind.Bundler,
		types: [],
		lib: SANDBOX_LIB.map((lib) => `lib.${lib}.d.ts`)
	};
	const base = ts.createCompilerHost(options);
	const host: ts.CompilerHost = {
		...base,
		getSourceFile: (name, lang, ...rest) => {
			const text = virtual.get(name);
			if (text !== undefined) return ts.createSourceFile(name, text, lang);
			// The lib files are the same for every template: parsed once, not once per program.
			let lib = libFiles.get(name);
			if (!lib) libFiles.set(name, (lib = base.getSourceFile(name, lang, ...rest)));
			return lib;
		},
		fileExists: (name) => virtual.has(name) || base.fileExists(name),
		readFile: (name) => virtual.get(name) ?? base.readFile(name),
		directoryExists: (name) =>
			[...virtual.keys()].some((path) => path.startsWith(`${name}/`)) ||
			(base.directoryExists?.(name) ?? false)
	};
	const program = ts.createProgram(
		[...Object.keys(files).map((path) => `/src/${path}`), '/sandbox-globals.d.ts'],
		options,
		host
	);
	return ts.getPreEmitDiagnostics(program).map((d) => {
		const line = d.file?.getLineAndCharacterOfPosition(d.start ?? 0).line;
		const where = d.file ? `${d.file.fileName}:${(line ?? 0) + 1} ` : '';
		return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
	});
}

// A TypeScript program over the runtime's declarations takes seconds, more on a busy machine.
describe('sandbox templates', { timeout: 30_000 }, () => {
	it('have distinct ids, and an entry among their files', () => {
		expect(new Set(TEMPLATES.map((t) => t.id)).size).toBe(TEMPLATES.length);
		for (const t of TEMPLATES) expect(Object.keys(t.files)).toContain(t.entry);
	});

	it.each(TEMPLATES.map((t) => [t.id, t] as const))(
		'%s builds as a program with no errors',
		async (_id, template) => {
			const out = await build(esbuild, programRequest(template.files, template.entry));
			expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
			expect(out.code).toMatch(/superlearner/);
		}
	);

	it('type errors against the declarations are found (the check is not vacuous)', () => {
		const errors = typeErrors({
			'main.ts':
				"import { GenServer } from 'superlearner';\nexport const n: number = GenServer.cast;"
		});
		expect(errors).toEqual([
			expect.stringMatching(/^\/src\/main\.ts:2 Type '.*' is not assignable/)
		]);
	});

	it('knows the sandbox’s globals, and marks what its locked-down worker lacks', () => {
		const errors = typeErrors({
			'main.ts': [
				"console.info('ok', performance.now(), crypto.randomUUID());",
				'clearTimeout(setTimeout(() => queueMicrotask(() => {}), 10));',
				"new TextDecoder().decode(new TextEncoder().encode('é'));",
				"void fetch('/api');",
				'document.title = "x";',
				'console.table([]);'
			].join('\n')
		});
		expect(errors).toEqual([
			"/src/main.ts:4 Cannot find name 'fetch'.",
			expect.stringMatching(/^\/src\/main\.ts:5 Cannot find name 'document'/),
			expect.stringMatching(/^\/src\/main\.ts:6 Property 'table' does not exist/)
		]);
	});

	it.each(TEMPLATES.map((t) => [t.id, t] as const))(
		'%s type-checks against the runtime’s declarations, as in the editor',
		(_id, template) => {
			expect(typeErrors(template.files)).toEqual([]);
		}
	);

	it('counter’s codeChange keeps the count from either state shape, so rollbacks keep it', async () => {
		// counter.ts imports only types from 'superlearner', so it runs as it is once transpiled.
		const { code } = await esbuild.transform(counterTemplate.files['counter.ts'], {
			loader: 'ts',
			format: 'esm'
		});
		const url = `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`;
		const { Counter } = (await import(/* @vite-ignore */ url)) as {
			Counter: { codeChange(oldVsn: string, state: unknown, extra: unknown): unknown };
		};
		const info = vi.spyOn(console, 'info').mockImplementation(() => {});
		expect(Counter.codeChange('v2', 7, null)).toEqual(['ok', { count: 7, step: 1 }]);
		expect(Counter.codeChange('v2', { count: 7 }, null)).toEqual(['ok', { count: 7, step: 1 }]);
		expect(Counter.codeChange('v1', { count: 7, step: 3 }, null)).toEqual([
			'ok',
			{ count: 7, step: 3 }
		]);
		info.mockRestore();
	});
});
