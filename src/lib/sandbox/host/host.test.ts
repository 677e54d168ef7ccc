// The sandbox host in Node: the real host over a real MessageChannel, programs bundled by
// esbuild-wasm's node build, the node on a virtual clock.
import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild-wasm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { warmCompiler } from '$lib/testing/sandbox';
import { createBuilder } from '$lib/sandbox/compiler/build';
import { createSandboxHost, type SandboxHost } from './host';
import { programRequest } from '$lib/sandbox/compiler/program';
import type { SandboxEvent } from '$lib/sandbox/protocol';
import type { SandboxFiles } from '$lib/sandbox/compiler/plugins/virtual_fs';

const build = createBuilder();

// The host loads Arsenal on the first forwarded operation: load it (and esbuild) before the
// first test, whose 5 s must not pay for compiling them on a busy machine.
beforeAll(
	() =>
		Promise.all([
			warmCompiler(),
			import('$lib/arsenal/registry'),
			import('$lib/arsenal/operations')
		]),
	30_000
);

async function bundle(files: SandboxFiles): Promise<string> {
	const out = await build(esbuild, programRequest(files, 'main.ts'));
	expect(out.diagnostics).toEqual([]);
	return out.code!;
}

/** A host booted as sandbox 1, its events collected from a real port. */
class Sandbox {
	readonly host: SandboxHost = createSandboxHost({ clock: 'virtual' });
	readonly events: SandboxEvent[] = [];
	readonly #channel = new MessageChannel();
	#waiters: Array<() => void> = [];

	async boot(heartbeatMs = 1000, memoryBudget = 256 * 2 ** 20): Promise<this> {
		this.#channel.port1.onmessage = (e: MessageEvent<SandboxEvent>) => {
			this.events.push(e.data);
			for (const wake of this.#waiters) wake();
		};
		await this.host.boot({
			id: 'test',
			nodeName: 'sandbox_test@superlearner',
			nodeNumber: 1,
			maxProcesses: 1000,
			heartbeatMs,
			memoryBudget,
			events: this.#channel.port2
		});
		return this;
	}

	/** The first event (already here or still to come) for which `match` is true. */
	waitFor<T extends SandboxEvent>(match: (e: SandboxEvent) => e is T): Promise<T>;
	waitFor(match: (e: SandboxEvent) => boolean): Promise<SandboxEvent>;
	waitFor(match: (e: SandboxEvent) => boolean): Promise<SandboxEvent> {
		return new Promise((resolve) => {
			const check = () => {
				const found = this.events.find(match);
				if (!found) return;
				this.#waiters = this.#waiters.filter((w) => w !== check);
				resolve(found);
			};
			this.#waiters.push(check);
			check();
		});
	}

	async call(pid: string, message: unknown): Promise<unknown> {
		const { data } = await this.host.execute('send_message', { pid, message, type: 'call' });
		return (data as { reply?: unknown }).reply;
	}

	async state(pid: string): Promise<unknown> {
		const { data } = await this.host.execute('get_process_state', { pid });
		return (data as { state: unknown }).state;
	}

	/** The live pids running `module`, from list_processes. */
	async pidsOf(module: string): Promise<string[]> {
		const { data } = await this.host.execute('list_processes', {});
		return (data as Array<{ pid: string; module?: string }>)
			.filter((row) => row.module === module)
			.map((row) => row.pid);
	}

	close(): void {
		this.#channel.port1.close();
		this.host.dispose();
	}
}

const open: Sandbox[] = [];
async function sandbox(heartbeatMs?: number, memoryBudget?: number): Promise<Sandbox> {
	const s = new Sandbox();
	open.push(s);
	return s.boot(heartbeatMs, memoryBudget);
}
afterEach(() => {
	for (const s of open.splice(0)) s.close();
});

