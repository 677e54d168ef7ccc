// Embedded widgets (issue 15, part 3), as a course page meets them: the built app served as a
// static host serves it (embed_server.ts, which logs what crosses the network), Debian's Chromium.
// - time to interactive: from the embed's navigation to its Run button taking clicks, and to its
//   editor (monaco) shown; cold (a fresh profile) and warm (the same profile again: its service
//   worker and caches);
// - the JS an embed loads before its editor starts loading, gzip-compressed as a host sends it;
// - three embeds on one page (static/embed-demo.html), all running: what the browser's processes
//   hold (PSS), the host page's frame times, and how often the compiler and monaco's TypeScript
//   worker crossed the network (each embed has its own runtime; the caches are shared).
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, test, type BrowserContext } from '@playwright/test';
import { serveBuild, type LoggingServer } from './embed_server';
import { memoryOf, processTree } from './embed_memory';
import { frameTimes, median, withOwnBrowser } from './page_frames';
import { writeResult } from './results';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILD = `${ROOT}build`;
const PORT = Number(process.env.EMBED_BENCH_PORT ?? 4176);
const RUNS = { cold: 3, warm: 5 };
/** How long the host page's frames are timed with three embeds running. */
const FRAMES_MS = 5_000;
/** The pause between the three embeds' editors appearing and their frames being timed. */
const SETTLE_MS = 2_000;

const round = (x: number) => Number(x.toPrecision(4));

/** The built files of monaco's dynamic entries (the editor, its languages, its workers). */
function monacoFiles(): Set<string> {
	const manifest = JSON.parse(
		readFileSync(`${ROOT}.svelte-kit/output/client/.vite/manifest.json`, 'utf8')
	) as Record<string, { file: string; isDynamicEntry?: boolean }>;
	return new Set(
		Object.entries(manifest)
			.filter(([source, chunk]) => source.includes('monaco-editor') && chunk.isDynamicEntry)
			.map(([, chunk]) => `/${chunk.file}`)
	);
}

interface Marks {
	/** The Run button takes clicks: the experiment is open in its sandbox. */
	interactive?: number;
	/** Monaco shows the code. */
	editor?: number;
}

/** Records, in every embed document of `context`, when each moment first happens. */
async function recordMarks(context: BrowserContext): Promise<void> {
	await context.addInitScript(() => {
		if (!location.pathname.endsWith('/embed')) return;
		const marks: Record<string, number> = {};
		Object.assign(window, { __marks: marks });
		new MutationObserver(() => {
			const run = [...document.querySelectorAll('.widget .bar button')].find(
				(b) => b.textContent?.trim() === 'Run'
			) as HTMLButtonElement | undefined;
			if (run && !run.disabled) marks.interactive ??= performance.now();
			if (document.querySelector('.widget .monaco-editor')) marks.editor ??= performance.now();
		}).observe(document, { subtree: true, childList: true, attributes: true });
	});
}

/** Opens one embed in `context` and waits for its editor; its marks. */
async function openEmbed(context: BrowserContext, url: string): Promise<Required<Marks>> {
	const page = await context.newPage();
	await page.goto(`${url}/embed`);
	await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled({
		timeout: 60_000
	});
	await expect(page.locator('.widget .monaco-editor')).toBeVisible({ timeout: 60_000 });
	const marks = await page.evaluate(() => (window as unknown as { __marks: Marks }).__marks);
	await page.close();
	return marks as Required<Marks>;
}

/** The gzip size of the JS the server sent before the first of monaco's files was asked for. */
function jsBeforeEditor(log: LoggingServer['log']): { bytes: number; files: number } {
	const monaco = monacoFiles();
	const editorStart = log.findIndex((s) => monaco.has(s.path));
	const js = log
		.slice(0, editorStart < 0 ? log.length : editorStart)
		.filter((s) => s.path.endsWith('.js') && s.status === 200);
	const bytes = js.reduce((sum, s) => sum + gzipSync(readFileSync(BUILD + s.path)).length, 0);
	return { bytes, files: js.length };
}

let server: LoggingServer;

test.beforeAll(async () => {
	server = await serveBuild(BUILD, PORT);
});

test.afterAll(async () => {
	await server?.close();
});

