/**
 * SuperLearner.SandboxManager: a GenServer in SuperLearner.Supervisor that creates, runs,
 * hot-reloads and destroys sandboxes. Each sandbox runs in its own worker as its own node, so
 * a sandbox's root supervisor giving up, or its code looping forever, touches neither the
 * manager nor another sandbox: a per-sandbox watchdog process ends a worker that stops
 * heartbeating, and destroying a sandbox terminates its worker, so nothing of it survives.
 *
 * Requests are calls, served one at a time; Arsenal's sandbox operations make them through
 * {@link SandboxService}. A failure replies `['error', ArsenalError]` (the same heap: the
 * error object itself), which the service throws.
 */
import {
	GenServer,
	type ChildSpec,
	type GenServerModule,
	type Node,
	type ProcessBody,
	type ProcessContext
} from '$lib/runtime';
import { ArsenalError } from '$lib/arsenal/errors';
import type { Telemetry } from '$lib/arsenal/telemetry';
import type { BuildOutput, BuildRequest } from '$lib/sandbox/build';
import { programRequest } from '$lib/sandbox/program';
import { HEARTBEAT_MS, WATCHDOG_MS, type SandboxFailure } from '$lib/sandbox/protocol';
import { vsnOf } from './module_versions';
import { Sandbox, type SandboxStatus } from './sandbox';
import { SandboxMirror } from './sandbox_mirror';
import type { SandboxTable } from './sandbox_table';
import type { SpawnSandboxWorker } from './sandbox_worker';
import { describeSandbox, summarizeSandbox } from './sandbox_views';

export const SANDBOX_MANAGER = 'SuperLearner.SandboxManager';

export interface SandboxManagerOptions {
	table: SandboxTable;
	spawnWorker: SpawnSandboxWorker;
	/** Builds a program (the compiler worker in the app; esbuild's node build in tests). */
	compile(request: BuildRequest): Promise<BuildOutput>;
	telemetry: Telemetry;
	/** Default 100. */
	maxSandboxes?: number;
	/** Per sandbox node; default 10,000. */
	maxProcesses?: number;
}

export type SandboxRequest =
	| ['create', { id: string; files: Record<string, string>; entry: string; run: boolean }]
	| ['update', string, Record<string, string>, string | undefined]
	| ['restart', string, Record<string, string> | undefined, string | undefined]
	| ['stop', string]
	| ['destroy', string]
	| ['hot_reload', string, string, string]
	| ['rollback', string, string, number];

interface State {
	opts: SandboxManagerOptions;
	/** Node numbers are never reused: a restarted sandbox's old pids stay dead. */
	nextNumber: number;
}

const Manager: GenServerModule<State, SandboxManagerOptions> = {
	name: SANDBOX_MANAGER,
	init(opts, ctx) {
		// So that terminate runs on shutdown and ends every worker.
		ctx.trapExit(true);
		for (const sb of opts.table.byId.values()) sb.detach('the sandbox manager restarted');
		opts.table.byId.clear();
		return ['ok', { opts, nextNumber: 1 }];
	},
	async handleCall(request, _from, state, ctx) {
		try {
			return ['reply', ['ok', await serve(request as SandboxRequest, state, ctx)], state];
		} catch (error) {
			return ['reply', ['error', error], state];
		}
	},
	// EXITs of watchdogs (linked, so they go with the manager) need nothing.
	handleInfo: (_message, state) => ['noreply', state],
	terminate(_reason, { opts }) {
		for (const sb of opts.table.byId.values()) sb.detach('the sandbox manager stopped');
	}
};

