// Browser benchmarks: `npx playwright test -c bench/browser/playwright.config.ts` after
// `npm run build`. They run against the built app on their own port, so the e2e server on 4173
// can keep running.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../../tools/playwriter/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const port = Number(process.env.BENCH_PORT ?? 4174);

if (!existsSync(`${root}build/index.html`)) {
	throw new Error('The browser benchmarks measure the built app: run `npm run build` first.');
}

export default defineConfig({
	testDir: '.',
	testMatch: '*.bench.ts',
	outputDir: `${root}test-results/bench`,
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list']],
	timeout: 180_000,
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		browserName: 'chromium',
		headless: true,
		serviceWorkers: 'allow',
		launchOptions: chromiumLaunchOptions()
	},
	webServer: {
		command: 'npx vite preview --config vite.preview.config.ts',
		cwd: root,
		url: `http://127.0.0.1:${port}/`,
		reuseExistingServer: !process.env.CI,
		env: { PORT: String(port) }
	}
});