test('embed: time to interactive cold and warm, the JS before the editor, three embeds on one page', async ({
	browser
}) => {
	test.setTimeout(900_000);
	// Other work on the machine slows every figure here: the load is reported with them.
	const loadAtStart = loadavg()[0];
	const cold: Required<Marks>[] = [];
	let beforeEditor = { bytes: 0, files: 0 };
	for (let i = 0; i < RUNS.cold; i++) {
		const context = await browser.newContext();
		await recordMarks(context);
		server.log.length = 0;
		cold.push(await openEmbed(context, server.url));
		if (i === 0) beforeEditor = jsBeforeEditor(server.log);
		await context.close();
	}

	const context = await browser.newContext();
	await recordMarks(context);
	await openEmbed(context, server.url); // the first visit, which fills the caches
	const warm: Required<Marks>[] = [];
	for (let i = 0; i < RUNS.warm; i++) warm.push(await openEmbed(context, server.url));
	await context.close();

	const three = await threeEmbeds(server);

	const ms = (name: string, values: number[], goal?: number) => ({
		name,
		value: round(median(values)),
		unit: 'ms',
		n: values.length,
		...(goal !== undefined && { goal: `≤ ${goal} ms`, met: median(values) <= goal })
	});
	writeResult('embed', browser.version(), [
		ms(
			'embed time to interactive, warm (Run takes clicks)',
			warm.map((m) => m.interactive),
			1000
		),
		ms(
			'embed time to the editor, warm',
			warm.map((m) => m.editor)
		),
		ms(
			'embed time to interactive, cold',
			cold.map((m) => m.interactive)
		),
		ms(
			'embed time to the editor, cold',
			cold.map((m) => m.editor)
		),
		{
			name: 'JS an embed loads before its editor (gzip)',
			value: round(beforeEditor.bytes / 1024),
			unit: 'KiB',
			n: beforeEditor.files
		},
		{
			name: 'three embeds running: browser memory (PSS, all processes)',
			value: round(three.pssMb),
			unit: 'MB',
			n: three.processes
		},
		{
			name: 'three embeds running: memory over the empty browser (PSS)',
			value: round(three.pssMb - three.baselineMb),
			unit: 'MB',
			n: 1
		},
		{
			name: 'three embeds running: host page frame time p50',
			value: round(three.frames.p50),
			unit: 'ms',
			n: three.frames.n
		},
		{
			name: 'three embeds running: host page frame time p95',
			value: round(three.frames.p95),
			unit: 'ms',
			n: three.frames.n
		},
		{
			name: 'three embeds running: longest frame',
			value: round(three.frames.max),
			unit: 'ms',
			n: three.frames.n
		},
		{
			name: `machine load average (1 min) at the start, on ${cpus().length} cores`,
			value: round(loadAtStart),
			unit: 'runnable',
			n: 1
		},
		{
			name: `machine load average (1 min) at the end, on ${cpus().length} cores`,
			value: round(loadavg()[0]),
			unit: 'runnable',
			n: 1
		},
		{
			name: 'three embeds: compiler (esbuild.wasm) downloads',
			value: three.downloads.wasm,
			unit: 'downloads',
			n: 3,
			goal: '1',
			met: three.downloads.wasm === 1
		},
		{
			name: "three embeds: monaco's TypeScript worker downloads",
			value: three.downloads.tsWorker,
			unit: 'downloads',
			n: 3,
			goal: '1',
			met: three.downloads.tsWorker === 1
		}
	]);
});

/**
 * The demo page in a browser of its own (so that its processes are the page's): all three
 * widgets run, then memory and frames are measured.
 */
function threeEmbeds(server: LoggingServer) {
	return withOwnBrowser(async (browser, pid) => {
		const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		const page = await context.newPage();
		await page.goto('about:blank');
		const baselineMb = memoryOf(processTree(pid)).pssMb;
		server.log.length = 0;
		await page.goto(`${server.url}/embed-demo.html`);
		const log = page.getByRole('list', { name: 'Messages from the widgets' });
		for (const n of [1, 2, 3]) {
			await expect(log.getByText(`widget ${n}: ready`)).toBeVisible({ timeout: 120_000 });
		}
		for (const n of [1, 2, 3]) await page.getByRole('button', { name: `Run widget ${n}` }).click();
		for (const n of [1, 2, 3]) {
			await expect(log.getByText(`widget ${n}: status {"status":"running"}`).first()).toBeVisible({
				timeout: 180_000
			});
		}
		await expect(log.getByText('widget 3: result').first()).toBeVisible({ timeout: 60_000 });
		// Steady: both editors loaded (the second widget has none), then a moment to settle.
		for (const title of ['Widget 1: the counter', 'Widget 3: a scenario']) {
			await expect(
				page.frameLocator(`iframe[title="${title}"]`).locator('.monaco-editor')
			).toBeVisible({ timeout: 120_000 });
		}
		await page.waitForTimeout(SETTLE_MS);
		const frames = await frameTimes(page, FRAMES_MS);
		const memory = memoryOf(processTree(pid));
		const downloads = (pattern: RegExp) =>
			server.log.filter((s) => s.status === 200 && pattern.test(s.path)).length;
		return {
			baselineMb,
			pssMb: memory.pssMb,
			processes: memory.processes,
			frames,
			downloads: {
				wasm: downloads(/\.wasm$/),
				tsWorker: downloads(/\/ts\.worker-[^/]+\.js$/)
			}
		};
	});
}
