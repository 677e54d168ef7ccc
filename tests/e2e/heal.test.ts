/* eslint-disable @typescript-eslint/no-unsafe-member-access -- JSON answers, read as a client reads them */
// The attack: kill SuperLearner.Supervisor with force over REST. The app must say so, answer
// /health truthfully while it heals, and come back with the learner's sandbox running its code.
import { expect, test, type Page } from '@playwright/test';
import { apiRequest, whenControlled } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers
type Json = any;

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
	await whenControlled(page);
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

/** Polls /health until it is ok again; the answers that were not, all 503 `degraded`. */
async function untilHealthy(page: Page): Promise<Json[]> {
	const unhealthy: Json[] = [];
	await expect
		.poll(
			async () => {
				const health = await apiRequest(page, 'GET', '/api/v1/health');
				if (health.status !== 200) {
					unhealthy.push({ status: health.status, ...(health.body as Json) });
				}
				return health.status;
			},
			{ timeout: 15_000 }
		)
		.toBe(200);
	// The sandbox's counter takes 1.5 s to start again: the heal cannot be over at once.
	expect(unhealthy.length).toBeGreaterThan(0);
	for (const answer of unhealthy) {
		expect(answer).toMatchObject({
			status: 503,
			error: { code: 'unavailable', details: { status: 'degraded' } }
		});
	}
	return unhealthy;
}

/** The sandbox runs its code again, with a fresh state, and its actions work. */
async function expectSurvivorBack(page: Page): Promise<void> {
	const sandbox = await apiRequest(page, 'GET', '/api/v1/sandboxes/survivor');
	expect((sandbox.body as Json).data).toMatchObject({ status: 'running', files: FILES });
	expect(await bump(page)).toBe(1);
	const restarted = await apiRequest(page, 'POST', '/api/v1/sandboxes/survivor/restart', {});
	expect((restarted.body as Json).data.status).toBe('running');
}

test('killing SuperLearner.Supervisor with force: the system heals, says so, and keeps the sandbox', async ({
	page
}) => {
	await withSurvivor(page);
	const killSent = Date.now();
	const kill = await apiRequest(
		page,
		'DELETE',
		'/api/v1/processes/SuperLearner.Supervisor?force=true'
	);
	expect(kill.status).toBe(200);
	expect((kill.body as Json).data).toMatchObject({ exited: true, exitReason: 'killed' });
	const unhealthy = await untilHealthy(page);
	expect(unhealthy[0].error.message).toContain('SuperLearner.Supervisor exited (killed)');

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
	const kill = await apiRequest(
		page,
		'DELETE',
		'/api/v1/processes/SuperLearner.SandboxManager?force=true'
	);
	expect((kill.body as Json).data).toMatchObject({ exited: true, exitReason: 'killed' });
	const unhealthy = await untilHealthy(page);
	expect(unhealthy[0].error.message).toContain('SuperLearner.SandboxManager exited (killed)');
	await expect(
		page
			.getByRole('status')
			.filter({ hasText: 'SuperLearner.SandboxManager died (killed) and was restarted' })
	).toContainText('Your running sandboxes were restarted from their files: survivor.');
	await expectSurvivorBack(page);
});
