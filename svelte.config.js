import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// A static SPA: every deep link falls back to index.html and routes on the client.
		adapter: adapter({ fallback: 'index.html', strict: true }),
		serviceWorker: { register: false }
	}
};

export default config;
