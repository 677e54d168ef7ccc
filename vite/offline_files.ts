/**
 * Writes `_app/offline.json`: every built file under `_app/immutable/` with its size in bytes,
 * for the service worker to cache in the background (src/lib/common/offline_cache.ts).
 *
 * Kit's `$service-worker` `build` list comes from the client manifest, which misses what Vite
 * bundles for workers (their chunks, the sandbox worker's source, esbuild's wasm): without them
 * a page offline cannot start the compiler or a sandbox. The client build's `writeBundle` sees
 * every file written, workers' included.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { OFFLINE_LIST, type OfflineList } from '../src/lib/common/offline_cache.ts';

const IMMUTABLE = '_app/immutable/';

export function offlineFiles(): Plugin {
	return {
		name: 'superlearner-offline-files',
		apply: 'build',
		applyToEnvironment: (environment) => environment.config.consumer === 'client',
		writeBundle(options, bundle) {
			if (!options.dir) return;
			const files: OfflineList['files'] = {};
			for (const [name, output] of Object.entries(bundle)) {
				if (!name.startsWith(IMMUTABLE)) continue;
				const content = output.type === 'chunk' ? output.code : output.source;
				files[name] = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
			}
			const path = join(options.dir, OFFLINE_LIST);
			mkdirSync(join(path, '..'), { recursive: true });
			writeFileSync(path, JSON.stringify({ files } satisfies OfflineList));
		}
	};
}
