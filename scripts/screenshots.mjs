// `npm run screenshots`: builds the app, serves it, and saves a picture of every page — light and
// dark, on a desktop and on a 390-px phone — to docs/images/ with Playwriter. It also measures
// each page's layout shift on the phone (what moves after it first shows) and prints the figures.
//
//   npm run screenshots                 everything
//   npm run screenshots -- --no-build   the build there is
//   npm run screenshots -- overview sandbox   only these pages
//   npm run screenshots -- --full-page  whole pages, not what a screen shows at first
import { spawn } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ensureChromium, ensureDependencies, root, run } from './lib/setup.mjs';

const started = performance.now();
const args = process.argv.slice(2);
const only = new Set(args.filter((a) => !a.startsWith('--')));
const out = join(root, 'docs/images');

const VIEWS = [
	{ name: 'desktop', viewport: { width: 1280, height: 800 } },
	{ name: 'phone', viewport: { width: 390, height: 844 } }
];

ensureDependencies();
ensureChromium();
// The build first: it also writes .svelte-kit/tsconfig.json, which loading TypeScript needs.
if (!args.includes('--no-build')) run('npm', ['run', 'build']);
const { runnerImport } = await import('vite');
const { loadPlaywriter } = await import('../tools/playwriter/build.mjs');
const playwriter = await loadPlaywriter();
const { module: pool } = await runnerImport(join(root, 'src/lib/sandbox/templates/pool.ts'), {
	configFile: false
});

/** Each page: where it is, what must show before its picture, and how to get there. */
const PAGES = [
	{ name: 'overview', path: '/', ready: (p) => p.getByText('Running').first() },
	{ name: 'learn', path: '/learn', ready: (p) => lessonLink(p) },
	{ name: 'lesson', path: '/learn/one-for-one', act: (p) => runIt(p), tree: true },
	{ name: 'supervisors', path: '/supervisors', tree: true },
	{ name: 'processes', path: '/processes', ready: (p) => grid(p, 'Processes') },
	{
		name: 'process',
		path: (s) => `/processes/${s.counter}`,
		ready: (p) => p.getByRole('heading', { name: 'Mailbox' })
	},
	{ name: 'sandboxes', path: '/sandboxes', ready: (p) => p.getByRole('link', { name: 'pool' }) },
	{ name: 'sandbox', path: '/sandboxes/pool', tree: true, ready: (p) => editor(p) },
	{ name: 'cluster', path: '/cluster', act: (p) => netsplitDemo(p) },
	{ name: 'analytics', path: '/analytics', ready: (p) => p.getByRole('heading', { level: 1 }) },
	{ name: 'trace', path: '/trace', ready: (p) => p.getByRole('heading', { level: 1 }) },
	{ name: 'arsenal', path: '/arsenal', ready: (p) => p.getByRole('heading', { level: 2 }).first() },
	{ name: 'settings', path: '/settings', ready: (p) => p.getByRole('heading', { level: 1 }) },
	{ name: 'bench', path: '/bench', ready: (p) => p.getByRole('article').first() },
	{ name: 'embed', path: '/embed?autorun', tree: true, ready: (p) => editor(p) },
	{
		name: 'share',
		path: (s) => s.share,
		act: (p) => p.getByRole('button', { name: 'Run it', exact: true }).click()
	}
].filter((p) => only.size === 0 || only.has(p.name));

const lessonLink = (page) => page.getByRole('link', { name: /one_for_one/i }).first();
const grid = (page, name) => page.getByRole('grid', { name }).getByRole('link').first();
const editor = (page) => page.locator('.monaco-editor').first();
const runIt = (page) => page.getByRole('button', { name: 'Run', exact: true }).first().click();

/** Cluster nodes live as long as the page: the demo starts three in it. */
async function netsplitDemo(page) {
	await page.getByRole('button', { name: 'Start the netsplit demo' }).first().click();
	await page.getByText('c@sim').first().waitFor({ timeout: 30_000 });
}

mkdirSync(out, { recursive: true });
const port = await freePort();
const server = spawn('npx', ['vite', 'preview', '--config', 'vite.preview.config.ts'], {
	cwd: root,
	env: { ...process.env, PORT: String(port) },
	stdio: ['ignore', 'pipe', 'inherit'],
	detached: true
});
const base = `http://127.0.0.1:${port}`;
const shifts = {};
try {
	await served(base);
	for (const view of VIEWS) {
		await playwriter.withBrowser({ viewport: view.viewport }, async (page) => {
			await page.addInitScript(recordLayoutShift);
			const state = await prepare(page, base);
			for (const shot of PAGES) {
				const path = typeof shot.path === 'function' ? shot.path(state) : shot.path;
				await page.goto(new URL(path, base).href);
				await settled(page, shot);
				if (view.name === 'phone') shifts[shot.name] = await page.evaluate(() => window.__shift);
				for (const colorScheme of ['light', 'dark']) {
					await page.emulateMedia({ colorScheme });
					// The page follows the scheme (app.css's palettes under data-theme) and its colours
					// ease into it: the picture once every transition ended.
					await page.waitForFunction(
						(c) => document.documentElement.dataset.theme === c,
						colorScheme
					);
					await page.evaluate(async () => {
						await new Promise((r) => requestAnimationFrame(r));
						const easing = document.getAnimations().filter((a) => a instanceof CSSTransition);
						await Promise.all(easing.map((a) => a.finished.catch(() => {})));
					});
					const file = join(out, `${shot.name}-${view.name}-${colorScheme}.png`);
					await page.screenshot({ path: file, fullPage: args.includes('--full-page') });
					console.log(`  ${file.slice(root.length)} (${kb(file)} KB)`);
				}
				await page.emulateMedia({ colorScheme: 'light' });
			}
		});
	}
} finally {
	process.kill(-server.pid);
}

