// SourceMap against the maps esbuild really writes (esbuild-wasm's node build): a place in
// the bundle maps back to the learner's file, line and column.
import * as esbuild from 'esbuild-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SourceMap } from './source_map';

const FILES: Record<string, string> = {
	'counter.ts': `export interface Counter { count: number }

export function increment(counter: Counter, by: number = 1): Counter {
	return { count: counter.count + by };
}
`,
	'counter.test.ts': `import { increment } from './counter';
${'// a long comment\n'.repeat(20)}
const start: { count: number } = { count: 0 };
const once = increment(start);
if (once.count !== 1) throw new Error(\`expected 1, found \${once.count}\`);
`
};

/** `FILES` bundled as the sandbox bundles them: sources in a `sandbox:` namespace. */
async function bundle(): Promise<{ code: string; map: string }> {
	const result = await esbuild.build({
		entryPoints: ['counter.test.ts'],
		bundle: true,
		write: false,
		format: 'esm',
		sourcemap: 'external',
		outfile: 'bundle.js',
		plugins: [
			{
				name: 'sandbox',
				setup(build) {
					build.onResolve({ filter: /.*/ }, (args) => ({
						path: args.path.replace(/^\.\//, '').replace(/(\.ts)?$/, '.ts'),
						namespace: 'sandbox'
					}));
					build.onLoad({ filter: /.*/, namespace: 'sandbox' }, (args) => ({
						contents: FILES[args.path],
						loader: 'ts'
					}));
				}
			}
		]
	});
	const text = (suffix: string) =>
		result.outputFiles.find((f) => f.path.endsWith(suffix))?.text ?? '';
	return { code: text('bundle.js'), map: text('bundle.js.map') };
}

/** The 1-based line and column of `snippet` in `code`. */
function placeOf(code: string, snippet: string): { line: number; column: number } {
	const lines = code.split('\n');
	const index = lines.findIndex((l) => l.includes(snippet));
	if (index < 0) throw new Error(`no ${snippet} in the bundle`);
	return { line: index + 1, column: lines[index].indexOf(snippet) + 1 };
}

describe('SourceMap', () => {
	let code: string;
	let map: string;

	// esbuild-wasm's first build starts its service: seconds on a busy machine.
	beforeAll(async () => {
		({ code, map } = await bundle());
	}, 30_000);

	it('maps places in an esbuild bundle back to their file, line and column', () => {
		const sourceMap = new SourceMap(map);
		const cases: Array<[snippet: string, file: string, line: number, column: number]> = [
			['return { count: counter.count + by }', 'sandbox:counter.ts', 4, 2],
			['counter.count + by', 'sandbox:counter.ts', 4, 18],
			['increment(start)', 'sandbox:counter.test.ts', 24, 14],
			['throw new Error', 'sandbox:counter.test.ts', 25, 23],
			['once.count !== 1', 'sandbox:counter.test.ts', 25, 5]
		];
		for (const [snippet, source, line, column] of cases) {
			const at = placeOf(code, snippet);
			expect(sourceMap.original(at.line, at.column), snippet).toEqual({ source, line, column });
			// The original place holds the same code.
			const original = FILES[source.replace('sandbox:', '')]?.split('\n')[line - 1] ?? '';
			expect(original.slice(column - 1).startsWith(snippet), snippet).toBe(true);
		}
	});

	it('takes the last mapping at or before the column, and the first before any', () => {
		const sourceMap = new SourceMap(map);
		const at = placeOf(code, 'counter.count + by');
		// Inside `counter.count`, past its start: still `counter`.
		expect(sourceMap.original(at.line, at.column + 3)).toMatchObject({ line: 4, column: 18 });
		// Before the line's first mapping (its indentation): the line's first mapping.
		expect(sourceMap.original(at.line, 1)).toEqual(sourceMap.original(at.line, 2));
	});

	it('gives undefined for a line without mappings, or past the end', () => {
		const sourceMap = new SourceMap(map);
		const comment = placeOf(code, '// sandbox:counter.ts');
		expect(sourceMap.original(comment.line, comment.column)).toBeUndefined();
		expect(sourceMap.original(code.split('\n').length + 10, 1)).toBeUndefined();
		expect(sourceMap.original(0, 1)).toBeUndefined();
	});

	it('decodes negative deltas, multi-digit values and segments without a source', () => {
		// Line 1: [0, a.ts, 0, 0]. Line 2: [0, b.ts, 0, 0], [2, a.ts, 0, 0] (source delta -1),
		// [3] (no source). Line 3: [0, a.ts, 16, 20], 0-based: values of more than 5 bits.
		const sourceMap = new SourceMap(
			JSON.stringify({ version: 3, sources: ['a.ts', 'b.ts'], mappings: 'AAAA;ACAA,EDAA,C;AAgBoB' })
		);
		expect(sourceMap.original(1, 1)).toEqual({ source: 'a.ts', line: 1, column: 1 });
		expect(sourceMap.original(2, 1)).toEqual({ source: 'b.ts', line: 1, column: 1 });
		expect(sourceMap.original(2, 3)).toEqual({ source: 'a.ts', line: 1, column: 1 });
		expect(sourceMap.original(2, 9)).toEqual({ source: 'a.ts', line: 1, column: 1 });
		expect(sourceMap.original(3, 1)).toEqual({ source: 'a.ts', line: 17, column: 21 });
	});
});
