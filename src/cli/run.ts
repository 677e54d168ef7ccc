/**
 * `superlearner run <dir>`: builds a sandbox folder and runs it headless in a sandbox worker
 * thread, printing its console and supervision events until Ctrl-C, which stops the root
 * supervisor in order (as the app's Stop does). A program that stops heartbeating for 2 s is
 * ended as unresponsive, as in the app.
 */
import { durationText } from '$lib/supertester/runner/results';
import { basename } from 'node:path';
import { createNode } from '$lib/runtime';
import { reasonText, giveUpText } from '$lib/arsenal/report_text';
import { programRequest } from '$lib/sandbox/compiler/program';
import { HEARTBEAT_MS, WATCHDOG_MS, type SandboxEvent } from '$lib/sandbox/protocol';
import { SandboxEventGuard } from '$lib/system/sandboxes/guard';
import { watchHeartbeats } from '$lib/system/sandboxes/watchdog';
import { formatDiagnostics, nodeCompile, startCompiler, stopCompiler } from './compile';
import { batchLines, consoleText, droppedText } from './events';
import { ENTRY } from './files';
import { plural, Progress, styleFor } from './format';
import { NodeSandboxWorkers } from './node_worker';
import { EXIT } from './usage';

export interface RunOptions {
	dir: string;
	/** The folder's files (files.ts `readSandbox`). */
	files: Record<string, string>;
	/** Spawns, exits and every report too. */
	verbose: boolean;
	/** Stop in order after this many ms, as Ctrl-C would. */
	forMs?: number;
	workerScript: string;
	maxProcesses: number;
	memoryBudgetMb: number;
}

/** The root's exits that are no failure. */
const CLEAN = new Set(['normal', 'shutdown']);
/** How long Ctrl-C waits for the ordered shutdown before ending the thread anyway. */
const STOP_MS = 5_000;
/** The batch after a root_down: batches are cut every ~16 ms. */
const LAST_BATCH_MS = 100;

