/**
 * What the service worker keeps for offline use, and how it fills its cache: after it has
 * activated (a first visit is answered at once), in the background, smallest files first, a
 * few at a time, saying how far it got in files and bytes and which parts a learner waits for
 * are still missing. The list of built files is `_app/offline.json` (vite/offline_files.ts).
 *
 * ```ts
 * const files = filesToKeep(await fetchList(), build, base);
 * await fillCache(cache, files, (progress) => port.postMessage(progress));
 * ```
 */

/** Where the build writes its {@link OfflineList}, relative to the app's base. */
export const OFFLINE_LIST = '_app/offline.json';

/** Every built file (paths relative to the base, as `_app/immutable/…`) and its size in bytes. */
export interface OfflineList {
	files: Record<string, number>;
}

export interface OfflineFile {
	/** Absolute path on the origin, as the cache keys it. */
	path: string;
	/** Size in bytes; 0 when unknown. */
	bytes: number;
}

/** The parts of the app a learner notices missing offline, by the files they are made of. */
export const OFFLINE_PARTS = [
	{ name: 'compiler', files: /esbuild|compiler\.worker/ },
	{ name: 'editor', files: /ts\.worker|editor\.worker/ }
] as const;

export type OfflinePart = (typeof OFFLINE_PARTS)[number]['name'];

/** How far filling the offline cache has got. */
export interface CacheFillProgress {
	done: number;
	total: number;
	bytesDone: number;
	bytesTotal: number;
	/** The parts with files still missing. */
	missing: OfflinePart[];
	error?: string;
}

/** The service worker's cache, as far as filling it needs. */
export interface FillableCache {
	has(path: string): Promise<boolean>;
	/** Downloads `path` into the cache; rejects when it cannot. */
	add(path: string): Promise<void>;
}

/**
 * The files to keep: those kit lists (`build`, absolute) and those the build listed, each once,
 * the smallest first (the app's own chunks before the editor's and the compiler's big ones).
 * Without a list (it could not be read) kit's files are all there is.
 */
export function filesToKeep(
	list: OfflineList | null,
	build: readonly string[],
	base: string
): OfflineFile[] {
	const bytes = new Map<string, number>();
	for (const path of build) bytes.set(path, 0);
	for (const [path, size] of Object.entries(list?.files ?? {})) bytes.set(`${base}/${path}`, size);
	return [...bytes]
		.map(([path, size]) => ({ path, bytes: size }))
		.sort((a, b) => a.bytes - b.bytes || a.path.localeCompare(b.path));
}

/** The parts that still miss one of `files`. */
export function missingParts(files: readonly OfflineFile[]): OfflinePart[] {
	return OFFLINE_PARTS.filter((part) => files.some((f) => part.files.test(f.path))).map(
		(part) => part.name
	);
}

/** How far the cache is from holding every one of `files`, and the files it misses. */
export async function cacheProgress(
	cache: Pick<FillableCache, 'has'>,
	files: readonly OfflineFile[]
): Promise<{ progress: CacheFillProgress; missing: OfflineFile[] }> {
	const missing: OfflineFile[] = [];
	for (const file of files) if (!(await cache.has(file.path))) missing.push(file);
	const bytesTotal = files.reduce((sum, f) => sum + f.bytes, 0);
	const progress: CacheFillProgress = {
		done: files.length - missing.length,
		total: files.length,
		bytesDone: bytesTotal - missing.reduce((sum, f) => sum + f.bytes, 0),
		bytesTotal,
		missing: missingParts(missing)
	};
	return { progress, missing };
}

/**
 * Caches every file of `files` not yet cached, `concurrency` at a time, reporting after each.
 * Rejects with the first download that fails (the files cached so far stay cached).
 */
export async function fillCache(
	cache: FillableCache,
	files: readonly OfflineFile[],
	report: (progress: CacheFillProgress) => void,
	concurrency = 4
): Promise<void> {
	const { progress, missing } = await cacheProgress(cache, files);
	report({ ...progress });
	const queue = [...missing];
	const next = async (): Promise<void> => {
		for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
			await cache.add(file.path);
			missing.splice(missing.indexOf(file), 1);
			progress.done++;
			progress.bytesDone += file.bytes;
			progress.missing = missingParts(missing);
			report({ ...progress });
		}
	};
	await Promise.all(Array.from({ length: concurrency }, next));
}
