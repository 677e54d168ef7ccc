/**
 * Sandboxes for Node tests: the real sandbox host, run in-thread over a real MessageChannel
 * (vitest has no Web Workers), and esbuild-wasm's node build as the compiler. `freeze` makes a
 * worker go silent, as one blocked in `while (true) {}` does — an in-thread host cannot block
 * without blocking the test — so the watchdog can be tested on the virtual clock.
 */
import * as esbuild from 'esbuild-wasm';
import { afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { EXAMPLE_FILES } from '$lib/arsenal/sandbox_examples';
import { createBuilder, type BuildOutput, type BuildRequest } from '$lib/sandbox/compiler/build';
import { createSandboxHost } from '$lib/sandbox/host/host';
import type { SandboxManagerOptions } from '$lib/system/sandboxes/manager';
import { workerDistribution, type SandboxWorker } from '$lib/system/sandboxes/frame_link';
import { testSystem, type TestSystem } from './arsenal';

const build = createBuilder();

export function nodeCompile(request: BuildRequest): Promise<BuildOutput> {
	return build(esbuild, request);
}

/**
 * Starts esbuild-wasm, for a `beforeAll`: its first call takes seconds on a busy machine, which
 * must not count against the first test's 5 s.
 */
export async function warmCompiler(): Promise<void> {
	await esbuild.transform('let warm = 1', { loader: 'ts' });
}

export interface InThreadWorkers {
	options: Omit<SandboxManagerOptions, 'table' | 'telemetry'>;
	/** Stops every heartbeat of the worker of the sandbox node named `node`. */
	freeze(node: string): void;
	/** Ends the worker of the node named `node` as a worker that fails at the top level ends. */
	crash(node: string): void;
	/** Workers started and not yet terminated. */
	readonly live: number;
	/** Terminates what is left (afterEach). */
	closeAll(): void;
}

export function inThreadWorkers(
	opts: Partial<Pick<SandboxManagerOptions, 'maxSandboxes' | 'maxProcesses'>> = {}
): InThreadWorkers {
	const frozen = new Set<string>();
	const crashes = new Map<string, () => void>();
	const open = new Set<() => void>();
	const spawnWorker = (): SandboxWorker => {
		const host = createSandboxHost();
		const channel = new MessageChannel();
		let node = '';
		const close = () => {
			channel.port1.close();
			host.dispose();
			open.delete(close);
		};
		open.add(close);
		return {
			api: host,
			dist: workerDistribution(host),
			async boot(boot, onEvent, onCrash) {
				node = boot.nodeName;
				crashes.set(node, () => {
					close();
					onCrash?.('the test crashed it');
				});
				channel.port1.onmessage = (e: MessageEvent) => {
					const event = e.data as { type?: unknown };
					if (event.type === 'heartbeat' && frozen.has(node)) return;
					onEvent(event);
				};
				await host.boot({ ...boot, events: channel.port2 });
			},
			terminate: close
		};
	};
	return {
		options: { spawnWorker, compile: nodeCompile, ...opts },
		freeze: (node) => frozen.add(node),
		crash: (node) => crashes.get(node)?.(),
		get live() {
			return open.size;
		},
		closeAll() {
			for (const close of [...open]) close();
		}
	};
}

/**
 * Creates sandbox `id` running the example program (sandbox_examples.ts) over `t`'s REST; the
 * pid of its Example.Counter once the system node's mirror knows it.
 */
export async function exampleCounter(t: TestSystem, id: string): Promise<string> {
	expect((await t.post('/api/v1/sandboxes', { id, files: EXAMPLE_FILES })).status).toBe(201);
	let counter = '';
	await vi.waitFor(async () => {
		const rows = (await t.get('/api/v1/processes?perPage=1000')).body.data as Array<{
			pid: string;
			module?: string;
		}>;
		counter = rows.find((r) => r.module === 'Example.Counter')?.pid ?? '';
		expect(counter).toMatch(/^<\d+\.\d+\.0>$/);
	});
	return counter;
}

/**
 * For a file of REST tests on sandboxes: the compiler warmed once, then for each test a fresh
 * system node whose sandboxes run in-thread, shut down after it. Read `fx.t` and `fx.workers`
 * inside the tests.
 */
export function sandboxSystemEachTest(): {
	readonly t: TestSystem;
	readonly workers: InThreadWorkers;
} {
	const fx = {} as { t: TestSystem; workers: InThreadWorkers };
	beforeAll(warmCompiler, 30_000);
	beforeEach(async () => {
		fx.workers = inThreadWorkers();
		fx.t = await testSystem({ sandboxes: fx.workers.options });
	});
	afterEach(async () => {
		await fx.t.system.shutdown();
		fx.workers.closeAll();
	});
	return fx;
}