export async function runCommand(opts: RunOptions): Promise<number> {
	const started = performance.now();
	const files = opts.files;
	startCompiler();
	const s = styleFor(process.stdout);
	const progress = new Progress();
	const sources = Object.keys(files).length;
	progress.show(`compiling ${plural(sources, 'file')}…`);
	const workers = new NodeSandboxWorkers(opts.workerScript);
	workers.prepare();
	const build = await nodeCompile(programRequest(files, ENTRY));
	const buildMs = performance.now() - started;
	progress.clear();
	if (build.code === null) {
		console.error(formatDiagnostics(build.diagnostics, styleFor(process.stderr)));
		console.error(styleFor(process.stderr).red(`✖ ${opts.dir} does not compile.`));
		stopCompiler();
		await workers.closeAll();
		return EXIT.failed;
	}
	stopCompiler();

	const id = sandboxId(opts.dir);
	const nodeName = `sandbox_${id}@superlearner`;
	const watch = createNode({ name: 'cli@superlearner', clock: 'real' });
	const worker = workers.spawn();
	const print = (line: string) => process.stdout.write(`${line}\n`);
	let lastBeat = watch.now();
	let settle: (code: number) => void = () => {};
	const done = new Promise<number>((resolve) => (settle = resolve));
	let over = false;
	let stopping = false;
	const finish = (code: number, line?: string) => {
		if (over) return;
		over = true;
		if (line) print(line);
		settle(code);
	};
	const guard = new SandboxEventGuard({ nodeName, nodeNumber: 1, maxProcesses: opts.maxProcesses });
	let rootGaveUpShown = false;
	const onEvent = (event: SandboxEvent) => {
		lastBeat = watch.now();
		switch (event.type) {
			case 'console':
				for (const line of event.lines) print(consoleText(line, s));
				if (event.dropped) print(droppedText(event.dropped, s));
				break;
			case 'batch':
				for (const line of batchLines(event.batch, s, opts.verbose)) print(line);
				rootGaveUpShown ||= event.batch.events.some(
					(e) =>
						e.type === 'report' &&
						e.report.kind === 'supervisor' &&
						e.report.errorContext === 'shutdown'
				);
				break;
			case 'root_down':
				// The batch with the last restarts and reports comes after this, at most ~16 ms later.
				setTimeout(() => {
					if (event.gaveUp && !rootGaveUpShown) print(s.red(`✖ ${giveUpText(event.gaveUp)}`));
					const reason = reasonText(event.reason);
					const clean =
						!event.gaveUp && typeof event.reason === 'string' && CLEAN.has(event.reason);
					finish(
						clean ? EXIT.ok : EXIT.failed,
						(clean ? s.dim : s.red)(
							`■ the root supervisor ${event.pid} exited (${reason}): the program is over.`
						)
					);
				}, LAST_BATCH_MS);
				break;
			case 'fault':
				finish(EXIT.failed, s.red(`✖ the sandbox was ended (${event.kind}): ${event.message}`));
				break;
			default:
				break;
		}
	};

	const stop = async (why: string) => {
		if (stopping || over) return;
		stopping = true;
		print(s.dim(`■ ${why}: stopping the root supervisor…`));
		const stopped = await Promise.race([
			worker.api.stop().then(
				() => true,
				() => false
			),
			new Promise<false>((resolve) => setTimeout(() => resolve(false), STOP_MS))
		]);
		finish(
			EXIT.ok,
			stopped
				? s.dim('■ stopped: every process shut down in order.')
				: s.yellow(`■ the program did not stop within ${STOP_MS / 1000} s: its thread was ended.`)
		);
	};
	const onSignal = (signal: NodeJS.Signals) => {
		if (stopping) {
			print(s.yellow('■ ended at once.'));
			worker.terminate('interrupted');
			process.exit(EXIT.interrupted);
		}
		void stop(signal === 'SIGINT' ? 'Ctrl-C' : signal);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	try {
		await worker.boot(
			{
				id,
				nodeName,
				nodeNumber: 1,
				maxProcesses: opts.maxProcesses,
				heartbeatMs: HEARTBEAT_MS,
				memoryBudget: opts.memoryBudgetMb * 2 ** 20
			},
			(data) => {
				if (over) return;
				const checked = guard.check(data);
				if (checked.ok) onEvent(checked.event);
				else finish(EXIT.failed, s.red(`✖ the sandbox was ended: it sent ${checked.why}.`));
			},
			(why) => finish(EXIT.failed, s.red(`✖ the sandbox worker crashed: ${why}`))
		);
		watch.spawn(
			watchHeartbeats(
				() => !over,
				() => lastBeat,
				() =>
					finish(
						EXIT.failed,
						s.red(
							`✖ killed: unresponsive. The program ran for ${WATCHDOG_MS / 1000} s without yielding (an endless loop?), so its thread was ended.`
						)
					)
			),
			{ label: 'RunWatchdog' }
		);
		const vsns = Object.fromEntries(Object.keys(files).map((f) => [f, 'v1']));
		const loading = worker.api.load({ code: build.code, vsns });
		const loaded = await Promise.race([loading, done.then(() => undefined)]);
		if (loaded && !loaded.ok) {
			finish(EXIT.failed, s.red(`✖ ${loaded.error.message}`));
		} else if (loaded) {
			const hint =
				opts.forMs === undefined ? 'Ctrl-C stops it' : `stops in ${durationText(opts.forMs)}`;
			print(
				s.dim(
					`▶ ${basename(opts.dir)}: root supervisor ${loaded.root} on ${nodeName}, running ${durationText(performance.now() - started)} after the command started (build ${durationText(buildMs)}; ${hint})`
				)
			);
			if (opts.forMs !== undefined) setTimeout(() => void stop('time is up'), opts.forMs).unref();
		}
	} catch (error) {
		finish(EXIT.failed, s.red(`✖ ${error instanceof Error ? error.message : String(error)}`));
	}
	const code = await done;
	process.off('SIGINT', onSignal);
	process.off('SIGTERM', onSignal);
	worker.terminate('the run is over');
	await workers.closeAll();
	await watch.shutdown();
	return code;
}

/** The folder's name as a sandbox id: `my counter/` → `my_counter`. */
export function sandboxId(dir: string): string {
	const name = basename(dir.replace(/[\\/]+$/, ''))
		.toLowerCase()
		.replace(/[^a-z0-9_-]+/g, '_');
	return name.replace(/^_+|_+$/g, '').slice(0, 40) || 'cli';
}
