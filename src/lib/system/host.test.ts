/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- answers are JSON, read the way a client reads them */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXAMPLE_FILES } from '$lib/arsenal/sandbox_examples';
import { Telemetry } from '$lib/arsenal/telemetry';
import { restTo } from '$lib/testing/arsenal';
import type { Pid } from '$lib/runtime';
import { SANDBOX_MANAGER } from '$lib/system/sandboxes/manager';
import { inThreadWorkers, type InThreadWorkers } from '$lib/testing/sandbox';
import { SYSTEM_SUPERVISOR } from './application';
import { HEAL_PERIOD_MS, MAX_HEALS, SystemHost } from './host';

let workers: InThreadWorkers;
let host: SystemHost;
let now: number;
/** While set, builds wait for it: a restore in progress can be looked at. */
let gate: Promise<void> | undefined;

beforeEach(async () => {
	workers = inThreadWorkers();
	now = 1_000_000;
	gate = undefined;
	const { compile } = workers.options;
	host = await SystemHost.start({
		clock: 'virtual',
		telemetry: new Telemetry(),
		demo: { crashes: false },
		sandboxes: {
			...workers.options,
			compile: async (req) => {
				await gate;
				return compile(req);
			}
		},
		now: () => now
	});
});

/** Holds builds back until the function it returns is called. */
function holdBuilds(): () => void {
	let open = () => {};
	gate = new Promise((resolve) => (open = resolve));
	return () => {
		gate = undefined;
		open();
	};
}

afterEach(async () => {
	await host.shutdown();
	workers.closeAll();
});

/** A REST request to the system of the moment, its answer read back from JSON. */
const request = restTo(() => host.current());

/** Kills a system process with 'kill', as DELETE /processes/:pid?force=true does. */
async function kill(name: string): Promise<Pid> {
	const { node } = await host.current();
	const pid = node.whereis(name)!;
	node.exit(pid, 'kill');
	await node.settle();
	return pid;
}

/** Builds and sandbox workers take real time (esbuild, MessageChannels): a bound, not a sleep. */
const healed = () =>
	vi.waitFor(() => expect(host.health).toEqual({ status: 'ok' }), { timeout: 10_000 });