async function serve(req: SandboxRequest, state: State, ctx: ProcessContext): Promise<unknown> {
	const { table, telemetry } = state.opts;
	switch (req[0]) {
		case 'create': {
			const { id, files, entry, run } = req[1];
			if (table.byId.has(id)) {
				throw new ArsenalError('conflict', `A sandbox named '${id}' already exists.`, { id });
			}
			const max = state.opts.maxSandboxes ?? 100;
			if (table.byId.size >= max) {
				throw new ArsenalError(
					'limit_exceeded',
					`There are already ${max} sandboxes (maxSandboxes); destroy one first.`,
					{ maxSandboxes: max }
				);
			}
			requireEntry(files, entry);
			const sb = new Sandbox(id, files, entry, Date.now());
			table.byId.set(id, sb);
			telemetry.execute('superlearner.sandbox.created', { count: table.byId.size }, { id });
			if (run) await start(sb, state, ctx).catch(() => {}); // the info says why it failed
			return describeSandbox(sb);
		}
		case 'update': {
			const [, id, files, entry] = req;
			const sb = find(table, id);
			requireEntry(files, entry ?? sb.entry);
			sb.files = files;
			if (entry) sb.entry = entry;
			return describeSandbox(sb);
		}
		case 'restart': {
			const [, id, files, entry] = req;
			const sb = find(table, id);
			if (files) {
				requireEntry(files, entry ?? sb.entry);
				sb.files = files;
			}
			if (entry) sb.entry = entry;
			await start(sb, state, ctx);
			return describeSandbox(sb);
		}
		case 'stop': {
			const sb = find(table, req[1]);
			await sb.worker?.api.stop().catch(() => {});
			sb.detach('the sandbox was stopped');
			sb.status = 'stopped';
			sb.reason = undefined;
			return describeSandbox(sb);
		}
		case 'destroy': {
			const sb = find(table, req[1]);
			sb.detach('the sandbox was destroyed');
			sb.relay.close();
			table.byId.delete(sb.id);
			telemetry.execute(
				'superlearner.sandbox.destroyed',
				{ count: table.byId.size },
				{ id: sb.id }
			);
			return { id: sb.id, destroyed: true };
		}
		case 'hot_reload': {
			const [, id, file, source] = req;
			const sb = find(table, id);
			const next = sb.versions.current(file)?.version ?? 0;
			const result = await swap(sb, state, file, source, next + 1);
			const added = sb.versions.add(file, source);
			return { ...result, version: added.version, vsn: added.vsn };
		}
		case 'rollback': {
			const [, id, file, version] = req;
			const sb = find(table, id);
			const target = sb.versions.get(file, version);
			if (!target) {
				throw new ArsenalError('not_found', `${file} has no kept version ${version}.`, {
					module: file,
					version
				});
			}
			const result = await swap(sb, state, file, target.source, version);
			sb.versions.setCurrent(file, version);
			return { ...result, version, vsn: target.vsn };
		}
	}
}

function find(table: SandboxTable, id: string): Sandbox {
	const sb = table.byId.get(id);
	if (!sb) throw new ArsenalError('not_found', `No sandbox named '${id}'.`, { id });
	return sb;
}

function requireEntry(files: Record<string, string>, entry: string): void {
	if (!Object.hasOwn(files, entry)) {
		throw new ArsenalError(
			'validation_failed',
			`The entry file '${entry}' is not among the files.`,
			{
				issues: [{ field: 'entry', reason: `no file named '${entry}'` }]
			}
		);
	}
}

/** Builds the sandbox's program; a build with errors is a 422 listing them. */
async function compile(sb: Sandbox, state: State, files: Record<string, string>): Promise<string> {
	const out = await state.opts.compile(programRequest(files, sb.entry));
	if (out.code === null) {
		const errors = out.diagnostics.filter((d) => d.severity === 'error');
		const first = errors[0];
		throw new ArsenalError(
			'compile_failed',
			first
				? `${first.file}:${first.line}:${first.column}: ${first.message}`
				: 'The program did not compile.',
			{ diagnostics: out.diagnostics }
		);
	}
	return out.code;
}

