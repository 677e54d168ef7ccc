import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tools/playwriter/index.ts';

// E2E_PORT lets a second checkout run its suite beside this one.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.test.ts',
	fullyParallel: false,
	workers: 1,
	forbidOnly: !!process.env.CI,
	retries: 0,
	reporter: process.env.CI ? [['list']] : [['list']],
	// Generous budgets, spent only when the machine is slow: with a second suite running beside
	// this one on 2 cores, a page that shows in 1 s took over 5 s, and a 12 s test took 29 s.
	timeout: 60_000,
	expect: { timeout: 15_000 },
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		browserName: 'chromium',
		headless: true,
		serviceWorkers: 'allow',
		// Tracing every test (to keep the failures' traces) cost the suite a sixth of its CPU on
		// this 2-core machine: E2E_TRACE=1 records them when a failure needs one. A failure
		// always leaves its screenshot.
		trace: process.env.E2E_TRACE ? { mode: 'retain-on-failure', screenshots: false } : 'off',
		screenshot: 'only-on-failure',
		// Playwright's own browser download does not work here: Debian's chromium does.
		launchOptions: chromiumLaunchOptions()
	},
	webServer: {
		command: 'npx vite preview --config vite.preview.config.ts',
		url: `http://127.0.0.1:${port}/`,
		reuseExistingServer: !process.env.CI,
		env: { PORT: String(port) }
	}
});
