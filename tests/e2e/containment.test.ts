// Learner code as an attacker writes it (issue 10's findings 1–4): each program runs in a
// sandbox beside a bystander that ticks, and the app must come out unharmed — health 200 and
// truthful, the bystander still ticking, the attacker reported with its reason, nothing read
// from another sandbox, no request reaching another origin.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { apiFetch } from './helpers';
import {
	consoleTexts,
	createSandbox,
	expectUnharmed,
	sandboxView,
	TICKER,
	type SandboxView
} from './sandbox_api';

const ROOT = `export default {
	name: 'Root',
	init: () => ['ok', { strategy: 'one_for_one' }, []]
};`;

test.describe.configure({ mode: 'serial' });
let page: Page;
/** Another origin, counting what reaches it. */
let elsewhere: Server;
const received: string[] = [];

test.beforeAll(async ({ browser }) => {
	elsewhere = createServer((req, res) => {
		received.push(`${req.method} ${req.url}`);
		res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/javascript' });
		res.end('export default "stolen"');
	});
	await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
	page = await browser.newPage();
	await page.goto('/');
	const bystander = await createSandbox(page, 'bystander', TICKER);
	expect(bystander.status).toBe(201);
});

test.afterAll(async () => {
	await page.close();
	await new Promise((resolve) => elsewhere.close(resolve));
});

/** Waits for the sandbox to leave `running` and returns how it ended. */
async function ended(id: string): Promise<SandboxView> {
	await expect
		.poll(async () => (await sandboxView(page, id)).status, { timeout: 15_000 })
		.toMatch(/^(failed|killed)$/);
	return sandboxView(page, id);
}

test('an error thrown outside any process fails only its own sandbox, saying why', async () => {
	const programs = {
		timer: `setTimeout(() => { throw new Error('thrown from a timer'); }, 0);\n${ROOT}`,
		microtask: `queueMicrotask(() => { throw new Error('thrown from a microtask'); });\n${ROOT}`,
		rejection: `void Promise.reject(new Error('never caught'));\n${ROOT}`
	};
	for (const [id, main] of Object.entries(programs)) {
		expect((await createSandbox(page, id, { 'main.ts': main })).status).toBe(201);
	}
	expect((await ended('timer')).reason).toMatch(
		/^an uncaught error outside any process: Error: thrown from a timer \(at .+\)$/
	);
	expect((await ended('microtask')).reason).toMatch(
		/^an uncaught error outside any process: Error: thrown from a microtask/
	);
	expect((await ended('rejection')).reason).toMatch(
		/^an unhandled promise rejection outside any process: Error: never caught/
	);
	expect(await consoleTexts(page, 'timer')).toContainEqual(
		expect.stringContaining('thrown from a timer')
	);
	await expectUnharmed(page, 'bystander');
});

test('hostile values in a state or the console are read without harm', async () => {
	const main = `import { GenServer, type GenServerModule } from 'superlearner';
const Lazy: GenServerModule<unknown> = {
	name: 'Lazy',
	init: () => ['ok', { ok: 1, get total(): number { throw new Error('lazy'); } }]
};
const revocable = Proxy.revocable({}, {});
revocable.revoke();
const Revoked: GenServerModule<unknown> = { name: 'Revoked', init: () => ['ok', revocable.proxy] };
const trap = () => { throw new Error('trap'); };
console.log('hostile', new Proxy({}, { getPrototypeOf: trap, ownKeys: trap, get: trap }));
export default {
	name: 'Root',
	init: () => ['ok', { strategy: 'one_for_one' }, [GenServer.childSpec(Lazy), GenServer.childSpec(Revoked)]]
};`;
	expect((await createSandbox(page, 'hostile', { 'main.ts': main })).status).toBe(201);
	await expect.poll(() => consoleTexts(page, 'hostile')).toContain('hostile #Unreadable<trap>');
	const view = await sandboxView(page, 'hostile');
	expect(view.status).toBe('running');
	const lazy = view.children.find((c) => c.id === 'Lazy')!.pid!;
	const state = await apiFetch(page, `/api/v1/processes/${encodeURIComponent(lazy)}/state`);
	expect(state.status).toBe(200);
	expect(state.body).toMatchObject({ data: { state: { ok: 1, total: '#Unreadable<lazy>' } } });
	await expectUnharmed(page, 'bystander');
});

