import { describe, expect, it } from 'vitest';
import type { BuildRequest } from '$lib/sandbox/compiler/build';
import type { BuildResult, CompilerStatus } from '$lib/sandbox/compiler/compile';
import type { CompilerClient } from '$lib/sandbox/compiler/compiler_client';
import { compilerMissing } from '$lib/sandbox/compiler/unavailable';
import { workerCompiler, type CompilerStep } from './compiler';

/**
 * A compiler client whose first load (a build's or prepare's) reports its download and
 * preparing, and then `load`'s outcome; builds then answer `outcome`.
 */
function fakeClient(
	outcome: () => Promise<BuildResult | null>,
	load: () => Promise<void> = () => Promise.resolve()
): CompilerClient {
	let report: (status: CompilerStatus) => void = () => {};
	let loaded = false;
	async function prepare() {
		if (loaded) return;
		report({ phase: 'downloading', loaded: 5, total: 10 });
		await load();
		report({ phase: 'initializing' });
		report({ phase: 'ready', initMs: 1 });
		loaded = true;
	}
	return {
		compile: () => Promise.reject(new Error('not used')),
		prepare,
		async build() {
			await prepare();
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

	it('loads ahead of the first build when asked to prepare; the build then only compiles', async () => {
		const compiler = workerCompiler(fakeClient(() => Promise.resolve(built)));
		const steps: CompilerStep[] = [];
		compiler.watch((step) => steps.push(step));
		await compiler.prepare();
		await compiler.compile(request);
		expect(steps).toEqual([
			{ phase: 'not_loaded' },
			{ phase: 'downloading', loaded: 5, total: 10 },
			{ phase: 'initializing' },
			{ phase: 'ready' },
			{ phase: 'compiling' },
			{ phase: 'ready' }
		]);
	});

	it('a preparation that fails resolves, shows no download going on, and the build says why', async () => {
		const offline = compilerMissing('TypeError: Failed to fetch', false);
		const compiler = workerCompiler(
			fakeClient(
				() => Promise.resolve(built),
				() => Promise.reject(offline)
			)
		);
		const steps: CompilerStep[] = [];
		compiler.watch((step) => steps.push(step));
		await compiler.prepare();
		expect(steps.at(-1)).toEqual({ phase: 'not_loaded' });
		await expect(compiler.compile(request)).rejects.toMatchObject({ code: 'unavailable' });
	});

	it('builds one program at a time, so that a client answering only its newest drops none', async () => {
		let latest = 0;
		const client = fakeClient(() => Promise.resolve(built));
		const newestOnly: CompilerClient = {
			...client,
			async build() {
				const id = ++latest;
				await new Promise((resolve) => setTimeout(resolve, 1));
				return id === latest ? built : null;
			}
		};
		const compiler = workerCompiler(newestOnly);
		await expect(
			Promise.all([compiler.compile(request), compiler.compile(request)])
		).resolves.toEqual([built, built]);
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