/** (Re)starts the sandbox in a fresh worker with its current files. */
async function start(sb: Sandbox, state: State, ctx: ProcessContext): Promise<void> {
	sb.detach('the sandbox restarted');
	sb.status = 'compiling';
	sb.reason = undefined;
	const t0 = performance.now();
	let code: string;
	try {
		code = await compile(sb, state, sb.files);
	} catch (error) {
		sb.status = 'failed';
		sb.reason = error instanceof Error ? error.message : String(error);
		sb.diagnostics = (error as ArsenalError).details
			? ((error as ArsenalError).details as { diagnostics: Sandbox['diagnostics'] }).diagnostics
			: [];
		throw error;
	}
	sb.diagnostics = [];
	sb.recordSources(sb.files);
	const t1 = performance.now();
	const number = state.nextNumber++;
	const worker = state.opts.spawnWorker();
	const mirror = new SandboxMirror(sb.nodeName, number);
	sb.worker = worker;
	sb.mirror = mirror;
	sb.lastBeat = ctx.node.now();
	try {
		await worker.boot(
			{
				id: sb.id,
				nodeName: sb.nodeName,
				nodeNumber: number,
				maxProcesses: state.opts.maxProcesses ?? 10_000,
				heartbeatMs: HEARTBEAT_MS
			},
			(event) => {
				if (sb.worker === worker) sb.onEvent(event, ctx.node.now());
			}
		);
		const t2 = performance.now();
		ctx.spawnLink(watchdog(sb), { label: `SandboxWatchdog(${sb.id})` });
		const loaded = await worker.api.load({ code, vsns: sb.versions.vsns() });
		if (!loaded.ok) throw failure(loaded.error);
		sb.timings = { compileMs: t1 - t0, bootMs: t2 - t1, loadMs: performance.now() - t2 };
		sb.root = loaded.root;
		sb.startedAt = Date.now();
		sb.status = 'running';
	} catch (error) {
		// The watchdog ended it (sb.status changed under this await).
		if (sb.worker !== worker && (sb.status as SandboxStatus) === 'killed') {
			throw new ArsenalError(
				'unresponsive',
				`Sandbox '${sb.id}' was killed: its code ran for ${WATCHDOG_MS / 1000} s without yielding (an endless loop?).`,
				{ id: sb.id }
			);
		}
		sb.detach('it failed to start');
		sb.status = 'failed';
		sb.reason = error instanceof Error ? error.message : String(error);
		throw error;
	}
}

/** Hot code reload of `file` to `source`, as version `version` of it. */
async function swap(
	sb: Sandbox,
	state: State,
	file: string,
	source: string,
	version: number
): Promise<{ module: string; modules: string[]; processes: string[]; durationMs: number }> {
	const { worker } = sb;
	if (!worker || sb.status !== 'running') {
		throw new ArsenalError(
			'conflict',
			`Sandbox '${sb.id}' is not running (${sb.status}): run it before reloading code.`,
			{ id: sb.id, status: sb.status }
		);
	}
	if (!Object.hasOwn(sb.files, file)) {
		throw new ArsenalError('not_found', `Sandbox '${sb.id}' has no file '${file}'.`, {
			module: file
		});
	}
	const started = performance.now();
	const files = { ...sb.files, [file]: source };
	const code = await compile(sb, state, files);
	const swapped = await worker.api.swap({ code, file, vsn: vsnOf(version) });
	if (!swapped.ok) throw failure(swapped.error);
	sb.files = files;
	return {
		module: file,
		modules: swapped.modules,
		processes: swapped.processes,
		durationMs: performance.now() - started
	};
}

function failure(error: SandboxFailure): ArsenalError {
	return new ArsenalError(
		error.code === 'not_running' ? 'conflict' : error.code,
		error.message,
		error.details
	);
}

/**
 * Ends the sandbox's worker once it has not heartbeated for WATCHDOG_MS: user code that never
 * awaits (a `while (true) {}`) blocks its whole worker, heartbeats included.
 */
function watchdog(sb: Sandbox): ProcessBody {
	const worker = sb.worker;
	return async (ctx) => {
		while (sb.worker === worker) {
			if (ctx.node.now() - sb.lastBeat > WATCHDOG_MS) {
				sb.detach(`unresponsive: no heartbeat for ${WATCHDOG_MS / 1000} s`);
				sb.status = 'killed';
				sb.reason = 'unresponsive';
				return;
			}
			await ctx.sleep(HEARTBEAT_MS);
		}
	};
}

/** SandboxManager as a child of SuperLearner.Supervisor. */
export function sandboxManagerChild(opts: SandboxManagerOptions): ChildSpec {
	return GenServer.childSpec(Manager, opts, {
		start: (sup) => GenServer.startLink(sup, Manager, opts, { name: SANDBOX_MANAGER })
	});
}

/** The manager's client, for Arsenal's sandbox operations. */
export class SandboxService {
	constructor(
		private readonly node: Node,
		readonly table: SandboxTable
	) {}

	/** Sends a request and throws the error it answers with. */
	async request(req: SandboxRequest): Promise<unknown> {
		const answer = await this.node.call<['ok', unknown] | ['error', unknown]>(
			SANDBOX_MANAGER,
			req,
			'infinity'
		);
		if (answer[0] === 'error') throw answer[1];
		return answer[1];
	}

	/** Reads need not queue behind a slow request: they look at the table. */
	list() {
		return [...this.table.byId.values()].map((sb) => summarizeSandbox(sb));
	}

	get(id: string): Sandbox {
		return find(this.table, id);
	}

	info(id: string) {
		return describeSandbox(find(this.table, id));
	}
}
