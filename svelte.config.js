import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// A static SPA: every deep link falls back to index.html and routes on the client.
		adapter: adapter({ fallback: 'index.html', strict: true }),
		// Registered by the root layout, in production builds only.
		serviceWorker: { register: false },
		typescript: {
			// Type-check the Node-side TypeScript too: Playwright configs, browser benches, Playwriter,
			// the command line's build.
			config(tsconfig) {
				tsconfig.include.push(
					'../playwright.config.ts',
					'../vite.preview.config.ts',
					'../vite.cli.config.ts',
					'../bench/browser/**/*.ts',
					'../tools/**/*.ts'
				);
			}
		}
	}
};

export default config;
