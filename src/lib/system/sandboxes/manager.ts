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
 *
 * The sandboxes live in a SandboxTable that outlives the manager. A manager that starts and
 * finds sandboxes there (its predecessor died, or the whole system node was restarted) adopts
 * them: their files are kept, the workers it finds are ended (nothing watches them any more),
 * and the sandboxes that were running are started again from their files, one after the other,
 * and `onRestore` hears which came back. The manager serves requests meanwhile — a learner's
 * new sandbox does not wait for the compiler to load for an old one — but a request about a
 * sandbox being started again waits until it has.
 */
import {
	GenServer,
	type From,
	type ChildSpec,
	type GenServerModule,
	type Node,
	type ProcessContext
} from '$lib/runtime';
import { callSystemServer } from '$lib/system/system_call';
import type {
	ModuleVersionsOut,
	SandboxRequest,
	SandboxService
} from '$lib/arsenal/sandbox_schemas';
import { ArsenalError } from '$lib/arsenal/errors';
import type { ExperimentResult } from '$lib/arsenal/experiment_schemas';
import { describeReason } from '$lib/runtime/host';
import type { Telemetry } from '$lib/arsenal/telemetry';
import type { SystemConfig } from '$lib/arsenal/config_schemas';
import type { BuildOutput, BuildRequest } from '$lib/sandbox/compiler/build';
import { recordOf, type SandboxJournal } from './journal';
import { Sandbox } from './sandbox';
import { startSandbox, swapFile, type RunnerOptions } from './runner';
import { runSandboxTests } from './test_run';
import { startExperiment } from './experiment_run';
import { isTestFile } from '$lib/sandbox/compiler/program';
import { countsText, type TestRunResult } from '$lib/supertester/runner/results';
import type { SandboxTable } from './table';
import type { SpawnSandboxWorker } from './frame_link';
import { describeSandbox, summarizeSandbox } from './views';

export const SANDBOX_MANAGER = 'SuperLearner.SandboxManager';
/** Processes a sandbox node may run, unless the options say otherwise. */
export const SANDBOX_MAX_PROCESSES = 10_000;

/**
 * The process limit a sandbox or cluster node started now gets: the settings' when there are
 * some, else the options', else {@link SANDBOX_MAX_PROCESSES}. Read at each start, so a node run
 * after a change of the setting gets the new limit.
 */
export function sandboxMaxProcesses(
	opts: Pick<SandboxManagerOptions, 'config' | 'maxProcesses'>
): number {
	return opts.config?.().sandboxes.maxProcesses ?? opts.maxProcesses ?? SANDBOX_MAX_PROCESSES;
}

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
	/**
	 * The system's settings as they are now (its SystemHost's), read as each request comes: they
	 * override maxSandboxes and maxProcesses, and give tests Supertester's default timeout.
	 */
	config?: () => Readonly<SystemConfig>;
	/** Told when a manager adopts the sandboxes of its predecessor, and when it has restarted them. */
	onRestore?(event: RestoreEvent): void;
	/** Where each sandbox is written as it changes, to be found again after a reload. */
	journal?: SandboxJournal;
}

/** What a manager that found sandboxes at its start does with them. */
export type RestoreEvent =
	| {
			phase: 'started';
			/** `reload`: a fresh runtime worker found them in the journal; `restart`: a manager died. */
			cause: 'reload' | 'restart';
			/** Every sandbox kept, with its files. */
			kept: string[];
			/** Those that were running, to be started again. */
			restarting: string[];
	  }
	| { phase: 'finished'; restarted: string[]; failed: Array<{ id: string; reason: string }> };

/** The message a manager sends itself to restart what it adopted before anything else. */
const RESTORE = 'restore_sandboxes';

interface State {
	opts: SandboxManagerOptions;
	runner: RunnerOptions;
	/** Adopted sandboxes to start again; undefined once their restart has begun (or none). */
	restoring: string[] | undefined;
	/** The restart of each adopted sandbox until it is over, by id. */
	restarts: Map<string, Promise<void>>;
	/** Why there was something to adopt. */
	cause?: 'reload' | 'restart';
}

