import { describe, expect, it } from 'vitest';
import type { BuildRequest } from '$lib/sandbox/compiler/build';
import type { BuildResult, CompilerStatus } from '$lib/sandbox/compiler/compile';
import type { CompilerClient } from '$lib/sandbox/compiler/compiler_client';
import { compilerMissing } from '$lib/sandbox/compiler/unavailable';
import { workerCompiler, type CompilerStep, type SandboxCompiler } from './compiler';

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

/** What `compiler` tells a watcher from now on (at once, its step now). */
function stepsOf(compiler: SandboxCompiler): CompilerStep[] {
	const steps: CompilerStep[] = [];
	compiler.watch((step) => steps.push(step));
	return steps;
}

/** The steps of the fake client's first load, as a watcher sees them. */
const FIRST_LOAD: CompilerStep[] = [
	{ phase: 'not_loaded' },
	{ phase: 'downloading', loaded: 5, total: 10 },
	{ phase: 'initializing' }
];
const built: BuildResult = { id: 1, code: 'ok', diagnostics: [] } as unknown as BuildResult;

describe('workerCompiler', () => {
	it('tells watchers its steps: the first load with its bytes, then compiling, then ready', async () => {
		const compiler = workerCompiler(fakeClient(() => Promise.resolve(built)));
		const steps = stepsOf(compiler);
		await compiler.compile(request);
		await compiler.compile(request);
		expect(steps).toEqual([
			...FIRST_LOAD,
			{ phase: 'compiling' },
			{ phase: 'ready' },
			{ phase: 'compiling' },
			{ phase: 'ready' }
		]);

		expect(stepsOf(compiler)).toEqual([{ phase: 'ready' }]);
	});

	it('loads ahead of the first build when asked to prepare; the build then only compiles', async () => {
		const compiler = workerCompiler(fakeClient(() => Promise.resolve(built)));
		const steps = stepsOf(compiler);
		await compiler.prepare();
		await compiler.compile(request);
		expect(steps).toEqual([
			...FIRST_LOAD,
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
		const steps = stepsOf(compiler);
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