/** counter.ts: a counter GenServer; `version` names its code, `start` its first state. */
function counter(version: string, opts: { start?: number; codeChange?: string } = {}): string {
	return `import type { GenServerModule } from 'superlearner';
export const Counter: GenServerModule<number> = {
	name: 'Counter',
	init: () => {
		console.log('counter', '${version}', 'starting at', { n: ${opts.start ?? 0} });
		return ['ok', ${opts.start ?? 0}];
	},
	handleCall(req, _from, n) {
		if (req === 'crash') throw new Error('asked to crash');
		if (req === 'flood') for (let i = 0; i < 5000; i++) console.log('line', i);
		return req === 'version' ? ['reply', '${version}', n] : ['reply', n, n];
	},
	handleCast: (_msg, n) => ['noreply', n + 1],
	${opts.codeChange ? `codeChange: ${opts.codeChange}` : ''}
};
`;
}

const MAIN = `import { GenServer, type SupervisorModule } from 'superlearner';
import { Counter } from './counter';
const App: SupervisorModule = {
	name: 'App',
	init: () => ['ok', { strategy: 'one_for_one', intensity: 3, period: 5 }, [GenServer.childSpec(Counter)]]
};
export default App;
`;

async function loadCounter(s: Sandbox, version = 'v1'): Promise<string> {
	const code = await bundle({ 'main.ts': MAIN, 'counter.ts': counter(version) });
	const loaded = await s.host.load({ code, vsns: { 'main.ts': 'v1', 'counter.ts': 'v1' } });
	expect(loaded.ok && loaded.root).toMatch(/^<1\.\d+\.0>$/);
	const [pid] = await s.pidsOf('Counter');
	return pid;
}

const isType =
	<K extends SandboxEvent['type']>(type: K) =>
	(e: SandboxEvent): e is Extract<SandboxEvent, { type: K }> =>
		e.type === type;

