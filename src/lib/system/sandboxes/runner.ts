/**
 * Running a sandbox: building its program, starting it in a fresh worker watched by a
 * watchdog process, and hot-swapping one file's modules into it. The SandboxManager calls these
 * from its own process; they change the Sandbox record and throw ArsenalErrors that say why.
 */
import type { ProcessBody, ProcessContext } from '$lib/runtime';
import { ArsenalError } from '$lib/arsenal/errors';
import type { BuildOutput, BuildRequest } from '$lib/sandbox/compiler/build';
import { programRequest } from '$lib/sandbox/compiler/program';
import {
	HEARTBEAT_MS,
	WATCHDOG_MS,
	type SandboxBoot,
	type SandboxFailure
} from '$lib/sandbox/protocol';
import { vsnOf } from './versions';
import type { Sandbox } from './sandbox';
import { SandboxEventGuard } from './guard';
import { SandboxMirror } from './mirror';
import { watchHeartbeats } from './watchdog';
import type { SandboxTable } from './table';
import type { SpawnSandboxWorker } from './frame_link';

export interface RunnerOptions {
	table: SandboxTable;
	spawnWorker: SpawnSandboxWorker;
	compile(request: BuildRequest): Promise<BuildOutput>;
	maxProcesses: number;
}

export interface SwapOutcome {
	module: string;
	modules: string[];
	processes: string[];
	durationMs: number;
}

/**
 * Builds and (re)starts the sandbox in a fresh worker with its current files. The build comes
 * first: a program that does not compile leaves a running sandbox running, and says why.
 * `node` sets the new node's clock and seed (an experiment's), whether it loads its
 * operations at once, and whether it is a node of the simulated cluster.
 */
export async function startSandbox(
	sb: Sandbox,
	opts: RunnerOptions,
	ctx: ProcessContext,
	node: Pick<SandboxBoot, 'clock' | 'seed' | 'preloadOperations' | 'distribution'> = {}
): Promise<void> {
	const t0 = performance.now();
	const code = await compile(sb, opts, sb.files).catch((error: unknown) => {
		sb.diagnostics = diagnosticsOf(error);
		if (!sb.worker) sb.setStatus('failed', messageOf(error));
		throw error;
	});
	sb.detach('the sandbox restarted');
	sb.setStatus('compiling');
	sb.diagnostics = [];
	sb.recordSources(sb.files);
	const t1 = performance.now();
	const number = opts.table.takeNumber();
	const worker = opts.spawnWorker();
	sb.worker = worker;
	sb.mirror = new SandboxMirror(sb.nodeName, number);
	sb.lastBeat = ctx.node.now();
	const guard = new SandboxEventGuard({
		nodeName: sb.nodeName,
		nodeNumber: number,
		maxProcesses: opts.maxProcesses,
		remotePids: node.distribution !== undefined
	});
	try {
		await worker.boot(
			{
				id: sb.id,
				nodeName: sb.nodeName,
				nodeNumber: number,
				maxProcesses: opts.maxProcesses,
				heartbeatMs: HEARTBEAT_MS,
				memoryBudget: sb.memoryBudgetMb * 2 ** 20,
				...node
			},
			(data) => {
				if (sb.worker !== worker) return;
				const checked = guard.check(data);
				if (checked.ok) sb.onEvent(checked.event, ctx.node.now());
				else sb.fault('protocol', `it sent ${checked.why}`);
			},
			(why) => {
				if (sb.worker === worker) sb.fault('crashed', `its worker crashed: ${why}`);
			}
		);
		const t2 = performance.now();
		ctx.spawnLink(watchdog(sb), { label: `SandboxWatchdog(${sb.id})` });
		const loaded = await worker.api.load({ code, vsns: sb.versions.vsns() });
		if (!loaded.ok) throw failure(loaded.error);
		sb.timings = { compileMs: t1 - t0, bootMs: t2 - t1, loadMs: performance.now() - t2 };
		sb.root = loaded.root;
		sb.startedAt = Date.now();
		sb.setStatus('running');
	} catch (error) {
		if (endedMeanwhile(sb, worker)) throw endedError(sb);
		sb.detach('it failed to start');
		sb.setStatus('failed', messageOf(error));
		throw error;
	}
}

/** Hot code reload of `file` to `source`, as version `version` of it. */
export async function swapFile(
	sb: Sandbox,
	opts: RunnerOptions,
	file: string,
	source: string,
	version: number
): Promise<SwapOutcome> {
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
	const code = await compile(sb, opts, files);
	let swapped;
	try {
		swapped = await worker.api.swap({ code, file, vsn: vsnOf(version) });
	} catch (error) {
		if (endedMeanwhile(sb, worker)) throw endedError(sb);
		throw error;
	}
	if (!swapped.ok) throw failure(swapped.error);
	sb.setFiles(files);
	return {
		module: file,
		modules: swapped.modules,
		processes: swapped.processes,
		durationMs: performance.now() - started
	};
}

/** Builds the sandbox's program; a build with errors is a 422 listing them. */
export async function compile(
	sb: Sandbox,
	opts: RunnerOptions,
	files: Record<string, string>
): Promise<string> {
	const out = await opts.compile(programRequest(files, sb.entry));
	if (out.code !== null) return out.code;
	throw compileFailed(out, 'The program did not compile.');
}

/** A build with errors as a 422: its first error's place and message, and all of them. */
export function compileFailed(out: BuildOutput, otherwise: string): ArsenalError {
	const first = out.diagnostics.find((d) => d.severity === 'error');
	return new ArsenalError(
		'compile_failed',
		first ? `${first.file}:${first.line}:${first.column}: ${first.message}` : otherwise,
		{ diagnostics: out.diagnostics }
	);
}

function diagnosticsOf(error: unknown): Sandbox['diagnostics'] {
	const details = (error as { details?: { diagnostics?: Sandbox['diagnostics'] } }).details;
	return details?.diagnostics ?? [];
}

function failure(error: SandboxFailure): ArsenalError {
	return new ArsenalError(
		error.code === 'not_running' ? 'conflict' : error.code,
		error.message,
		error.details
	);
}

/**
 * The watchdog or a fault ended `worker` while a request to it was pending (its status changed
 * under us): the request failed because of that, not of itself.
 */
export function endedMeanwhile(sb: Sandbox, worker: Sandbox['worker']): boolean {
	return sb.worker !== worker && (sb.status === 'killed' || sb.status === 'failed');
}

/** Why a sandbox ended while a request to it ran, as the request's error. */
export function endedError(sb: Sandbox): ArsenalError {
	if (sb.reason === 'unresponsive') {
		return new ArsenalError(
			'unresponsive',
			`Sandbox '${sb.id}' was killed: its code ran for ${WATCHDOG_MS / 1000} s without yielding (an endless loop?).`,
			{ id: sb.id }
		);
	}
	return new ArsenalError(
		'sandbox_failed',
		`Sandbox '${sb.id}' was ended: ${sb.detail ?? sb.reason ?? sb.status}.`,
		{ id: sb.id, status: sb.status, reason: sb.reason ?? null }
	);
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** Ends the sandbox's worker once it has not heartbeated for WATCHDOG_MS. */
function watchdog(sb: Sandbox): ProcessBody {
	const worker = sb.worker;
	return watchHeartbeats(
		() => sb.worker === worker,
		() => sb.lastBeat,
		() => {
			sb.detach(`unresponsive: no heartbeat for ${WATCHDOG_MS / 1000} s`);
			sb.setStatus('killed', 'unresponsive');
		}
	);
}
