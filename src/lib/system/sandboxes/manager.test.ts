/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- answers are JSON, read the way a client reads them */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { testSystem } from '$lib/testing/arsenal';
import { EXAMPLE_COUNTER_V2, EXAMPLE_FILES } from '$lib/arsenal/sandbox_examples';
import type { RestoreEvent } from './manager';
import {
	inThreadWorkers,
	nodeCompile,
	warmCompiler,
	type InThreadWorkers
} from '$lib/testing/sandbox';

let workers: InThreadWorkers;
let t: Awaited<ReturnType<typeof testSystem>>;
let restores: RestoreEvent[];
/** Builds wait for it: a test holds the compiler by replacing it with one it resolves later. */
let compilerFree: Promise<void>;

beforeEach(async () => {
	workers = inThreadWorkers({ maxSandboxes: 3 });
	restores = [];
	compilerFree = Promise.resolve();
	t = await testSystem({
		demo: false,
		sandboxes: {
			...workers.options,
			compile: (request) => compilerFree.then(() => nodeCompile(request)),
			onRestore: (event) => restores.push(event)
		}
	});
});

afterEach(async () => {
	await t.system.shutdown();
	workers.closeAll();
});

const CRASHY_CHILD = `import type { GenServerModule } from 'superlearner';
export const Crashy: GenServerModule<null> = {
	name: 'Crashy',
	init: () => ['ok', null],
	handleCall: () => { throw new Error('boom'); }
};`;

/** A root that gives up at the first crash of its child (intensity 0). */
const FRAGILE_MAIN = `import { GenServer } from 'superlearner';
import { Crashy } from './crashy';
export default {
	name: 'Fragile',
	init: () => ['ok', { strategy: 'one_for_one', intensity: 0 }, [GenServer.childSpec(Crashy)]]
};`;

beforeAll(warmCompiler, 30_000);

async function create(id: string, files: Record<string, string> = EXAMPLE_FILES) {
	return t.request('POST', '/api/v1/sandboxes', { id, files });
}

/**
 * The sandbox's processes as the system node lists them — from its mirror, once the worker
 * has sent a snapshot (it does within 100 ms of a change).
 */
async function processesOf(node: string, expected: (names: string[]) => boolean) {
	let rows: Array<{ pid: string; module?: string; node: string }> = [];
	await vi.waitFor(async () => {
		const all = (await t.request('GET', '/api/v1/processes?perPage=1000')).body.data as typeof rows;
		rows = all.filter((r) => r.node === node);
		expect(expected(rows.map((r) => r.module ?? ''))).toBe(true);
	});
	return rows;
}

function counterPid(rows: Array<{ pid: string; module?: string }>): string {
	const row = rows.find((r) => r.module === 'Example.Counter');
	if (!row) throw new Error('no counter');
	return row.pid;
}

async function call(pid: string, message: unknown) {
	const res = await t.request('POST', `/api/v1/processes/${encodeURIComponent(pid)}/message`, {
		type: 'call',
		message
	});
	expect(res.status).toBe(200);
	return res.body.data.reply as unknown;
}

