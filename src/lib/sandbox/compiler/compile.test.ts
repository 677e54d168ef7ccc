import { describe, expect, it, vi } from 'vitest';
import { compilerMissing, createCompiler, fetchWasm, type CompilerStatus } from './compile';

// esbuild-wasm's node build needs no initialize(): the browser loader is what we replace.
const loadNode = () => import('esbuild-wasm');

describe('createCompiler', () => {
	it('transforms TypeScript into JavaScript', async () => {
		const compiler = createCompiler(loadNode);
		const result = await compiler.compile(1, 'const answer: number = 42;\nexport { answer };');
		expect(result).toMatchObject({ id: 1, diagnostics: [] });
		expect(result.code).toContain('const answer = 42;');
	});

	it('reports a syntax error as data, with 1-based line and character column', async () => {
		const compiler = createCompiler(loadNode);
		const result = await compiler.compile(7, '// ünïcödé\nconst é = (;\n', 'demo.ts');
		expect(result.id).toBe(7);
		expect(result.code).toBeNull();
		expect(result.diagnostics).toEqual([
			{
				severity: 'error',
				file: 'demo.ts',
				line: 2,
				column: 12,
				message: 'Unexpected ";"',
				lineText: 'const é = (;'
			}
		]);
	});

	it('loads once, and loads again after a failed load', async () => {
		const load = vi
			.fn<typeof loadNode>()
			.mockRejectedValueOnce(new Error('offline'))
			.mockImplementation(loadNode);
		const compiler = createCompiler(load);
		await expect(compiler.compile(1, 'let a = 1')).rejects.toThrow('offline');
		await compiler.compile(2, 'let b = 2');
		await compiler.compile(3, 'let c = 3');
		expect(load).toHaveBeenCalledTimes(2);
	});

	it('prepares ahead of the first build, loading esbuild once for the prepares and the build', async () => {
		const load = vi.fn<typeof loadNode>().mockImplementation(loadNode);
		const compiler = createCompiler(load);
		await Promise.all([compiler.prepare(), compiler.prepare()]);
		const request = { entry: 'main.ts', files: { 'main.ts': 'export const a: number = 1;' } };
		const built = await compiler.build(4, request);
		expect(built).toMatchObject({ id: 4, diagnostics: [], cached: false });
		expect(load).toHaveBeenCalledTimes(1);
	});
});

describe('fetchWasm', () => {
	const wasm = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]); // the empty module

	it('reports bytes loaded out of the declared total', async () => {
		const statuses: CompilerStatus[] = [];
		const body = new ReadableStream({
			start(controller) {
				controller.enqueue(wasm.slice(0, 4));
				controller.enqueue(wasm.slice(4));
				controller.close();
			}
		});
		const fetcher = () =>
			Promise.resolve(new Response(body, { headers: { 'content-length': '8' } }));
		const module = await fetchWasm('/esbuild.wasm', (s) => statuses.push(s), fetcher);
		expect(module).toBeInstanceOf(WebAssembly.Module);
		expect(statuses[0]).toEqual({ phase: 'downloading', loaded: 4, total: 8 });
		expect(statuses.at(-1)).toEqual({ phase: 'downloading', loaded: 8, total: 8 });
	});

	it('says the compiler is missing when the download breaks off, and throws what does not compile', async () => {
		const broken = new ReadableStream({
			start(controller) {
				controller.enqueue(wasm.slice(0, 4));
				controller.error(new TypeError('network error'));
			}
		});
		const cut = () => Promise.resolve(new Response(broken));
		await expect(fetchWasm('/esbuild.wasm', () => {}, cut)).rejects.toMatchObject({
			code: 'unavailable'
		});
		const garbage = () => Promise.resolve(new Response(new Uint8Array([1, 2, 3, 4])));
		await expect(fetchWasm('/esbuild.wasm', () => {}, garbage)).rejects.toBeInstanceOf(
			WebAssembly.CompileError
		);
	});

	it("fails with code 'unavailable' when the download fails", async () => {
		const fetcher = () => Promise.resolve(new Response('gone', { status: 404 }));
		await expect(fetchWasm('/esbuild.wasm', () => {}, fetcher)).rejects.toMatchObject({
			code: 'unavailable',
			message: 'Could not download the compiler: HTTP 404'
		});
		const offline = () => Promise.reject(new TypeError('Failed to fetch'));
		await expect(fetchWasm('/esbuild.wasm', () => {}, offline)).rejects.toMatchObject({
			code: 'unavailable'
		});
	});

	it('says the compiler is not downloaded yet when the browser is offline', () => {
		const error = compilerMissing('TypeError: Failed to fetch', false);
		expect(error.code).toBe('unavailable');
		expect(error.message).toMatch(
			/^The compiler is not downloaded yet, and this browser is offline/
		);
	});
});
