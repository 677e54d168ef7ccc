import * as esbuild from 'esbuild-wasm';
import { warmCompiler } from '$lib/testing/sandbox';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBuilder, hashRequest, warmUp } from './build';
import { createCompiler } from './compile';

beforeAll(warmCompiler, 30_000);

// esbuild-wasm's node build starts its wasm on the first call: one instance serves the file.
const build = createBuilder();

/** Runs a bundle by importing it as a data: URL; 'superlearner' must not be left in it. */
async function run(code: string): Promise<Record<string, unknown>> {
	const url = `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`;
	return (await import(url)) as Record<string, unknown>;
}

describe('sandbox build', () => {
	it('bundles files that import each other, with or without .ts, into the entry’s exports', async () => {
		const out = await build(esbuild, {
			entry: 'main.ts',
			files: {
				'main.ts':
					"import { double } from './lib/math';\nexport const answer: number = double(21);",
				'lib/math.ts':
					"import { one } from '../one.ts';\nexport const double = (n: number) => n * 2 * one;",
				'one.ts': 'export const one = 1;'
			}
		});
		expect(out.diagnostics).toEqual([]);
		expect(out.cached).toBe(false);
		const module = await run(out.code ?? '');
		expect(module.answer).toBe(42);
		expect(Object.keys(module)).toEqual(['answer']);
	});

	it("leaves 'superlearner' as an import for the sandbox worker to map", async () => {
		const out = await build(esbuild, {
			entry: 'main.ts',
			files: {
				'main.ts': "import { GenServer } from 'superlearner';\nexport const base = GenServer;"
			}
		});
		expect(out.diagnostics).toEqual([]);
		expect(out.code).toMatch(/import \{ GenServer \} from "superlearner";/);
	});

	it('warms up with a program that builds as a sandbox does: two files, the runtime left out', async () => {
		const out = await warmUp(esbuild);
		expect(out.diagnostics).toEqual([]);
		expect(out.code).toContain('require("superlearner")');
		expect(out.code).toContain('n * 2');
	});

	it('reports an unresolved import where it is, as data', async () => {
		const out = await build(esbuild, {
			entry: 'main.ts',
			files: {
				'main.ts': "export * from './worker';",
				'worker.ts': "// counts\nimport { tick } from './clock';\nexport const t = tick;"
			}
		});
		expect(out.code).toBeNull();
		expect(out.diagnostics).toEqual([
			{
				severity: 'error',
				file: 'worker.ts',
				line: 2,
				column: 22,
				message: 'Could not resolve "./clock"',
				lineText: "import { tick } from './clock';"
			}
		]);
	});

	it('refuses bare imports other than superlearner, and paths above the root', async () => {
		const out = await build(esbuild, {
			entry: 'main.ts',
			files: { 'main.ts': "import 'fs';\nimport '../outside';" }
		});
		expect(out.code).toBeNull();
		expect(out.diagnostics.map((d) => [d.line, d.message])).toEqual([
			[1, `Cannot import "fs": only 'superlearner' and relative paths are available.`],
			[2, 'Could not resolve "../outside"']
		]);
	});

	it('reports a syntax error in an imported file at its position', async () => {
		const out = await build(esbuild, {
			entry: 'main.ts',
			files: { 'main.ts': "import './bad';", 'bad.ts': 'const ok = 1;\nconst é = (;' }
		});
		expect(out.code).toBeNull();
		expect(out.diagnostics).toMatchObject([
			{ severity: 'error', file: 'bad.ts', line: 2, column: 12, message: 'Unexpected ";"' }
		]);
	});

	it('reports a missing entry file', async () => {
		const out = await build(esbuild, { entry: 'main.ts', files: { 'other.ts': '' } });
		expect(out.code).toBeNull();
		expect(out.diagnostics[0]?.message).toBe('The entry file "main.ts" does not exist.');
	});

	it('answers identical input from the cache, whatever the key order', async () => {
		const fresh = createBuilder(2);
		const files = { 'main.ts': "export { a } from './a';", 'a.ts': 'export const a = 1;' };
		const first = await fresh(esbuild, { entry: 'main.ts', files });
		const again = await fresh(esbuild, {
			entry: 'main.ts',
			files: { 'a.ts': files['a.ts'], 'main.ts': files['main.ts'] }
		});
		expect(first.cached).toBe(false);
		expect(again).toEqual({ ...first, cached: true });
		const edited = await fresh(esbuild, {
			entry: 'main.ts',
			files: { ...files, 'a.ts': 'export const a = 2;' }
		});
		expect(edited.cached).toBe(false);
	});
});

describe('hashRequest', () => {
	it('tells apart a path from the text of a file', async () => {
		const a = await hashRequest({ entry: 'm', files: { 'a.ts': 'b.ts', x: '' } });
		const b = await hashRequest({ entry: 'm', files: { 'a.ts': '', 'b.ts': 'x' } });
		expect(a).not.toBe(b);
		expect(a).toMatch(/^[0-9a-f]{64}$/);
		expect(await hashRequest({ entry: 'n', files: { 'a.ts': 'b.ts', x: '' } })).not.toBe(a);
	});
});

describe('createCompiler().build', () => {
	it('returns the request id with the build', async () => {
		const compiler = createCompiler(() => Promise.resolve(esbuild));
		const result = await compiler.build(9, {
			entry: 'main.ts',
			files: { 'main.ts': 'export const x = 1;' }
		});
		expect(result).toMatchObject({ id: 9, diagnostics: [], cached: false });
		expect(result.code).toContain('x = 1');
	});
});
