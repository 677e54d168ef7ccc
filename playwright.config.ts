import { defineConfig } from '@playwright/test';

const port = 4173;

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.test.ts',
	fullyParallel: false,
	workers: 1,
	forbidOnly: !!process.env.CI,
	retries: 0,
	reporter: process.env.CI ? [['list']] : [['list']],
	timeout: 30_000,
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		browserName: 'chromium',
		headless: true,
		serviceWorkers: 'allow',
		trace: 'retain-on-failure',
		launchOptions: {
			// Playwright's own browser download does not work here: Debian's chromium does.
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic'
			]
		}
	},
	webServer: {
		command: 'npx vite preview --config vite.preview.config.ts',
		url: `http://127.0.0.1:${port}/`,
		reuseExistingServer: !process.env.CI,
		env: { PORT: String(port) }
	}
});
