import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { runtimeDts } from './vite/runtime_dts';

export default defineConfig({
	plugins: [sveltekit(), runtimeDts()],
	worker: { format: 'es' },
	build: {
		// monaco and esbuild-wasm are lazy chunks; their size is tracked by `npm run size`.
		chunkSizeWarningLimit: 8000
	},
	test: {
		include: ['src/**/*.test.ts'],
		exclude: ['src/**/*.browser.test.ts', 'node_modules/**'],
		environment: 'node',
		expect: { requireAssertions: true },
		typecheck: { enabled: true, include: ['src/**/*.types.test.ts'] }
	}
});