const ranked = Object.entries(shifts).sort((a, b) => b[1] - a[1]);
console.log('\nLayout shift on a 390-px phone (cumulative, as the page loads):');
for (const [name, score] of ranked) console.log(`  ${name.padEnd(12)} ${score.toFixed(4)}`);
console.log(
	`\n${PAGES.length * VIEWS.length * 2} pictures in docs/images/ in ${((performance.now() - started) / 1000).toFixed(1)} s`
);

/**
 * The state the pictures show — the runtime up, a sandbox of the pool template — and what the pages' paths need: Demo.Counter's pid and the first lesson's share link.
 */
async function prepare(page, at) {
	await page.goto(at);
	await page.waitForFunction(() => navigator.serviceWorker?.controller, null, { timeout: 30_000 });
	await page.waitForFunction(
		async () => (await fetch('/api/v1/health').then((r) => r.status)) === 200,
		null,
		{ polling: 250, timeout: 30_000 }
	);
	await api(page, 'POST', '/api/v1/sandboxes', { id: 'pool', files: pool.poolTemplate.files });
	const counter = (await api(page, 'GET', '/api/v1/processes/Demo.Counter')).data.pid;
	return { counter: encodeURIComponent(counter), share: await shareLink(page) };
}

async function api(page, method, path, body) {
	const { status, answer } = await page.evaluate(
		async ({ method, path, body }) => {
			const res = await fetch(path, {
				method,
				...(body && { headers: { 'content-type': 'application/json' } }),
				...(body && { body: JSON.stringify(body) })
			});
			return { status: res.status, answer: await res.json() };
		},
		{ method, path, body }
	);
	if (status >= 400)
		throw new Error(`${method} ${path} answered ${status}: ${JSON.stringify(answer)}`);
	return answer;
}

/** The first lesson's share link, as its page offers it. */
async function shareLink(page) {
	await page.goto(new URL('/learn/one-for-one', base).href);
	await page.getByText('Share or embed this lesson').click();
	const field = page.getByRole('textbox', { name: 'Share link' });
	await field.waitFor();
	const link = new URL(await field.inputValue());
	return link.pathname + link.hash;
}

/**
 * What must show is there (after what the page's picture needs done), nothing says it is still
 * loading, and the tree has its nodes.
 */
async function settled(page, shot) {
	if (shot.ready) await shot.ready(page).waitFor({ timeout: 30_000 });
	if (shot.act) await shot.act(page);
	if (shot.tree) {
		await page.waitForFunction(
			() => {
				const el = document.querySelector('[data-testid="supervision-tree"]');
				return (el?._cyreg?.cy?.nodes().length ?? 0) > 0;
			},
			null,
			{ timeout: 30_000 }
		);
	}
	await page
		.waitForFunction(
			() =>
				![...document.querySelectorAll('main [aria-busy="true"]')].some((e) => e.checkVisibility()),
			null,
			{ timeout: 30_000 }
		)
		.catch(async (error) => {
			const busy = await page.locator('main [aria-busy="true"]:visible').allTextContents();
			throw new Error(`${shot.name} still says it is busy: ${busy.join(' | ')}`, { cause: error });
		});
	// Transitions and the tree's layout animation end before the picture.
	await page.waitForTimeout(600);
}

/** Runs in each page before its scripts: sums the layout shifts not caused by input. */
function recordLayoutShift() {
	window.__shift = 0;
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			if (!entry.hadRecentInput) window.__shift += entry.value;
		}
	}).observe({ type: 'layout-shift', buffered: true });
}

async function served(url) {
	for (let i = 0; i < 100; i++) {
		if (
			await fetch(url).then(
				(r) => r.ok,
				() => false
			)
		)
			return;
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`The preview server did not answer at ${url}`);
}

function freePort() {
	return new Promise((resolve, reject) => {
		const probe = createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address();
			probe.close(() => resolve(port));
		});
		probe.on('error', reject);
	});
}

function kb(file) {
	return Math.round(statSync(file).size / 1024);
}
