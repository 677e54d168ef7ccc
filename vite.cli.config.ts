// The `superlearner` command (src/cli) bundled for Node, its npm packages too (zod is hundreds
// of small modules: loading them one by one cost a cold start 150 ms), except esbuild-wasm,
// which finds its .wasm beside itself. bin/superlearner.mjs runs this build when cli-build/ is
// missing or older than src/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
	resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
	logLevel: 'warn',
	ssr: { noExternal: true, external: ['esbuild-wasm'] },
	build: {
		ssr: true,
		target: 'node20',
		outDir: 'cli-build',
		emptyOutDir: true,
		minify: false,
		// Two entries: the command, and the sandbox worker thread's script beside it.
		rolldownOptions: {
			input: { main: 'src/cli/main.ts', sandbox_worker: 'src/cli/sandbox_worker.ts' },
			output: {
				format: 'es',
				entryFileNames: '[name].mjs',
				chunkFileNames: 'chunks/[name]-[hash].mjs'
			}
		}
	}
});