const Manager: GenServerModule<State, SandboxManagerOptions> = {
	name: SANDBOX_MANAGER,
	init(opts, ctx) {
		// So that terminate runs on shutdown and ends every worker.
		ctx.trapExit(true);
		const runner: RunnerOptions = {
			...opts,
			get maxProcesses() {
				return sandboxMaxProcesses(opts);
			}
		};
		const { journal } = opts;
		if (journal) opts.table.onNumber = (next) => journal.saveNextNumber(next);
		const restarts = new Map<string, Promise<void>>();
		if (opts.table.byId.size === 0) return ['ok', { opts, runner, restoring: undefined, restarts }];
		const cause = opts.table.reloaded ? 'reload' : 'restart';
		opts.table.reloaded = false;
		const restoring = adopt(opts.table, opts.journal);
		opts.onRestore?.({
			phase: 'started',
			cause,
			kept: [...opts.table.byId.keys()],
			restarting: restoring
		});
		ctx.send(ctx.self, RESTORE);
		return ['ok', { opts, runner, restoring, restarts, cause }];
	},
	async handleCall(request, from, state, ctx) {
		restore(state, ctx);
		const req = request as SandboxRequest;
		await state.restarts.get(req.id);
		if (req.type === 'test') {
			testInBackground(req, from, state, ctx);
			return ['noreply', state];
		}
		if (req.type === 'experiment') {
			try {
				const sb = find(state.opts.table, req.id);
				const play = await startExperiment(sb, state.runner, ctx, req);
				playInBackground(sb, play, from, ctx);
				return ['noreply', state];
			} catch (error) {
				return ['reply', ['error', error], state];
			}
		}
		try {
			return ['reply', ['ok', await serve(req, state, ctx)], state];
		} catch (error) {
			return ['reply', ['error', error], state];
		}
	},
	// EXITs of watchdogs (linked, so they go with the manager) need nothing.
	handleInfo(message, state, ctx) {
		if (message === RESTORE) restore(state, ctx);
		return ['noreply', state];
	},
	terminate(_reason, { opts }) {
		for (const sb of opts.table.byId.values()) sb.detach('the sandbox manager stopped');
	}
};

async function serve(req: SandboxRequest, state: State, ctx: ProcessContext): Promise<unknown> {
	const { table, telemetry } = state.opts;
	switch (req.type) {
		case 'create': {
			const { id, files, entry, run, memoryBudgetMb } = req;
			if (table.byId.has(id)) {
				throw new ArsenalError('conflict', `A sandbox named '${id}' already exists.`, { id });
			}
			const max = state.opts.config?.().sandboxes.maxSandboxes ?? state.opts.maxSandboxes ?? 100;
			if (table.byId.size >= max) {
				throw new ArsenalError(
					'limit_exceeded',
					`There are already ${max} sandboxes (maxSandboxes); destroy one first.`,
					{ maxSandboxes: max }
				);
			}
			requireEntry(files, entry);
			const sb = table.watch(new Sandbox(id, files, entry, table.creationTime()));
			if (memoryBudgetMb !== undefined) sb.memoryBudgetMb = memoryBudgetMb;
			if (run) {
				// A program that does not build creates nothing (422 compile_failed, as Run answers);
				// one that builds but fails to start is kept, and its info says why.
				await startSandbox(sb, state.runner, ctx).catch((error: unknown) => {
					if ((error as { code?: unknown }).code === 'compile_failed') throw error;
				});
			}
			table.byId.set(id, sb);
			journalled(sb, state.opts.journal);
			telemetry.execute('superlearner.sandbox.created', { count: table.byId.size }, { id });
			return describeSandbox(sb);
		}
		case 'update': {
			const { id, files, entry } = req;
			const sb = find(table, id);
			requireEntry(files, entry ?? sb.entry);
			if (entry) sb.entry = entry;
			sb.setFiles(files);
			return describeSandbox(sb);
		}
		case 'restart': {
			const { id, files, entry } = req;
			const sb = find(table, id);
			if (files) requireEntry(files, entry ?? sb.entry);
			if (entry) sb.entry = entry;
			if (files) sb.setFiles(files);
			await startSandbox(sb, state.runner, ctx);
			return describeSandbox(sb);
		}
		case 'stop': {
			const sb = find(table, req.id);
			await sb.worker?.api.stop().catch(() => {});
			sb.detach('the sandbox was stopped');
			sb.setStatus('stopped');
			return describeSandbox(sb);
		}
		case 'destroy': {
			const sb = find(table, req.id);
			sb.detach('the sandbox was destroyed');
			sb.relay.close();
			sb.onChange = undefined;
			table.byId.delete(sb.id);
			state.opts.journal?.remove(sb.id);
			telemetry.execute(
				'superlearner.sandbox.destroyed',
				{ count: table.byId.size },
				{ id: sb.id }
			);
			return { id: sb.id, destroyed: true };
		}
		case 'hot_reload': {
			const { id, module: file, source } = req;
			const sb = find(table, id);
			const result = await swapFile(sb, state.runner, file, source, sb.versions.nextVersion(file));
			const added = sb.versions.add(file, source);
			return { ...result, version: added.version, vsn: added.vsn };
		}
		case 'rollback': {
			const { id, module: file, version } = req;
			const sb = find(table, id);
			const target = sb.versions.get(file, version);
			if (!target) {
				throw new ArsenalError('not_found', `${file} has no kept version ${version}.`, {
					module: file,
					version
				});
			}
			const result = await swapFile(sb, state.runner, file, target.source, version);
			sb.versions.setCurrent(file, version);
			return { ...result, version, vsn: target.vsn };
		}
	}
}

