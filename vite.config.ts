import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { isolatedScripts } from './vite/isolated_scripts.ts';
import { offlineFiles } from './vite/offline_files.ts';
import { runtimeDts } from './vite/runtime_dts.ts';

export default defineConfig({
	plugins: [sveltekit(), runtimeDts(), isolatedScripts(), offlineFiles()],
	// Workers are bundled apart, with their own plugins: the runtime worker imports the sandbox
	// worker's script.
	worker: { format: 'es', plugins: () => [isolatedScripts()] },
	build: {
		// monaco and esbuild-wasm are lazy chunks; their size is tracked by `npm run size`.
		chunkSizeWarningLimit: 8000
	},
	test: {
		// tools/: Playwriter's tests, which start Chromium from Node.
		include: ['src/**/*.test.ts', 'tools/**/*.test.ts'],
		exclude: ['src/**/*.browser.test.ts', 'node_modules/**'],
		environment: 'node',
		// Worker threads, and test files sharing their modules instead of each importing its own
		// copies: 20 s instead of 90 on this 2-core machine. So a test file must leave no global
		// behind (a mock, a timer, a patched built-in), and the runtime's test helpers' rule that
		// pids are equal only when they are the same object holds in every file.
		pool: 'threads',
		isolate: false,
		expect: { requireAssertions: true },
		// Supertester's assertions count as vitest's (for requireAssertions).
		setupFiles: ['src/lib/testing/setup.ts'],
		// The type tests (`*.types.test.ts`) run as plain tests here; their `expectTypeOf`
		// assertions are checked by `npm run check` (svelte-check fails on any type error), so
		// vitest's own typecheck pass would only type-check the project a second time.
		typecheck: { enabled: false }
	}
});
