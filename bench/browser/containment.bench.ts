// Issue 10's figures: how fast the system ends a sandbox that misbehaves, until the learner sees
// it ended. Each program starts misbehaving START_MS after it starts and logs the epoch ms at which
// it does; meanwhile the sandbox's page is opened, and a MutationObserver notes when its status
// badge leaves "running". Both clocks are this machine's. (Polling REST would meet the rate limit.)
import { expect, test, type Page } from '@playwright/test';
import { whenControlled } from '../../tests/e2e/helpers';
import { consoleTexts, createSandbox } from '../../tests/e2e/sandbox_api';
import { writeResult } from './results';

/** Time to open the sandbox's page before the program misbehaves. */
const START_MS = 3000;

const ROOT_WITH = (
	child: string
) => `import { GenServer, type GenServerModule } from 'superlearner';
${child}
export default { name: 'Root', init: () => ['ok', { strategy: 'one_for_one' }, [GenServer.childSpec(Bad, 0)]] };`;

const PROGRAMS = {
	uncaught: ROOT_WITH(`const Bad: GenServerModule<number> = { name: 'Bad', init: () => ['ok', 0] };
setTimeout(() => { console.log('at ' + Date.now()); throw new Error('escaped'); }, ${START_MS});`),
	forger: ROOT_WITH(`const scope = globalThis as Record<string, any>;
try { scope.MessagePort.prototype.postMessage = function () {}; } catch {}
const Bad: GenServerModule<number> = {
	name: 'Bad',
	// A loop that never yields never sends its console: it says in advance when it starts
	// (its timeout firing late only makes the figure larger).
	init: () => { console.log('at ' + (Date.now() + ${START_MS})); return ['ok', 0, ${START_MS}]; },
	handleInfo: () => { for (;;) {} }
};`),
	buffers: ROOT_WITH(`const hoard: Uint8Array[] = [];
const Bad: GenServerModule<number> = {
	name: 'Bad',
	init: () => ['ok', 0, ${START_MS}],
	handleInfo: (_m, n) => {
		if (n === 0) console.log('at ' + Date.now());
		hoard.push(new Uint8Array(16 * 2 ** 20));
		return ['noreply', n + 1, 30];
	}
};`),
	strings: ROOT_WITH(`const Bad: GenServerModule<string[]> = {
	name: 'Bad',
	init: () => ['ok', [], ${START_MS}],
	handleInfo: (_m, rows) => {
		if (rows.length === 0) console.log('at ' + Date.now());
		rows.push('x'.repeat(8 * 2 ** 20) + rows.length);
		return ['noreply', rows, 30];
	}
};`),
	objects: ROOT_WITH(`const Bad: GenServerModule<object[][]> = {
	name: 'Bad',
	init: () => ['ok', [], ${START_MS}],
	handleInfo: (_m, rows) => {
		if (rows.length === 0) console.log('at ' + Date.now());
		rows.push(Array.from({ length: 200_000 }, (_, i) => ({ i, tag: 'row' })));
		return ['noreply', rows, 30];
	}
};`),
	mailbox: ROOT_WITH(`const Bad: GenServerModule<number> = {
	name: 'Bad',
	init: () => ['ok', 0, ${START_MS}],
	handleInfo: async (_m, n, ctx) => {
		console.log('at ' + Date.now());
		for (;;) {
			for (let i = 0; i < 1000; i++) ctx.send(ctx.self, { payload: 'x'.repeat(10_000) + i });
			await ctx.sleep(30);
		}
	}
};`)
};

/** Creates the sandbox, opens its page and answers ms from its 'at' line to the badge changing. */
async function timeToEnd(page: Page, id: string, main: string): Promise<number> {
	expect((await createSandbox(page, id, { 'main.ts': main })).status).toBe(201);
	// In-app navigation: a reload would start a fresh runtime, without this sandbox.
	await page.getByRole('link', { name: 'Sandboxes', exact: true }).first().click();
	await page.getByRole('link', { name: id, exact: true }).first().click();
	const status = page.getByRole('group', { name: 'Sandbox status and actions' });
	await expect(status.locator('.badge')).toHaveText('running', { timeout: 20_000 });
	const endedAt = await status.evaluate(
		(group) =>
			new Promise<number>((resolve) => {
				const ended = () => group.querySelector('.badge')?.textContent?.trim() !== 'running';
				const observer = new MutationObserver(() => {
					if (!ended()) return;
					observer.disconnect();
					resolve(Date.now());
				});
				observer.observe(group, { childList: true, characterData: true, subtree: true });
			})
	);
	const line = (await consoleTexts(page, id)).find((l) => l.startsWith('at '));
	if (!line) throw new Error(`${id} never logged when it started`);
	return endedAt - Number(line.slice(3));
}

test('containment: time from misbehaving to the sandbox ended', async ({ page, browser }) => {
	test.setTimeout(170_000);
	await page.goto('/sandboxes');
	await whenControlled(page);
	await createSandbox(page, 'warm', {
		'main.ts': ROOT_WITH('const Bad = { name: "Bad", init: () => ["ok", 0] };')
	});
	const names: Record<keyof typeof PROGRAMS, string> = {
		uncaught: 'uncaught error → sandbox failed',
		forger: 'endless loop after port-capture attempts → killed: unresponsive',
		buffers: 'ArrayBuffer bomb (16 MB per 30 ms), 256 MB budget → killed: memory',
		strings: 'string bomb in a state (8 M characters per 30 ms), 256 MB budget → killed: memory',
		objects: 'object bomb in a state (200,000 objects per 30 ms), 256 MB budget → killed: memory',
		mailbox: 'mailbox flood (10 MB per 30 ms), 256 MB budget → killed: memory'
	};
	const figures = [];
	for (const [id, main] of Object.entries(PROGRAMS)) {
		const ms = await timeToEnd(page, id, main);
		figures.push({ name: names[id as keyof typeof PROGRAMS], value: ms, unit: 'ms', n: 1 });
	}
	writeResult('containment', browser.version(), figures);
});