describe('SystemHost', { timeout: 20_000 }, () => {
	it('restarts the system node with its sandboxes when SuperLearner.Supervisor dies', async () => {
		await request('POST', '/api/v1/sandboxes', { id: 'kept', files: EXAMPLE_FILES });
		const old = await host.current();
		const demo = old.node.whereis('Demo.Counter')!;
		const release = holdBuilds();
		await kill(SYSTEM_SUPERVISOR);
		expect(host.health).toMatchObject({ status: 'degraded', since: now });
		// Requests go to the new node as soon as it runs; it is not healed before its sandboxes run.
		const health = await request('GET', '/api/v1/health');
		expect(health.status).toBe(503);
		expect(health.body.error).toMatchObject({
			code: 'unavailable',
			details: { status: 'degraded' }
		});
		expect(health.body.error?.message).toMatch(/SuperLearner.Supervisor exited \(killed\)/);
		expect((await request('GET', '/api/v1/system/health')).body.data.status).toBe('degraded');
		release();
		await healed();
		const fresh = await host.current();
		expect(fresh).not.toBe(old);
		expect(fresh.node.whereis(SYSTEM_SUPERVISOR)).toBeDefined();
		expect(fresh.node.whereis('Demo.Counter')).toBeDefined();
		expect(old.node.isAlive(demo)).toBe(false);
		expect((await request('GET', '/api/v1/health')).status).toBe(200);
		const sandbox = (await request('GET', '/api/v1/sandboxes/kept')).body.data;
		expect(sandbox).toMatchObject({ status: 'running', files: EXAMPLE_FILES });
		expect(workers.live).toBe(1);
		expect(host.info().incidents).toEqual([
			{
				id: 1,
				process: SYSTEM_SUPERVISOR,
				reason: 'killed',
				at: now,
				status: 'healed',
				endedAt: now,
				sandboxes: { kept: ['kept'], restarted: ['kept'], failed: [] }
			}
		]);
		const restart = await request('POST', '/api/v1/sandboxes/kept/restart', {});
		expect(restart.body.data.status).toBe('running');
	});

	it('heals a system without sandboxes as soon as its node runs again', async () => {
		const old = await host.current();
		await kill(SYSTEM_SUPERVISOR);
		await healed();
		expect(await host.current()).not.toBe(old);
		expect(host.info().incidents[0]).toMatchObject({
			status: 'healed',
			sandboxes: { kept: [], restarted: [], failed: [] }
		});
	});

	it('reports a SandboxManager restarted by its supervisor, and the sandboxes it ran again', async () => {
		await request('POST', '/api/v1/sandboxes', { id: 'a', files: EXAMPLE_FILES });
		await request('POST', '/api/v1/sandboxes', { id: 'b', files: EXAMPLE_FILES, run: false });
		const runtime = await host.current();
		const release = holdBuilds();
		await kill(SANDBOX_MANAGER);
		expect(host.health).toMatchObject({
			status: 'degraded',
			reason: 'SuperLearner.SandboxManager exited (killed); restarting 1 sandbox from its files'
		});
		release();
		await healed();
		expect(await host.current()).toBe(runtime);
		expect(host.info().incidents).toMatchObject([
			{
				process: SANDBOX_MANAGER,
				reason: 'killed',
				status: 'healed',
				sandboxes: { kept: ['a', 'b'], restarted: ['a'], failed: [] }
			}
		]);
		expect((await request('GET', '/api/v1/sandboxes/a')).body.data.status).toBe('running');
	});

	it('says which sandboxes did not start again, and why', async () => {
		await request('POST', '/api/v1/sandboxes', { id: 'good', files: EXAMPLE_FILES });
		await request('POST', '/api/v1/sandboxes', { id: 'bad', files: EXAMPLE_FILES });
		// The file changes under a running sandbox (an edit saved, not yet run) and does not compile.
		await request('PUT', '/api/v1/sandboxes/bad', {
			files: { ...EXAMPLE_FILES, 'counter.ts': 'export const Counter = ;' }
		});
		await kill(SYSTEM_SUPERVISOR);
		await healed();
		const [incident] = host.info().incidents;
		expect(incident.sandboxes.restarted).toEqual(['good']);
		expect(incident.sandboxes.failed).toEqual([
			{ id: 'bad', reason: expect.stringMatching(/^counter\.ts:1:\d+: /) as string }
		]);
	});

	it(`gives up after ${MAX_HEALS} heals within ${HEAL_PERIOD_MS / 1000} s, and says so`, async () => {
		for (let i = 0; i < MAX_HEALS; i++) {
			await kill(SYSTEM_SUPERVISOR);
			await healed();
			now += 1000;
		}
		const last = await host.current();
		await kill(SYSTEM_SUPERVISOR);
		expect(host.health).toEqual({
			status: 'failed',
			reason: `SuperLearner.Supervisor died ${MAX_HEALS + 1} times within 60 s; reload the tab.`,
			since: now
		});
		expect(await host.current()).toBe(last);
		expect(host.info().incidents.at(-1)).toMatchObject({ status: 'failed', endedAt: now });
		const health = await request('GET', '/api/v1/health');
		expect(health.status).toBe(503);
		expect(health.body.error?.details.status).toBe('failed');
		// Without a manager, sandbox requests say the system is at fault: 503, not 404.
		const create = await request('POST', '/api/v1/sandboxes', { id: 'x', files: EXAMPLE_FILES });
		expect(create.status).toBe(503);
		expect(create.body.error?.code).toBe('unavailable');
	});

	it('heals again once the heals are older than the period', async () => {
		for (let i = 0; i < MAX_HEALS; i++) {
			await kill(SYSTEM_SUPERVISOR);
			await healed();
		}
		now += HEAL_PERIOD_MS;
		await kill(SYSTEM_SUPERVISOR);
		await healed();
		expect(host.info().incidents.map((i) => i.status)).toEqual(
			Array.from({ length: MAX_HEALS + 1 }, () => 'healed')
		);
	});

	it('keeps the settings, and applies them, on the node a heal starts', async () => {
		await (
			await host.current()
		).execute('update_system_config', {
			arsenal: { rateLimit: { limit: 4 }, operationTimeout: 7_000 }
		});
		await kill(SYSTEM_SUPERVISOR);
		await healed();
		const runtime = await host.current();
		expect(runtime.registry.limiter?.limit).toBe(4);
		expect(runtime.registry.operationTimeout).toBe(7_000);
		const { data } = await runtime.execute('get_system_config');
		expect(data).toMatchObject({ arsenal: { rateLimit: { limit: 4, windowMs: 60_000 } } });
	});

	it('keeps a rate limit set at run time for the node a heal starts', async () => {
		await host.setRateLimit({ limit: 1, windowMs: 60_000 });
		await kill(SYSTEM_SUPERVISOR);
		await healed();
		const { registry } = await host.current();
		expect(registry.limiter?.limit).toBe(1);
	});
});