describe('sandbox host', () => {
	it('loads a counter tree and shows its processes in snapshots, batches and Arsenal', async () => {
		const s = await sandbox();
		const pid = await loadCounter(s);
		expect(await s.pidsOf('App')).toHaveLength(1);
		const snapshot = await s.waitFor(
			(e) => e.type === 'processes' && e.rows.some((r) => r.module === 'Counter')
		);
		expect(snapshot.type === 'processes' && snapshot.restarts).toBe(0);
		const row = snapshot.type === 'processes' && snapshot.rows.find((r) => r.pid === pid);
		expect(row).toMatchObject({ module: 'Counter', behaviour: 'gen_server', status: 'waiting' });
		const batch = await s.waitFor(isType('batch'));
		expect(batch.batch.events).toContainEqual(expect.objectContaining({ type: 'spawn', pid }));
		expect(await s.state(pid)).toBe(0);
	});

	it('keeps a GenServer’s pid and state across a swap, calling codeChange with the old vsn', async () => {
		const s = await sandbox();
		const pid = await loadCounter(s);
		for (let i = 0; i < 3; i++)
			await s
				.call(pid, 'get')
				.then(() => s.host.execute('send_message', { pid, message: 'inc', type: 'cast' }));
		expect(await s.call(pid, 'get')).toBe(3);
		const v2 = counter('v2', {
			codeChange: `(oldVsn, n, extra) => (console.log('from', oldVsn, 'extra', extra), ['ok', n * 10])`
		});
		const swapped = await s.host.swap({
			code: await bundle({ 'main.ts': MAIN, 'counter.ts': v2 }),
			file: 'counter.ts',
			vsn: 'v2',
			extra: { why: 'test' }
		});
		expect(swapped).toMatchObject({ ok: true, modules: ['Counter'], processes: [pid] });
		expect(await s.call(pid, 'version')).toBe('v2');
		expect(await s.call(pid, 'get')).toBe(30);
		// codeChange runs as a dry run in the host, then for real inside the process.
		const fromProcess = await s.waitFor(
			(e) => e.type === 'console' && e.lines.some((l) => l.pid === pid && l.text.startsWith('from'))
		);
		expect(fromProcess.type === 'console' && fromProcess.lines).toContainEqual(
			expect.objectContaining({ text: 'from v1 extra { why: "test" }' })
		);
		// The next swap of the same file gets v2 as its old version.
		const v3 = counter('v3', { codeChange: `(oldVsn, n) => ['ok', oldVsn === 'v2' ? n + 1 : -1]` });
		await s.host.swap({
			code: await bundle({ 'main.ts': MAIN, 'counter.ts': v3 }),
			file: 'counter.ts',
			vsn: 'v3'
		});
		expect(await s.call(pid, 'get')).toBe(31);
	});

	it('leaves the old code running when codeChange throws, and says why', async () => {
		const s = await sandbox();
		const pid = await loadCounter(s);
		const bad = counter('v2', { codeChange: `() => { throw new Error('cannot convert'); }` });
		const swapped = await s.host.swap({
			code: await bundle({ 'main.ts': MAIN, 'counter.ts': bad }),
			file: 'counter.ts',
			vsn: 'v2'
		});
		expect(swapped).toEqual({
			ok: false,
			error: {
				code: 'code_change_failed',
				message: `code change of Counter in ${pid} failed: cannot convert. Nothing was changed: the old code is still running.`,
				details: { module: 'Counter', pid, reason: 'cannot convert' }
			}
		});
		expect(await s.call(pid, 'version')).toBe('v1');
		// A restart too runs the old code: the module was not replaced.
		await expect(s.call(pid, 'crash')).rejects.toThrow();
		const [restarted] = await s.pidsOf('Counter');
		expect(restarted).not.toBe(pid);
		expect(await s.call(restarted, 'version')).toBe('v1');
	});

	it('restarts a swapped child with the new code', async () => {
		const s = await sandbox();
		const pid = await loadCounter(s);
		await s.host.swap({
			code: await bundle({ 'main.ts': MAIN, 'counter.ts': counter('v2', { start: 100 }) }),
			file: 'counter.ts',
			vsn: 'v2'
		});
		await expect(s.call(pid, 'crash')).rejects.toThrow();
		const [restarted] = await s.pidsOf('Counter');
		expect(restarted).not.toBe(pid);
		expect(await s.call(restarted, 'version')).toBe('v2');
		expect(await s.state(restarted)).toBe(100);
		const snapshot = await s.waitFor((e) => e.type === 'processes' && e.restarts === 1);
		expect(snapshot.type).toBe('processes');
	});

	it('restarts the new code of a file reloaded after its supervisor’s file was', async () => {
		const s = await sandbox();
		await loadCounter(s);
		const main2 = MAIN.replace('intensity: 3', 'intensity: 4');
		const swapMain = await s.host.swap({
			code: await bundle({ 'main.ts': main2, 'counter.ts': counter('v1') }),
			file: 'main.ts',
			vsn: 'v2'
		});
		expect(swapMain).toMatchObject({ ok: true, modules: ['App'] });
		const swapCounter = await s.host.swap({
			code: await bundle({ 'main.ts': main2, 'counter.ts': counter('v2') }),
			file: 'counter.ts',
			vsn: 'v2'
		});
		expect(swapCounter).toMatchObject({ ok: true, modules: ['Counter'] });
		const [pid] = await s.pidsOf('Counter');
		expect(await s.call(pid, 'version')).toBe('v2');
		await expect(s.call(pid, 'crash')).rejects.toThrow();
		const [restarted] = await s.pidsOf('Counter');
		expect(restarted).not.toBe(pid);
		expect(await s.call(restarted, 'version')).toBe('v2');
	});

	it('refuses to reload a module whose name another file’s module has', async () => {
		const s = await sandbox();
		const other = counter('other').replace('export const Counter', 'export const Other');
		const files = { 'main.ts': MAIN, 'counter.ts': counter('v1'), 'other.ts': other };
		expect(await s.host.load({ code: await bundle(files), vsns: {} })).toMatchObject({ ok: true });
		const [pid] = await s.pidsOf('Counter');
		const swapped = await s.host.swap({
			code: await bundle({ ...files, 'counter.ts': counter('v2') }),
			file: 'counter.ts',
			vsn: 'v2'
		});
		expect(swapped).toMatchObject({ ok: false, error: { code: 'code_change_failed' } });
		expect(!swapped.ok && swapped.error.message).toBe(
			'module name Counter is used by both other.ts (export Other) and counter.ts (export Counter): module names must be unique in a sandbox, as hot reload finds the processes running a module by its name. Nothing was changed.'
		);
		expect(await s.call(pid, 'version')).toBe('v1');
	});

	it('answers load_failed for a bundle that throws, naming why', async () => {
		const s = await sandbox();
		expect(await s.host.load({ code: "throw new Error('boom')", vsns: {} })).toEqual({
			ok: false,
			error: { code: 'load_failed', message: 'Loading the program failed: Error: boom' }
		});
		const requiresFs = await s.host.load({ code: "require('fs')", vsns: {} });
		expect(requiresFs).toMatchObject({ ok: false, error: { code: 'load_failed' } });
		expect(!requiresFs.ok && requiresFs.error.message).toMatch(/only 'superlearner'/);
	});

	it('answers load_failed when the module itself throws as it is read (a getter)', async () => {
		const s = await sandbox();
		const code = await bundle({
			'main.ts': `export default { name: 'Root', get init(): never { throw new Error('no init here'); } };`
		});
		const loaded = await s.host.load({ code, vsns: {} });
		expect(loaded).toEqual({
			ok: false,
			error: { code: 'load_failed', message: 'Loading the program failed: Error: no init here' }
		});
	});

	it('answers no_entry when main.ts has no default export that is a module', async () => {
		const s = await sandbox();
		const code = await bundle({ 'main.ts': 'export const answer = 42;' });
		expect(await s.host.load({ code, vsns: {} })).toMatchObject({
			ok: false,
			error: { code: 'no_entry' }
		});
	});

	it('tags console lines with the pid that printed them', async () => {
		const s = await sandbox();
		const pid = await loadCounter(s);
		const line = await s.waitFor(isType('console'));
		expect(line.lines[0]).toMatchObject({
			level: 'log',
			pid,
			text: 'counter v1 starting at { n: 0 }'
		});
	});

	it('batches a console flood, counting the lines past 200 as dropped', async () => {
		const s = await sandbox();
		const pid = await loadCounter(s);
		await s.waitFor(isType('console'));
		await s.call(pid, 'flood');
		const flood = await s.waitFor((e) => e.type === 'console' && e.dropped > 0);
		const posts = s.events.filter(isType('console'));
		expect(posts).toHaveLength(2);
		expect(flood).toMatchObject({ type: 'console', dropped: 4800 });
		expect(flood.type === 'console' && flood.lines.map((l) => l.text)).toEqual(
			Array.from({ length: 200 }, (_, i) => `line ${i}`)
		);
	});

	it('sends heartbeats', async () => {
		const s = await sandbox(5);
		await s.waitFor(
			(e) => e.type === 'heartbeat' && s.events.filter(isType('heartbeat')).length >= 3
		);
		expect(s.events.filter(isType('heartbeat')).length).toBeGreaterThanOrEqual(3);
	});

	it('reports a memory fault once its processes hold more than the budget, and stops heartbeating', async () => {
		const s = await sandbox(5, 2 * 2 ** 20);
		const hoarder = `import { GenServer, type GenServerModule } from 'superlearner';
const Hoard: GenServerModule<string[]> = {
	name: 'Hoard',
	init: () => ['ok', Array.from({ length: 20_000 }, (_, i) => 'row ' + i + ' '.repeat(100))]
};
export default {
	name: 'Hoarder',
	init: () => ['ok', { strategy: 'one_for_one' }, [GenServer.childSpec(Hoard)]]
};
`;
		const loaded = await s.host.load({ code: await bundle({ 'main.ts': hoarder }), vsns: {} });
		expect(loaded.ok).toBe(true);
		const fault = await s.waitFor(isType('fault'));
		expect(fault.kind).toBe('memory');
		expect(fault.message).toMatch(/^it held about \d+ MB \(budget 2 MB\)/);
		const beats = s.events.filter(isType('heartbeat')).length;
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(s.events.filter(isType('heartbeat'))).toHaveLength(beats);
		expect(s.events.filter(isType('fault'))).toHaveLength(1);
	});

	it('reports an error that escaped every process as an uncaught fault, with where it came from', async () => {
		const s = await sandbox();
		let thrown: Error | undefined;
		try {
			JSON.parse('{');
		} catch (error) {
			thrown = error as Error;
		}
		s.host.reportUncaught(thrown, 'an uncaught error');
		const fault = await s.waitFor(isType('fault'));
		expect(fault).toEqual({
			type: 'fault',
			kind: 'uncaught',
			message: expect.stringMatching(
				/^an uncaught error outside any process: SyntaxError: .+ \(at .+host\.test\.ts:\d+:\d+\)$/
			) as unknown
		});
	});

	it('reports root_down when the root supervisor gives up, and not after stop', async () => {
		const s = await sandbox();
		const code = await bundle({
			'main.ts': MAIN.replace('intensity: 3', 'intensity: 0'),
			'counter.ts': counter('v1')
		});
		const loaded = await s.host.load({ code, vsns: {} });
		const [pid] = await s.pidsOf('Counter');
		await expect(s.call(pid, 'crash')).rejects.toThrow();
		const down = await s.waitFor(isType('root_down'));
		expect(down).toEqual({
			type: 'root_down',
			pid: loaded.ok && loaded.root,
			reason: 'shutdown',
			gaveUp: expect.objectContaining({
				supervisor: loaded.ok && loaded.root,
				errorContext: 'shutdown',
				reason: 'reached_max_restart_intensity',
				child: expect.objectContaining({ id: 'Counter', pid }) as unknown,
				intensity: expect.objectContaining({ intensity: 0, restarts: 1 }) as unknown
			}) as unknown
		});
		// The crash and the supervisor's reports crossed in the trace batches.
		await vi.waitFor(() => {
			const reports = s.events
				.filter(isType('batch'))
				.flatMap((e) => e.batch.events)
				.flatMap((e) => (e.type === 'report' ? [e.report] : []));
			expect(reports.map((r) => (r.kind === 'crash' ? r.kind : r.errorContext))).toEqual([
				'crash',
				'child_terminated',
				'shutdown'
			]);
		});
		expect(await s.host.execute('list_processes', {})).toMatchObject({ data: [] });

		const again = await s.host.load({ code, vsns: {} });
		await s.host.stop();
		expect(await s.pidsOf('App')).toEqual([]);
		expect(s.events.filter(isType('root_down')).map((e) => e.pid)).not.toContain(
			again.ok && again.root
		);
	});

	it('answers list_processes and get_process_state for the sandbox’s pids', async () => {
		const s = await sandbox();
		const pid = await loadCounter(s);
		const { data, meta } = await s.host.execute('list_processes', {});
		expect(meta).toMatchObject({ total: 2 });
		expect((data as Array<{ pid: string }>).every((r) => r.pid.startsWith('<1.'))).toBe(true);
		expect((await s.host.execute('get_process_state', { pid })).data).toMatchObject({
			pid,
			behaviour: 'gen_server',
			module: 'Counter',
			state: 0
		});
	});

	it('traces its own processes: start_trace, get_trace_events, list_traces, stop_trace', async () => {
		const s = await sandbox();
		const pid = await loadCounter(s);
		const started = await s.host.execute('start_trace', { pid, flags: ['receive'] });
		expect(started).toMatchObject({ status: 201, data: { id: '1-1', target: pid } });
		await s.host.execute('send_message', { pid, message: 'inc', type: 'cast' });
		await vi.waitFor(async () => {
			const { data } = await s.host.execute('get_trace_events', { id: '1-1' });
			expect((data as Array<{ text: string }>).map((e) => e.text)).toEqual(['receive cast inc']);
		});
		expect((await s.host.execute('list_traces', {})).data).toMatchObject([{ id: '1-1' }]);
		expect((await s.host.execute('stop_trace', { id: '1-1' })).data).toMatchObject({
			removed: false,
			session: { status: 'stopped' }
		});
		await expect(s.host.execute('get_trace_events', { id: '0-1' })).rejects.toMatchObject({
			code: 'not_found'
		});
	});
});