describe('SandboxManager lifecycle', () => {
	it('creates a sandbox as its own node whose processes show in GET /processes with it', async () => {
		const res = await create('hello');
		expect(res.status).toBe(201);
		expect(res.body.data).toMatchObject({
			id: 'hello',
			node: 'sandbox_hello@superlearner',
			status: 'running',
			nodeNumber: 1,
			entry: 'main.ts'
		});
		expect(res.body.data.root).toMatch(/^<1\.\d+\.0>$/);
		const rows = await processesOf('sandbox_hello@superlearner', (m) =>
			m.includes('Example.Counter')
		);
		expect(rows.map((r) => r.pid).every((pid) => pid.startsWith('<1.'))).toBe(true);
		// Asked of the sandbox's node alone, its own registry answers.
		const own = (await t.request('GET', '/api/v1/processes?node=sandbox_hello@superlearner')).body
			.data as Array<{ pid: string }>;
		expect(own.map((r) => r.pid).sort()).toEqual(rows.map((r) => r.pid).sort());
		const info = (await t.request('GET', '/api/v1/sandboxes/hello')).body.data;
		expect(info.children).toEqual([
			expect.objectContaining({ type: 'worker', modules: ['Example.Counter'] })
		]);
		expect(info.versions).toEqual({
			'main.ts': { current: 1, count: 1 },
			'counter.ts': { current: 1, count: 1 }
		});
	});

	it('answers 409 for a taken id, 422 for a bad one, and 409 past maxSandboxes', async () => {
		await create('a');
		expect((await create('a')).status).toBe(409);
		const bad = await create('no spaces!');
		expect(bad.status).toBe(422);
		expect(bad.body.error?.details.issues[0].field).toBe('id');
		await create('b');
		await create('c');
		const over = await create('d');
		expect(over.status).toBe(409);
		expect(over.body.error).toMatchObject({ code: 'limit_exceeded' });
		expect((await t.request('GET', '/api/v1/sandboxes')).body.data).toHaveLength(3);
	});

	it('refuses to spawn past maxProcesses in a sandbox, with a clear error', async () => {
		const small = inThreadWorkers({ maxProcesses: 3 });
		const t2 = await testSystem({ demo: false, sandboxes: small.options });
		try {
			const many = `import { GenServer } from 'superlearner';
const Idle = { name: 'Idle', init: () => ['ok', null] };
export default {
	name: 'Many',
	init: () => ['ok', { strategy: 'one_for_one' }, [1, 2, 3, 4, 5].map((i) => GenServer.childSpec(Idle, null, { id: 'idle' + i }))]
};`;
			const res = await t2.request('POST', '/api/v1/sandboxes', {
				id: 'many',
				files: { 'main.ts': many }
			});
			expect(res.body.data).toMatchObject({ status: 'failed' });
			expect(res.body.data.reason).toMatch(
				/did not start: .*SystemLimitError: cannot spawn: 3 processes/
			);
		} finally {
			await t2.system.shutdown();
			small.closeAll();
		}
	});

	it('refuses to create a program that does not compile, naming file, line and column', async () => {
		const broken = { 'main.ts': 'export default {\n  init: () => [\n};' };
		const res = await t.request('POST', '/api/v1/sandboxes', { id: 'broken', files: broken });
		expect(res.status).toBe(422);
		expect(res.body.error?.code).toBe('compile_failed');
		expect(res.body.error?.details.diagnostics[0]).toMatchObject({
			file: 'main.ts',
			line: 3,
			severity: 'error'
		});
		expect((await t.request('GET', '/api/v1/sandboxes/broken')).status).toBe(404);
		expect(workers.live).toBe(0);

		// Created without running, it is kept; Run (restart) refuses to build it the same way.
		const kept = await t.request('POST', '/api/v1/sandboxes', {
			id: 'broken',
			files: broken,
			run: false
		});
		expect(kept.status).toBe(201);
		const restart = await t.request('POST', '/api/v1/sandboxes/broken/restart', {});
		expect(restart.status).toBe(422);
		expect(restart.body.error?.code).toBe('compile_failed');
		expect((await t.request('GET', '/api/v1/sandboxes/broken')).body.data.status).toBe('failed');
	});

	it('destroys a sandbox: its worker ends, its processes are gone, its id is free', async () => {
		await create('gone');
		await processesOf('sandbox_gone@superlearner', (m) => m.includes('Example.Counter'));
		expect(workers.live).toBe(1);
		expect((await t.request('DELETE', '/api/v1/sandboxes/gone')).status).toBe(200);
		expect(workers.live).toBe(0);
		const all = (await t.request('GET', '/api/v1/processes?perPage=1000')).body.data as Array<{
			node: string;
		}>;
		expect(all.some((r) => r.node.startsWith('sandbox_'))).toBe(false);
		expect((await t.request('GET', '/api/v1/sandboxes/gone')).status).toBe(404);
		expect((await t.request('DELETE', '/api/v1/sandboxes/gone')).status).toBe(404);
		expect((await create('gone')).status).toBe(201);
	});

	it('restarts in a fresh worker with a new node number, so old pids stay dead', async () => {
		const first = (await create('again')).body.data;
		const again = await t.request('POST', '/api/v1/sandboxes/again/restart', {});
		expect(again.status).toBe(200);
		expect(again.body.data.nodeNumber).toBe(first.nodeNumber + 1);
		expect((await t.request('GET', `/api/v1/processes/${first.root}`)).status).toBe(404);
	});

	it('a sandbox root giving up touches neither the manager nor another sandbox', async () => {
		await create('calm');
		await create('fragile', { 'main.ts': FRAGILE_MAIN, 'crashy.ts': CRASHY_CHILD });
		const rows = await processesOf('sandbox_fragile@superlearner', (m) => m.includes('Crashy'));
		const crashy = rows.find((r) => r.module === 'Crashy')!.pid;
		await t.request('POST', `/api/v1/processes/${encodeURIComponent(crashy)}/message`, {
			type: 'call',
			message: 'anything'
		});
		await vi.waitFor(async () => {
			const info = (await t.request('GET', '/api/v1/sandboxes/fragile')).body.data;
			expect(info.status).toBe('failed');
			expect(info.reason).toMatch(
				/^the root supervisor <\d+\.\d+\.0> gave up: reached_max_restart_intensity \(1 restarts in 5 s; 0 allowed\) — child Crashy: boom$/
			);
		});
		const reports = await t.request(
			'GET',
			'/api/v1/system/reports?node=sandbox_fragile@superlearner&kind=crash'
		);
		expect(reports.body.data).toEqual([
			expect.objectContaining({
				pid: crashy,
				module: 'Crashy',
				error: expect.objectContaining({ message: 'boom' }) as unknown,
				lastMessage: ['$gen_call', expect.stringMatching(/^<\d+\.\d+\.0>$/), 'anything']
			})
		]);
		const lines = await t.request('GET', '/api/v1/sandboxes/fragile/console');
		expect(lines.body.data.map((l: { text: string }) => l.text)).toContainEqual(
			expect.stringMatching(/^crash: <\d+\.\d+\.0> Crashy — boom$/)
		);
		const calm = (await t.request('GET', '/api/v1/sandboxes/calm')).body.data;
		expect(calm.status).toBe('running');
		const calmRows = await processesOf('sandbox_calm@superlearner', (m) =>
			m.includes('Example.Counter')
		);
		expect(await call(counterPid(calmRows), 'inc')).toBe(1);
		expect(t.node.whereis('SuperLearner.SandboxManager')).toBeDefined();
	});
});