/**
 * Runs a sandbox's tests in a process of its own, which answers the call: a run takes as long
 * as its tests (seconds, with one that hangs), and other sandboxes' requests do not wait for it.
 * The files sent with the request are saved first, as Run saves them.
 */
function testInBackground(
	req: Extract<SandboxRequest, { type: 'test' }>,
	from: From,
	state: State,
	ctx: ProcessContext
): void {
	const { table } = state.opts;
	let sb: Sandbox;
	try {
		sb = find(table, req.id);
		if (req.files) sb.setFiles(req.files);
	} catch (error) {
		GenServer.reply(from, ['error', error]);
		return;
	}
	const files = sb.files;
	ctx.spawnLink(
		async () => {
			const tests = Object.keys(files).filter(isTestFile).join(', ');
			sb.note(`Testing ${tests || 'nothing: no *.test.ts file'}…`);
			try {
				const result = await runSandboxTests(files, {
					...state.runner,
					watch: ctx.node,
					takeNumber: () => table.takeNumber(),
					nodeName: sb.nodeName,
					id: sb.id,
					memoryBudgetMb: sb.memoryBudgetMb,
					timeoutMs: req.timeoutMs,
					waitTimeout: state.opts.config?.().supertester.defaultTimeout,
					seed: req.seed,
					onConsole: (lines) => sb.printed(lines)
				});
				sb.note(testSummary(result), result.failed > 0 ? 'warn' : 'info');
				GenServer.reply(from, ['ok', result]);
			} catch (error) {
				sb.note(`The tests did not run: ${describeReason(error)}`, 'error');
				GenServer.reply(from, ['error', error]);
			}
		},
		{ label: `SandboxTests(${sb.id})` }
	);
}

/** Plays a started scenario in a process of its own, which answers the call. */
function playInBackground(
	sb: Sandbox,
	play: () => Promise<ExperimentResult>,
	from: From,
	ctx: ProcessContext
): void {
	ctx.spawnLink(
		async () => {
			try {
				const result = await play();
				sb.note(experimentSummary(result), result.ok ? 'info' : 'warn');
				GenServer.reply(from, ['ok', result]);
			} catch (error) {
				sb.note(`The scenario did not play: ${describeReason(error)}`, 'error');
				GenServer.reply(from, ['error', error]);
			}
		},
		{ label: `SandboxExperiment(${sb.id})` }
	);
}