describe('MODULE_FORMAT.md', () => {
	/** The doc's code blocks by their label (```ts counter.ts). */
	function examples(): Record<string, string> {
		const doc = readFileSync(new URL('../MODULE_FORMAT.md', import.meta.url), 'utf8');
		const blocks = [...doc.matchAll(/```ts ([^\n]+)\n([\s\S]*?)```/g)];
		return Object.fromEntries(blocks.map(([, label, code]) => [label, code]));
	}

	it('runs its main example and hot-reloads it with its v2 counter', async () => {
		const doc = examples();
		const s = await sandbox();
		const code = await bundle({ 'main.ts': doc['main.ts'], 'counter.ts': doc['counter.ts'] });
		expect(await s.host.load({ code, vsns: { 'counter.ts': 'v1' } })).toMatchObject({ ok: true });
		const [pid] = await s.pidsOf('Counter');
		await s.host.execute('send_message', { pid, message: 'inc', type: 'cast' });
		expect(await s.call(pid, 'get')).toBe(1);
		const printed = await s.waitFor(isType('console'));
		expect(printed.lines[0]).toMatchObject({ pid, text: 'counting 1' });

		const v2 = await bundle({ 'main.ts': doc['main.ts'], 'counter.ts': doc['counter.ts (v2)'] });
		const swapped = await s.host.swap({ code: v2, file: 'counter.ts', vsn: 'v2' });
		expect(swapped).toMatchObject({ ok: true, modules: ['Counter'], processes: [pid] });
		expect(await s.state(pid)).toEqual({ count: 1, step: 1 });
		await s.host.execute('send_message', { pid, message: 'inc', type: 'cast' });
		expect(await s.call(pid, 'get')).toBe(2);

		// Its rollback example takes v2's state back to a number.
		const back = doc['counter.ts (accepts both)'];
		const rolled = await bundle({ 'main.ts': doc['main.ts'], 'counter.ts': back });
		expect(await s.host.swap({ code: rolled, file: 'counter.ts', vsn: 'v1' })).toMatchObject({
			ok: true,
			processes: [pid]
		});
		expect(await s.state(pid)).toBe(2);
	});

	it("plays its handleExperiment example's custom step", async () => {
		const doc = examples();
		const s = await sandbox();
		const files = { 'main.ts': doc['main.ts'], 'counter.ts': doc['counter.ts'] };
		const code = await bundle({ ...files, 'scenario.ts': doc['scenario.ts'] });
		expect(await s.host.load({ code, vsns: {} })).toMatchObject({ ok: true });
		const played = await s.host.experiment({
			steps: [
				{ kind: 'custom', name: 'flood', data: 3 },
				{ kind: 'assert', check: 'state', target: { path: ['Counter'] }, value: 3 }
			],
			reloads: {},
			clock: 'virtual',
			seed: 1
		});
		expect(played.steps.map((step) => [step.status, step.result])).toEqual([
			['ok', { sent: 3 }],
			['ok', undefined]
		]);
	});
});