describe('hot code reload', () => {
	it('swaps a module under its running process: the pid and the state stay', async () => {
		await create('hot');
		const pid = counterPid(
			await processesOf('sandbox_hot@superlearner', (m) => m.includes('Example.Counter'))
		);
		await call(pid, 'inc');
		await call(pid, 'inc');
		const res = await t.request('POST', '/api/v1/sandboxes/hot/hot-reload', {
			module: 'counter.ts',
			source: EXAMPLE_COUNTER_V2
		});
		expect(res.status).toBe(200);
		expect(res.body.data).toMatchObject({
			module: 'counter.ts',
			version: 2,
			vsn: 'v2',
			modules: ['Example.Counter'],
			processes: [pid]
		});
		expect(await call(pid, 'get')).toBe(2);
		expect(await call(pid, 'inc')).toBe(4); // the new code counts by two
		const versions = (await t.request('GET', '/api/v1/sandboxes/hot/versions')).body.data;
		expect(versions.find((v: { module: string }) => v.module === 'counter.ts')).toMatchObject({
			current: 2,
			versions: [
				{ version: 1, vsn: 'v1' },
				{ version: 2, vsn: 'v2' }
			]
		});
	});

	it('rolls back to a kept version, keeping the state again', async () => {
		await create('back');
		const pid = counterPid(
			await processesOf('sandbox_back@superlearner', (m) => m.includes('Example.Counter'))
		);
		await t.request('POST', '/api/v1/sandboxes/back/hot-reload', {
			module: 'counter.ts',
			source: EXAMPLE_COUNTER_V2
		});
		expect(await call(pid, 'inc')).toBe(2);
		const res = await t.request('POST', '/api/v1/sandboxes/back/rollback', {
			module: 'counter.ts',
			version: 1
		});
		expect(res.status).toBe(200);
		expect(res.body.data).toMatchObject({ version: 1, vsn: 'v1', processes: [pid] });
		expect(await call(pid, 'inc')).toBe(3); // by one again
		const info = (await t.request('GET', '/api/v1/sandboxes/back')).body.data;
		expect(info.versions['counter.ts']).toEqual({ current: 1, count: 2 });
		expect(
			(
				await t.request('POST', '/api/v1/sandboxes/back/rollback', {
					module: 'counter.ts',
					version: 9
				})
			).status
		).toBe(404);
	});

	it('leaves the old version running when the new one does not compile or its codeChange throws', async () => {
		await create('safe');
		const pid = counterPid(
			await processesOf('sandbox_safe@superlearner', (m) => m.includes('Example.Counter'))
		);
		await call(pid, 'inc');
		const broken = await t.request('POST', '/api/v1/sandboxes/safe/hot-reload', {
			module: 'counter.ts',
			source: 'export const Counter = {'
		});
		expect(broken.status).toBe(422);
		expect(broken.body.error?.code).toBe('compile_failed');
		const throwing = EXAMPLE_COUNTER_V2.replace(
			"codeChange: (_oldVsn, n) => ['ok', n]",
			"codeChange: () => { throw new Error('cannot upgrade'); }"
		);
		const failed = await t.request('POST', '/api/v1/sandboxes/safe/hot-reload', {
			module: 'counter.ts',
			source: throwing
		});
		expect(failed.status).toBe(422);
		expect(failed.body.error?.code).toBe('code_change_failed');
		expect(failed.body.error?.message).toMatch(/cannot upgrade/);
		expect(await call(pid, 'inc')).toBe(2); // still the old code, by one
		const info = (await t.request('GET', '/api/v1/sandboxes/safe')).body.data;
		expect(info.versions['counter.ts']).toEqual({ current: 1, count: 1 });
		expect(info.files['counter.ts']).toBe(EXAMPLE_FILES['counter.ts']);
	});

	it('answers 409 for a sandbox that is not running and 404 for a file it does not have', async () => {
		await t.request('POST', '/api/v1/sandboxes', { id: 'idle', files: EXAMPLE_FILES, run: false });
		const idle = await t.request('POST', '/api/v1/sandboxes/idle/hot-reload', {
			module: 'counter.ts',
			source: EXAMPLE_COUNTER_V2
		});
		expect(idle.status).toBe(409);
		await create('some');
		const missing = await t.request('POST', '/api/v1/sandboxes/some/hot-reload', {
			module: 'nope.ts',
			source: ''
		});
		expect(missing.status).toBe(404);
	});
});