function experimentSummary(result: ExperimentResult): string {
	const failed = result.steps.filter((s) => s.status === 'failed').length;
	const steps = `${result.steps.length} step${result.steps.length === 1 ? '' : 's'}`;
	return `Scenario: ${steps} played${failed ? `, ${failed} failed` : ''}; ${result.restarts} restart${result.restarts === 1 ? '' : 's'}; checks ${result.assertions.passed} passed, ${result.assertions.failed} failed (seed ${result.seed}, ${result.clock} clock).`;
}

function testSummary(run: TestRunResult): string {
	return `Tests: ${countsText(run)} (seed ${run.seed}).`;
}

/**
 * Takes over the sandboxes a previous manager left: ends their workers, which nothing watches
 * any more (a manager killed with 'kill' never ran its terminate), and marks the ones that were
 * running (or starting) as starting again. Returns their ids, in the table's order.
 */
function adopt(table: SandboxTable, journal: SandboxJournal | undefined): string[] {
	const restarting: string[] = [];
	for (const sb of table.byId.values()) {
		journalled(sb, journal);
		sb.detach('the sandbox manager restarted');
		if (sb.status === 'running' || sb.status === 'compiling') {
			sb.status = 'compiling';
			sb.reason = undefined;
			restarting.push(sb.id);
		}
	}
	return restarting;
}

/**
 * Begins starting the adopted sandboxes again, one after the other, from their files (once);
 * each one's restart is in `state.restarts` until it is over.
 */
function restore(state: State, ctx: ProcessContext): void {
	const { opts, runner, restoring: ids } = state;
	if (!ids) return;
	state.restoring = undefined;
	const restarted: string[] = [];
	const failed: Array<{ id: string; reason: string }> = [];
	// A manager killed while it restores is followed by one that adopts what is left.
	const alive = () => ctx.node.isAlive(ctx.self);
	const restartOf = async (id: string) => {
		const sb = opts.table.byId.get(id);
		if (!alive() || !sb) return;
		try {
			await startSandbox(sb, runner, ctx);
			restarted.push(id);
			if (state.cause === 'reload') sb.note(RELOADED);
		} catch (error) {
			failed.push({ id, reason: sb.reason ?? describeReason(error) });
		}
	};
	let previous = Promise.resolve();
	for (const id of ids) {
		const restart = previous.then(() => restartOf(id));
		state.restarts.set(id, restart);
		void restart.then(() => state.restarts.delete(id));
		previous = restart;
	}
	void previous.then(() => {
		if (alive()) opts.onRestore?.({ phase: 'finished', restarted, failed });
	});
}

const RELOADED =
	'restarted after reload from its saved files: new pids (those of the earlier run are gone)';

/** Writes the sandbox to the journal now and whenever it changes. */
function journalled(sb: Sandbox, journal: SandboxJournal | undefined): void {
	if (!journal) return;
	sb.onChange = () => journal.save(recordOf(sb));
	sb.onChange();
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

/** SandboxManager as a child of SuperLearner.Supervisor. */
export function sandboxManagerChild(opts: SandboxManagerOptions): ChildSpec {
	return GenServer.childSpec(Manager, opts, {
		start: (sup) => GenServer.startLink(sup, Manager, opts, { name: SANDBOX_MANAGER })
	});
}

/** The manager's client: Arsenal's sandbox operations reach the manager through it. */
export class SandboxManagerClient implements SandboxService {
	constructor(
		private readonly node: Node,
		readonly table: SandboxTable
	) {}

	/**
	 * Sends a request and throws the error it answers with. A manager that is not there, or dies
	 * on the request, is a 503: it is the system's failure, and its supervisor (or the runtime
	 * worker's keeper) is restarting it.
	 */
	async request(req: SandboxRequest): Promise<unknown> {
		const answer = await callSystemServer<['ok', unknown] | ['error', unknown]>(
			this.node,
			SANDBOX_MANAGER,
			req
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

	consoleAfter(id: string, after: number) {
		return find(this.table, id).consoleAfter(after);
	}

	versions(id: string): ModuleVersionsOut[] {
		return find(this.table, id)
			.versions.list()
			.map(({ module, current, versions }) => ({
				module,
				current,
				versions: versions.map(({ version, vsn, at, source }) => ({
					version,
					vsn,
					at,
					bytes: new TextEncoder().encode(source).length
				}))
			}));
	}
}
