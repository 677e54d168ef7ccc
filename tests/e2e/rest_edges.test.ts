/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- JSON answers, read as a client reads them */
// Edges of the REST layer, each written as the request that used to go wrong.
import type { Page } from '@playwright/test';
import { expect, test } from './warm';
import { apiRequest, whenControlled, whenRuntimeReady } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers
type Json = any;

// Each test starts a sandbox (the compiler's first build included): slow on a busy machine.
test.describe.configure({ timeout: 60_000 });

/** How long the service worker waited for each window it probed in turn (PROBE_MS). */
const PROBE_MS = 250;

async function createSandbox(page: Page, id: string, files: Record<string, string>) {
	const created = await apiRequest(page, 'POST', '/api/v1/sandboxes', { id, files });
	expect(created.status).toBe(201);
	expect((created.body as Json).data.status).toBe('running');
}

/** A root with one GenServer under `name`, whose handleCall is `handleCall`. */
function serverFiles(name: string, handleCall: string): Record<string, string> {
	return {
		'main.ts': `import { GenServer, type SupervisorModule } from 'superlearner';

const Server = { name: 'Edge.Server', init: () => ['ok', 0], handleCall: ${handleCall} };

const Root: SupervisorModule<null> = {
	name: 'Edge.Supervisor',
	init: () => [
		'ok',
		{ strategy: 'one_for_one' },
		[{ id: 'server', start: (sup) => GenServer.startLink(sup, Server, null, { name: ${JSON.stringify(name)} }) }]
	]
};
export default Root;
`
	};
}

test('a window that runs no app gets its API answers at once, and no window is probed', async ({
	page,
	context
}) => {
	await page.goto('/');
	await whenRuntimeReady(page);
	// Ten windows of the origin showing a file, each counting what the service worker posts it.
	const others: Page[] = [];
	for (let i = 0; i < 10; i++) {
		const other = await context.newPage();
		await other.goto('/favicon.svg');
		await whenControlled(other);
		await other.evaluate(() => {
			const counted = window as unknown as { posted: number };
			counted.posted = 0;
			navigator.serviceWorker.addEventListener('message', () => counted.posted++);
			navigator.serviceWorker.startMessages();
		});
		others.push(other);
	}
	const answer = await others[0].evaluate(async () => {
		const started = performance.now();
		const res = await fetch('/api/v1/health');
		const body = (await res.json()) as { data: { status: string } };
		return { status: res.status, body, ms: performance.now() - started };
	});
	expect(answer.status).toBe(200);
	expect(answer.body.data.status).toBe('ok');
	// Probing the 11 windows in turn took 2.8 s; answered from the app's ready runtime, no window waits.
	expect(answer.ms).toBeLessThan(PROBE_MS * others.length);
	for (const other of others) {
		expect(await other.evaluate(() => (window as unknown as { posted: number }).posted)).toBe(0);
	}
});

test('a call whose handleCall loops forever answers unresponsive, naming the sandbox', async ({
	page
}) => {
	await page.goto('/');
	await whenRuntimeReady(page);
	await createSandbox(page, 'spinner', serverFiles('Spinner', '() => { for (;;) {} }'));
	const call = await apiRequest(page, 'POST', '/api/v1/processes/Spinner/message', {
		type: 'call',
		message: 'spin'
	});
	expect(call.status).toBe(422);
	expect((call.body as Json).error).toMatchObject({
		code: 'unresponsive',
		details: { id: 'spinner', operation: 'send_message' }
	});
	expect((call.body as Json).error.message).toContain("Sandbox 'spinner' stopped answering");
	const sandbox = await apiRequest(page, 'GET', '/api/v1/sandboxes/spinner');
	expect((sandbox.body as Json).data).toMatchObject({ status: 'killed', reason: 'unresponsive' });
	expect((await apiRequest(page, 'GET', '/api/v1/health')).status).toBe(200);
});

test('a process registered as a<b> in a sandbox is reachable URL-encoded; pids stay pids', async ({
	page
}) => {
	await page.goto('/');
	await whenRuntimeReady(page);
	await createSandbox(
		page,
		'angles',
		serverFiles('a<b>', "(_r, _f, n) => ['reply', n + 1, n + 1]")
	);
	const byName = await apiRequest(page, 'GET', `/api/v1/processes/${encodeURIComponent('a<b>')}`);
	expect(byName.status).toBe(200);
	const info = (byName.body as Json).data;
	expect(info).toMatchObject({ name: 'a<b>', node: 'sandbox_angles@superlearner' });
	const call = await apiRequest(page, 'POST', '/api/v1/processes/a%3Cb%3E/message', {
		type: 'call',
		message: 'bump'
	});
	expect((call.body as Json).data.reply).toBe(1);
	const pid = info.pid as string;
	for (const form of [pid, encodeURIComponent(pid), pid.slice(1, -1)]) {
		const res = await apiRequest(page, 'GET', `/api/v1/processes/${form}`);
		expect((res.body as Json).data).toMatchObject({ pid, name: 'a<b>' });
	}
});

test('POST /sandboxes with code that does not compile is a 422 with its diagnostics, and creates nothing', async ({
	page
}) => {
	await page.goto('/');
	await whenRuntimeReady(page);
	const broken = { 'main.ts': 'export default {\n  init: () => [\n};' };
	const res = await apiRequest(page, 'POST', '/api/v1/sandboxes', { id: 'broken', files: broken });
	expect(res.status).toBe(422);
	const error = (res.body as Json).error;
	expect(error.code).toBe('compile_failed');
	expect(error.details.diagnostics[0]).toMatchObject({
		file: 'main.ts',
		line: 3,
		severity: 'error'
	});
	expect((await apiRequest(page, 'GET', '/api/v1/sandboxes/broken')).status).toBe(404);
	const list = await apiRequest(page, 'GET', '/api/v1/sandboxes');
	expect((list.body as Json).data).toEqual([]);
});