describe('versions and restarts', () => {
	it('numbers a reload after a rollback past every kept version', async () => {
		await create('vsn');
		await processesOf('sandbox_vsn@superlearner', (m) => m.includes('Example.Counter'));
		const reload = (source: string) =>
			t.request('POST', '/api/v1/sandboxes/vsn/hot-reload', { module: 'counter.ts', source });
		await reload(EXAMPLE_COUNTER_V2);
		await t.request('POST', '/api/v1/sandboxes/vsn/rollback', { module: 'counter.ts', version: 1 });
		const third = await reload(EXAMPLE_COUNTER_V2.replace('n + 2', 'n + 3'));
		expect(third.body.data).toMatchObject({ version: 3, vsn: 'v3' });
		const versions = (await t.request('GET', '/api/v1/sandboxes/vsn/versions')).body.data;
		expect(versions.find((v: { module: string }) => v.module === 'counter.ts')).toMatchObject({
			current: 3,
			versions: [{ version: 1 }, { version: 2 }, { version: 3 }]
		});
	});

	it('keeps a running sandbox running when a Run does not compile', async () => {
		await create('keep');
		const res = await t.request('POST', '/api/v1/sandboxes/keep/restart', {
			files: { ...EXAMPLE_FILES, 'counter.ts': 'export const Counter = {' }
		});
		expect(res.status).toBe(422);
		const info = (await t.request('GET', '/api/v1/sandboxes/keep')).body.data;
		expect(info.status).toBe('running');
		expect(info.diagnostics[0]).toMatchObject({ file: 'counter.ts', severity: 'error' });
		expect(workers.live).toBe(1);
	});

	it('a restarted manager keeps every sandbox and runs the running ones again, on new nodes', async () => {
		const running = (await create('running')).body.data;
		await t.request('POST', '/api/v1/sandboxes', { id: 'idle', files: EXAMPLE_FILES, run: false });
		await processesOf('sandbox_running@superlearner', (m) => m.includes('Example.Counter'));
		const manager = t.node.whereis('SuperLearner.SandboxManager')!;
		t.node.exit(manager, 'kill');
		await t.node.settle();
		expect(t.node.whereis('SuperLearner.SandboxManager')).not.toBe(manager);
		expect(restores[0]).toEqual({
			phase: 'started',
			cause: 'restart',
			kept: ['running', 'idle'],
			restarting: ['running']
		});
		await vi.waitFor(() => expect(restores[1]).toBeDefined());
		expect(restores[1]).toEqual({ phase: 'finished', restarted: ['running'], failed: [] });
		const restarted = (await t.request('GET', '/api/v1/sandboxes/running')).body.data;
		expect(restarted).toMatchObject({ status: 'running', files: EXAMPLE_FILES });
		expect(restarted.nodeNumber).toBeGreaterThan(running.nodeNumber as number);
		expect((await t.request('GET', '/api/v1/sandboxes/idle')).body.data.status).toBe('stopped');
		expect(workers.live).toBe(1);
		const rows = await processesOf('sandbox_running@superlearner', (m) =>
			m.includes('Example.Counter')
		);
		expect(await call(counterPid(rows), 'get')).toBe(0);
	});

	it('a restarted manager serves other requests while it starts a sandbox again; one about that sandbox waits', async () => {
		await create('slow');
		let free = () => {};
		compilerFree = new Promise((resolve) => (free = resolve));
		t.node.exit(t.node.whereis('SuperLearner.SandboxManager')!, 'kill');
		await t.node.settle();
		expect(restores).toHaveLength(1);

		// The restart of 'slow' is held in its build: a new sandbox is created meanwhile.
		const other = await t.request('POST', '/api/v1/sandboxes', {
			id: 'other',
			files: EXAMPLE_FILES,
			run: false
		});
		expect(other.status).toBe(201);
		let stopped = false;
		const stop = t.request('POST', '/api/v1/sandboxes/slow/stop').then((res) => {
			stopped = true;
			return res;
		});
		await t.node.settle();
		expect(stopped).toBe(false);
		expect(restores).toHaveLength(1);

		free();
		expect((await stop).body.data.status).toBe('stopped');
		expect(restores[1]).toEqual({ phase: 'finished', restarted: ['slow'], failed: [] });
	});

	it('a manager that finds no sandboxes reports nothing', async () => {
		const manager = t.node.whereis('SuperLearner.SandboxManager')!;
		t.node.exit(manager, 'kill');
		await t.node.settle();
		expect((await t.request('GET', '/api/v1/sandboxes')).body.data).toEqual([]);
		expect(restores).toEqual([]);
	});
});

