import { describe, expect, it } from 'vitest';
import {
	cacheProgress,
	fillCache,
	filesToKeep,
	type CacheFillProgress,
	type FillableCache
} from './offline_cache';

/** A cache over a Set; `fail` names a path whose download fails. */
function memoryCache(cached: string[] = [], fail?: string): FillableCache & { paths: Set<string> } {
	const paths = new Set(cached);
	return {
		paths,
		has: (path) => Promise.resolve(paths.has(path)),
		async add(path) {
			await Promise.resolve();
			if (path === fail) throw new Error(`${path}: 404`);
			paths.add(path);
		}
	};
}

const list = {
	files: {
		'_app/immutable/entry/app.js': 100,
		'_app/immutable/workers/compiler.worker-a.js': 1_000,
		'_app/immutable/workers/assets/esbuild-b.wasm': 14_000_000,
		'_app/immutable/workers/ts.worker-c.js': 7_000_000,
		'_app/immutable/workers/chunks/d.js': 70_000
	}
};

describe('filesToKeep', () => {
	it('joins kit’s list and the build’s, each once, with sizes, smallest first', () => {
		const files = filesToKeep(list, ['/base/_app/immutable/entry/app.js', '/base/x.css'], '/base');
		expect(files.map((f) => f.path)).toEqual([
			'/base/x.css',
			'/base/_app/immutable/entry/app.js',
			'/base/_app/immutable/workers/compiler.worker-a.js',
			'/base/_app/immutable/workers/chunks/d.js',
			'/base/_app/immutable/workers/ts.worker-c.js',
			'/base/_app/immutable/workers/assets/esbuild-b.wasm'
		]);
		expect(files.find((f) => f.path.endsWith('app.js'))?.bytes).toBe(100);
	});

	it('keeps kit’s list alone when the build’s could not be read', () => {
		expect(filesToKeep(null, ['/a.js'], '')).toEqual([{ path: '/a.js', bytes: 0 }]);
	});
});

describe('fillCache', () => {
	it('caches what is missing and reports files, bytes and the parts still missing', async () => {
		const files = filesToKeep(list, [], '');
		const cache = memoryCache(['/_app/immutable/entry/app.js']);
		const reports: CacheFillProgress[] = [];
		await fillCache(cache, files, (p) => reports.push(p), 2);

		expect(cache.paths.size).toBe(5);
		expect(reports[0]).toEqual({
			done: 1,
			total: 5,
			bytesDone: 100,
			bytesTotal: 21_071_100,
			missing: ['compiler', 'editor']
		});
		expect(reports.at(-1)).toEqual({
			done: 5,
			total: 5,
			bytesDone: 21_071_100,
			bytesTotal: 21_071_100,
			missing: []
		});
		// The editor's worker (7 MB) is cached before the compiler's wasm (14 MB).
		const editorDone = reports.findIndex((r) => !r.missing.includes('editor'));
		const compilerDone = reports.findIndex((r) => !r.missing.includes('compiler'));
		expect(editorDone).toBeLessThan(compilerDone);
		expect(reports.map((r) => r.bytesDone)).toEqual(
			[...reports.map((r) => r.bytesDone)].sort((a, b) => a - b)
		);
	});

	it('rejects with a download that failed, keeping what it cached', async () => {
		const files = filesToKeep(list, [], '');
		const cache = memoryCache([], '/_app/immutable/workers/ts.worker-c.js');
		await expect(fillCache(cache, files, () => {}, 1)).rejects.toThrow('ts.worker-c.js: 404');
		expect(cache.paths.has('/_app/immutable/entry/app.js')).toBe(true);
		expect(cache.paths.has('/_app/immutable/workers/assets/esbuild-b.wasm')).toBe(false);
	});

	it('reports everything done at once when everything is cached', async () => {
		const files = filesToKeep(list, [], '');
		const reports: CacheFillProgress[] = [];
		await fillCache(memoryCache(files.map((f) => f.path)), files, (p) => reports.push(p));
		expect(reports).toEqual([
			{ done: 5, total: 5, bytesDone: 21_071_100, bytesTotal: 21_071_100, missing: [] }
		]);
	});
});

describe('cacheProgress', () => {
	it('says what is cached and which parts are missing, downloading nothing', async () => {
		const files = filesToKeep(list, [], '');
		const cache = memoryCache([
			'/_app/immutable/entry/app.js',
			'/_app/immutable/workers/chunks/d.js'
		]);
		const { progress, missing } = await cacheProgress(cache, files);
		expect(progress).toEqual({
			done: 2,
			total: 5,
			bytesDone: 70_100,
			bytesTotal: 21_071_100,
			missing: ['compiler', 'editor']
		});
		expect(missing.map((f) => f.path)).toEqual([
			'/_app/immutable/workers/compiler.worker-a.js',
			'/_app/immutable/workers/ts.worker-c.js',
			'/_app/immutable/workers/assets/esbuild-b.wasm'
		]);
		expect(cache.paths.size).toBe(2);
	});
});
