import { defineConfig } from 'vite';

// Serves the adapter's real output (build/) as a static SPA: deep links get index.html.
// The kit plugin's own preview would serve .svelte-kit/output instead.
export default defineConfig({
	appType: 'spa',
	build: { outDir: 'build' },
	preview: { port: Number(process.env.PORT ?? 4173), strictPort: true, host: '127.0.0.1' }
});