test('learner code cannot patch its way to the host’s ports, and a loop is still ended', async () => {
	const main = `import { GenServer, type GenServerModule } from 'superlearner';
const scope = globalThis as Record<string, any>;
// Each: what it patches, the value now, and the patch.
const attempts: Array<[string, () => unknown, () => void]> = [
	['MessagePort.prototype.postMessage', () => scope.MessagePort.prototype.postMessage, () => { scope.MessagePort.prototype.postMessage = function () {}; }],
	['EventTarget.prototype.addEventListener', () => scope.EventTarget.prototype.addEventListener, () => { scope.EventTarget.prototype.addEventListener = function () {}; }],
	['Array.prototype.map', () => Array.prototype.map, () => { Array.prototype.map = function () { return []; }; }],
	['Function.prototype.apply', () => Function.prototype.apply, () => { Function.prototype.apply = function () {}; }],
	['Promise.prototype.then', () => Promise.prototype.then, () => { Promise.prototype.then = function () { return this; }; }],
	['MessagePort.prototype.start', () => scope.MessagePort.prototype.start, () => { Object.defineProperty(scope.MessagePort.prototype, 'start', { value() {} }); }],
	['globalThis.MessageChannel', () => scope.MessageChannel, () => { scope.MessageChannel = class {}; }]
];
for (const [what, current, patch] of attempts) {
	const before = current();
	let why = 'no error';
	try { patch(); } catch (error) { why = (error as Error).name; }
	console.log((current() === before ? 'refused ' : 'patched ') + what + ': ' + why);
}
console.log('self.postMessage is ' + typeof scope.postMessage);
const Spinner: GenServerModule<number> = {
	name: 'Spinner',
	init: () => ['ok', 0, 300],
	handleInfo: () => { for (;;) {} }
};
export default { name: 'Root', init: () => ['ok', { strategy: 'one_for_one' }, [GenServer.childSpec(Spinner, 0)]] };`;
	expect((await createSandbox(page, 'forger', { 'main.ts': main })).status).toBe(201);
	// The console comes in batches: wait for the program's last line before reading them all.
	await expect
		.poll(async () => (await consoleTexts(page, 'forger')).some((l) => l.startsWith('self.')))
		.toBe(true);
	const lines = await consoleTexts(page, 'forger');
	expect(lines.filter((l) => l.startsWith('patched'))).toEqual([]);
	const refused = lines.filter((l) => l.startsWith('refused'));
	expect(refused).toHaveLength(7);
	for (const line of refused) expect(line).toMatch(/: TypeError$/);
	expect(lines).toContain('self.postMessage is undefined');
	const view = await ended('forger');
	expect([view.status, view.reason]).toEqual(['killed', 'unresponsive']);
	// Requests to it are answered, not left to time out.
	const stop = await apiFetch(page, '/api/v1/sandboxes/forger', 'GET');
	expect(stop.status).toBe(200);
	await expectUnharmed(page, 'bystander');
});

test('a memory bomb is ended at its budget, whatever holds the memory', async () => {
	const bombs = {
		buffers: `const hoard: Uint8Array[] = [];
const Bomb: GenServerModule<number> = {
	name: 'Bomb',
	init: () => ['ok', 0, 30],
	handleInfo: (_message, n) => { hoard.push(new Uint8Array(16 * 2 ** 20)); return ['noreply', n + 1, 30]; }
};`,
		state: `const Bomb: GenServerModule<string[]> = {
	name: 'Bomb',
	init: () => ['ok', [], 30],
	handleInfo: (_message, rows) => { rows.push('x'.repeat(2 ** 20) + rows.length); return ['noreply', rows, 30]; }
};`,
		mailbox: `const Bomb: GenServerModule<number> = {
	name: 'Bomb',
	init: () => ['ok', 0, 0],
	handleInfo: async (_message, n, ctx) => {
		for (;;) {
			for (let i = 0; i < 500; i++) ctx.send(ctx.self, { payload: 'x'.repeat(10_000) + i });
			await ctx.sleep(30);
		}
	}
};`
	};
	for (const [id, bomb] of Object.entries(bombs)) {
		const main = `import { GenServer, type GenServerModule } from 'superlearner';
${bomb}
export default { name: 'Root', init: () => ['ok', { strategy: 'one_for_one' }, [GenServer.childSpec(Bomb, 0)]] };`;
		const created = await createSandbox(page, id, { 'main.ts': main }, { memoryBudgetMb: 32 });
		expect(created.status).toBe(201);
	}
	for (const id of Object.keys(bombs)) {
		const view = await ended(id);
		expect([id, view.status, view.reason]).toEqual([id, 'killed', 'memory']);
		expect(view.detail).toMatch(/budget 32 MB/);
		expect(await consoleTexts(page, id)).toContainEqual(
			expect.stringMatching(/^killed: memory — .*budget 32 MB/)
		);
	}
	await expectUnharmed(page, 'bystander');
});

test('learner code reads nothing of the app’s origin and reaches no other origin', async () => {
	const secret = 'victim-secret-7f3a9c';
	const victim = { 'main.ts': `export const SECRET = '${secret}';\n${ROOT}` };
	expect((await createSandbox(page, 'victim', victim)).status).toBe(201);
	const app = new URL(page.url()).origin;
	const other = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
	const main = `const scope = globalThis as Record<string, any>;
const load = new Function('u', 'o', 'return import(u, o)') as (u: string, o?: unknown) => Promise<unknown>;
const attempts: Array<[string, () => unknown]> = [
	['import the victim, relative', () => load('/api/v1/sandboxes/victim', { with: { type: 'json' } })],
	['import the victim, absolute', () => load('${app}/api/v1/sandboxes/victim', { with: { type: 'json' } })],
	['import another origin', () => load('${other}/steal.js')],
	['fetch', () => scope.fetch('${other}/fetch')],
	['FontFace', () => new scope.FontFace('x', 'url(${other}/font)').load()],
	['webkitRequestFileSystem', () => scope.webkitRequestFileSystem(0, 50 * 2 ** 20, () => {})],
	['indexedDB', () => scope.indexedDB.open('x')],
	['importScripts', () => scope.importScripts('${other}/classic.js')]
];
for (const [what, attempt] of attempts) {
	(async () => {
		try { console.log(what + ': got ' + JSON.stringify(await attempt())); }
		catch (error) { console.log(what + ': refused (' + (error as Error).name + ')'); }
	})();
}
${ROOT}`;
	expect((await createSandbox(page, 'thief', { 'main.ts': main })).status).toBe(201);
	await expect
		.poll(async () => (await consoleTexts(page, 'thief')).filter((l) => l.includes('refused')))
		.toHaveLength(8);
	const lines = await consoleTexts(page, 'thief');
	expect(lines.join('\n')).not.toContain(secret);
	expect(lines.filter((l) => l.includes(': got '))).toEqual([]);
	expect(received).toEqual([]);
	expect((await sandboxView(page, 'thief')).status).toBe('running');
	await expectUnharmed(page, 'bystander');
});
