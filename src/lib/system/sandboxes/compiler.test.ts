import { describe, expect, it } from 'vitest';
import type { BuildRequest } from '$lib/sandbox/compiler/build';
import type { BuildResult, CompilerStatus } from '$lib/sandbox/compiler/compile';
import type { CompilerClient } from '$lib/sandbox/compiler/compiler_client';
import { compilerMissing } from '$lib/sandbox/compiler/unavailable';
import { workerCompiler, type CompilerStep } from './compiler';

/** A compiler client whose builds report a first load (download, prepare) and then answer `outcome`. */
function fakeClient(outcome: () => Promise<BuildResult | null>): CompilerClient {
	let report: (status: CompilerStatus) => void = () => {};
	let loaded = false;
	return {
		compile: () => Promise.reject(new Error('not used')),
		async build() {
			if (!loaded) {
				report({ phase: 'downloading', loaded: 5, total: 10 });
				report({ phase: 'initializing' });
				report({ phase: 'ready', initMs: 1 });
				loaded = true;
			}
			return outcome();
		},
		onStatus(listener) {
			report = listener;
			return () => {};
		},
		dispose() {}
	};
}

const request: BuildRequest = { files: { 'main.ts': '' }, entry: 'main.ts' };
const built: BuildResult = { id: 1, code: 'ok', diagnostics: [] } as unknown as BuildResult;

describe('workerCompiler', () => {
	it('tells watchers its steps: the first load with its bytes, then compiling, then ready', async () => {
		const compiler = workerCompiler(fakeClient(() => Promise.resolve(built)));
		const steps: CompilerStep[] = [];
		compiler.watch((step) => steps.push(step));
		await compiler.compile(request);
		await compiler.compile(request);
		expect(steps).toEqual([
			{ phase: 'not_loaded' },
			{ phase: 'downloading', loaded: 5, total: 10 },
			{ phase: 'initializing' },
			{ phase: 'compiling' },
			{ phase: 'ready' },
			{ phase: 'compiling' },
			{ phase: 'ready' }
		]);

		const late: CompilerStep[] = [];
		compiler.watch((step) => late.push(step));
		expect(late).toEqual([{ phase: 'ready' }]);
	});

	it('turns a compiler that could not load into an ArsenalError saying so', async () => {
		const offline = compilerMissing('TypeError: Failed to fetch', false);
		const compiler = workerCompiler(fakeClient(() => Promise.reject(offline)));
		await expect(compiler.compile(request)).rejects.toMatchObject({
			name: 'ArsenalError',
			code: 'unavailable',
			message: offline.message
		});
	});

	it('passes other failures on as they are', async () => {
		const compiler = workerCompiler(fakeClient(() => Promise.reject(new TypeError('boom'))));
		await expect(compiler.compile(request)).rejects.toThrow(TypeError);
	});
});