describe('watchdog', () => {
	it('terminates a worker that stops heartbeating and shows it killed: unresponsive', async () => {
		await create('loop');
		await processesOf('sandbox_loop@superlearner', (m) => m.includes('Example.Counter'));
		await t.node.advance(1500);
		expect((await t.request('GET', '/api/v1/sandboxes/loop')).body.data.status).toBe('running');
		workers.freeze('sandbox_loop@superlearner');
		await t.node.advance(2500);
		const info = (await t.request('GET', '/api/v1/sandboxes/loop')).body.data;
		expect(info).toMatchObject({ status: 'killed', reason: 'unresponsive', processes: 0 });
		expect(info.files).toEqual(EXAMPLE_FILES); // the code is untouched
		expect(workers.live).toBe(0);
		// One click brings it back.
		const again = await t.request('POST', '/api/v1/sandboxes/loop/restart', {});
		expect(again.body.data.status).toBe('running');
	});
});

describe('console', () => {
	it('keeps what sandbox code printed, with the pid that printed it', async () => {
		const main = EXAMPLE_FILES['main.ts'];
		const counter = EXAMPLE_FILES['counter.ts'].replace(
			"init: (start: number) => ['ok', start],",
			"init: (start: number) => { console.log('counting from', start); return ['ok', start]; },"
		);
		await create('talk', { 'main.ts': main, 'counter.ts': counter });
		let lines: Array<{ seq: number; pid?: string; text: string }> = [];
		await vi.waitFor(async () => {
			lines = (await t.request('GET', '/api/v1/sandboxes/talk/console')).body.data;
			expect(lines.length).toBeGreaterThan(0);
		});
		expect(lines[0]).toMatchObject({ seq: 1, level: 'log', text: 'counting from 0' });
		expect(lines[0].pid).toMatch(/^<1\.\d+\.0>$/);
		const after = (await t.request('GET', '/api/v1/sandboxes/talk/console?after=1')).body.data;
		expect(after).toEqual([]);
	});
});

describe('observer operations over sandboxes', () => {
	it('lists a sandbox’s supervisors beside the system’s, and reads its tree by the root pid', async () => {
		const root = (await create('seen')).body.data.root as string;
		await processesOf('sandbox_seen@superlearner', (m) => m.includes('Example.Counter'));
		const sups = (await t.request('GET', '/api/v1/supervisors')).body.data as Array<{
			pid: string;
			node: string;
		}>;
		expect(sups.find((s) => s.pid === root)).toMatchObject({ node: 'sandbox_seen@superlearner' });
		expect(sups.some((s) => s.node === 'system@superlearner')).toBe(true);
		const tree = (await t.request('GET', `/api/v1/supervisors/${encodeURIComponent(root)}/tree`))
			.body.data;
		expect(tree.children).toEqual([
			expect.objectContaining({ id: 'Example.Counter', module: 'Example.Counter' })
		]);
	});
});
