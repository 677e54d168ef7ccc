/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- JSON answers, read as a client reads them */
// The attack: kill SuperLearner.Supervisor with force over REST. The app must say so, answer
// /health truthfully while it heals, and come back with the learner's sandbox running its code.
import type { Page } from '@playwright/test';
import { expect, test } from './warm';
import { apiRequest, whenRuntimeReady } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers
type Json = any;

// Each test starts its sandbox twice (the compiler's first build included): slow on a busy machine.
test.describe.configure({ timeout: 60_000 });

/** A counter whose init takes 1.5 s: the sandbox's restart, and so the heal, cannot be instant. */
const FILES = {
	'main.ts': `import { GenServer, type SupervisorModule } from 'superlearner';
import { Counter } from './counter';

const Root: SupervisorModule<null> = {
	name: 'Survivor.Supervisor',
	init: () => [
		'ok',
		{ strategy: 'one_for_one' },
		[{ id: 'counter', start: (sup) => GenServer.startLink(sup, Counter, 0, { name: 'Survivor.Counter' }) }]
	]
};
export default Root;
`,
	'counter.ts': `import type { GenServerModule } from 'superlearner';

export const Counter: GenServerModule<number, number> = {
	name: 'Survivor.Counter',
	init: async (start, ctx) => {
		await ctx.sleep(1500);
		return ['ok', start];
	},
	handleCall: (_request, _from, n) => ['reply', n + 1, n + 1]
};
`
};

/** Starts the app with the survivor sandbox running, its counter bumped twice. */
async function withSurvivor(page: Page): Promise<void> {
	await page.goto('/');
	await whenRuntimeReady(page);
	const created = await apiRequest(page, 'POST', '/api/v1/sandboxes', {
		id: 'survivor',
		files: FILES
	});
	expect(created.status).toBe(201);
	expect((created.body as Json).data.status).toBe('running');
	expect(await bump(page)).toBe(1);
	expect(await bump(page)).toBe(2);
}

async function bump(page: Page): Promise<number> {
	const answer = await apiRequest(page, 'POST', '/api/v1/processes/Survivor.Counter/message', {
		type: 'call',
		message: 'bump'
	});
	return (answer.body as Json).data.reply as number;
}

/**
 * Kills `name` with force over REST, polling /health from the moment the kill is sent until it
 * is ok again after having been down. The answers must read: ok (before the kill lands), then
 * 503 `degraded` only, then ok once healed. Answers the kill's answer and the first one down.
 */
async function killAndWatchHealth(page: Page, name: string): Promise<{ kill: Json; down: Json }> {
	const killing = apiRequest(page, 'DELETE', `/api/v1/processes/${name}?force=true`);
	const answers: Json[] = [];
	await expect
		.poll(
			async () => {
				const health = await apiRequest(page, 'GET', '/api/v1/health');
				answers.push({ status: health.status, ...(health.body as Json) });
				return health.status === 200 && answers.some((a) => a.status !== 200);
			},
			{ timeout: 20_000 }
		)
		.toBe(true);
	const firstDown = answers.findIndex((a) => a.status !== 200);
	for (const answer of answers.slice(firstDown, -1)) {
		expect(answer).toMatchObject({
			status: 503,
			error: { code: 'unavailable', details: { status: 'degraded' } }
		});
	}
	const kill = await killing;
	expect(kill.status).toBe(200);
	return { kill: kill.body, down: answers[firstDown] };
}

/** The sandbox runs its code again, with a fresh state, and the manager's actions work. */
async function expectSurvivorBack(page: Page): Promise<void> {
	const sandbox = await apiRequest(page, 'GET', '/api/v1/sandboxes/survivor');
	expect((sandbox.body as Json).data).toMatchObject({ status: 'running', files: FILES });
	expect(await bump(page)).toBe(1);
	// An action of the SandboxManager's (the half-dead app answered these 404 noproc).
	const updated = await apiRequest(page, 'PUT', '/api/v1/sandboxes/survivor', { files: FILES });
	expect(updated.status).toBe(200);
}

test('killing SuperLearner.Supervisor with force: the system heals, says so, and keeps the sandbox', async ({
	page
}) => {
	await withSurvivor(page);
	const killSent = Date.now();
	const { kill, down } = await killAndWatchHealth(page, 'SuperLearner.Supervisor');
	expect(kill.data).toMatchObject({ exited: true, exitReason: 'killed' });
	expect(down.error.message).toContain('SuperLearner.Supervisor exited (killed)');

	// A banner says what happened, and that the sandbox was restarted.
	const banner = page
		.getByRole('status')
		.filter({ hasText: 'SuperLearner.Supervisor died (killed) and was restarted' });
	await expect(banner).toContainText(
		'Your running sandboxes were restarted from their files: survivor.'
	);

	// A new system node answers, and REST works on it and on the sandbox.
	const health = await apiRequest(page, 'GET', '/api/v1/health');
	expect((health.body as Json).data.uptimeMs).toBeLessThan(Date.now() - killSent);
	const root = await apiRequest(page, 'GET', '/api/v1/processes/SuperLearner.Supervisor');
	expect(root.status).toBe(200);
	await expectSurvivorBack(page);

	await banner.getByRole('button', { name: 'Dismiss' }).click();
	await expect(banner).toHaveCount(0);
});

test('killing SuperLearner.SandboxManager with force: the sandboxes are kept and run again', async ({
	page
}) => {
	await withSurvivor(page);
	const { kill, down } = await killAndWatchHealth(page, 'SuperLearner.SandboxManager');
	expect(kill.data).toMatchObject({ exited: true, exitReason: 'killed' });
	expect(down.error.message).toContain('SuperLearner.SandboxManager exited (killed)');
	await expect(
		page
			.getByRole('status')
			.filter({ hasText: 'SuperLearner.SandboxManager died (killed) and was restarted' })
	).toContainText('Your running sandboxes were restarted from their files: survivor.');
	await expectSurvivorBack(page);
});
