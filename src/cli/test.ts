/**
 * `superlearner test <dir>`: runs a sandbox folder's `*.test.ts` files as the app's Test button
 * does (system/sandboxes/test_run.ts: one test at a time in fresh sandbox worker threads, under
 * the watchdog), printing each result as it comes; `--json` prints the run's result
 * (supertester/runner/results.ts) instead. Exit code 1 when a test fails or nothing could run.
 */
import { createNode } from '$lib/runtime';
import type { Diagnostic } from '$lib/sandbox/compiler/diagnostics';
import type { ConsoleLine } from '$lib/sandbox/protocol';
import { durationText, type TestResult, type TestRunResult } from '$lib/supertester/runner/results';
import { runSandboxTests } from '$lib/system/sandboxes/test_run';
import { formatDiagnostics, nodeCompile, startCompiler, stopCompiler } from './compile';
import { consoleText } from './events';
import { plural, Progress, styleFor, type Style } from './format';
import { NodeSandboxWorkers } from './node_worker';
import { sandboxId } from './run';
import { EXIT } from './usage';

export interface TestOptions {
	dir: string;
	/** The folder's files (files.ts `readSandbox`). */
	files: Record<string, string>;
	json: boolean;
	seed?: number;
	timeoutMs?: number;
	/** Leave the tests' console output out. */
	silent: boolean;
	workerScript: string;
	maxProcesses: number;
	memoryBudgetMb: number;
}

export async function testCommand(opts: TestOptions): Promise<number> {
	const files = opts.files;
	startCompiler();
	const s = styleFor(process.stdout);
	const progress = new Progress();
	const print = (line: string) => {
		progress.clear();
		process.stdout.write(`${line}\n`);
	};
	const id = sandboxId(opts.dir);
	const watch = createNode({ name: 'cli@superlearner', clock: 'real' });
	const workers = new NodeSandboxWorkers(opts.workerScript);
	workers.prepare();
	let number = 1;
	let interrupted = false;
	const abort = new AbortController();
	const onSignal = () => {
		interrupted = true;
		// No worker is started after this: the run stops where it is.
		abort.abort(new Error('interrupted'));
		progress.clear();
		process.stderr.write('■ interrupted\n');
		void workers.closeAll().then(() => process.exit(EXIT.interrupted));
	};
	process.once('SIGINT', onSignal);
	progress.show(`compiling ${plural(Object.keys(files).length, 'file')}…`);
	const started = performance.now();
	let compiledAt = 0;
	try {
		const result = await runSandboxTests(files, {
			spawnWorker: workers.spawn,
			compile: async (request) => {
				const out = await nodeCompile(request);
				compiledAt = performance.now();
				if (out.code !== null) progress.show('running tests…');
				return out;
			},
			watch,
			takeNumber: () => number++,
			nodeName: `sandbox_${id}@superlearner`,
			id,
			maxProcesses: opts.maxProcesses,
			memoryBudgetMb: opts.memoryBudgetMb,
			...(opts.timeoutMs !== undefined && { timeoutMs: opts.timeoutMs }),
			...(opts.seed !== undefined && { seed: opts.seed }),
			signal: abort.signal,
			onResult(result, index, total) {
				// After Ctrl-C, the test its ended worker was running is no failure of its own.
				if (opts.json || interrupted) return;
				print(resultText(result, s));
				if (index + 1 < total) progress.show(`running tests… ${index + 1}/${total}`);
			},
			onConsole(lines: ConsoleLine[]) {
				if (opts.json || opts.silent || interrupted) return;
				for (const line of lines) print(`   ${consoleText(line, s)}`);
			}
		});
		progress.clear();
		if (interrupted) return EXIT.interrupted;
		if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
		else print(summary(result, s, opts, compiledAt ? compiledAt - started : undefined));
		return result.failed > 0 ? EXIT.failed : EXIT.ok;
	} catch (error) {
		progress.clear();
		// Ctrl-C ended the workers: what failed for it is no news.
		if (interrupted) return EXIT.interrupted;
		return reportError(error, opts);
	} finally {
		process.off('SIGINT', onSignal);
		stopCompiler();
		await workers.closeAll();
		await watch.shutdown();
	}
}

/** ` ✓ counter.test.ts › Counter > counts  3 ms`, a failure with its message and place. */
export function resultText(r: TestResult, s: Style): string {
	const name = `${s.dim(`${r.file} ›`)} ${r.name}`;
	const time = s.dim(durationText(r.durationMs));
	if (r.status === 'passed') return ` ${s.green('✓')} ${name}  ${time}`;
	if (r.status === 'skipped') return ` ${s.yellow('↓')} ${name} ${s.dim('(skipped)')}`;
	const lines = [` ${s.red('✗')} ${name}  ${time}`];
	if (r.error) {
		const place = r.error.file ? `${r.error.file}:${r.error.line}:${r.error.column}` : undefined;
		for (const line of r.error.message.split('\n')) lines.push(`     ${s.red(line)}`);
		if (place) lines.push(`     ${s.dim('at')} ${s.cyan(place)}`);
	}
	return lines.join('\n');
}

function summary(r: TestRunResult, s: Style, opts: TestOptions, buildMs?: number): string {
	const counts = [
		r.failed && s.red(s.bold(`${r.failed} failed`)),
		r.passed && s.green(`${r.passed} passed`),
		r.skipped && s.yellow(`${r.skipped} skipped`)
	].filter(Boolean);
	const total = r.passed + r.failed + r.skipped;
	const time = `${durationText(r.durationMs)}${buildMs === undefined ? '' : s.dim(` (build ${durationText(buildMs)})`)}`;
	const lines = [
		'',
		` ${s.dim('Tests')}  ${counts.join(s.dim(' | '))} ${s.dim(`(${total})`)}`,
		` ${s.dim('Time')}   ${time}`,
		` ${s.dim('Seed')}   ${r.seed}`
	];
	if (r.failed) {
		lines.push(
			s.dim(`        replay the same chaos: superlearner test ${opts.dir} --seed ${r.seed}`)
		);
	}
	return lines.join('\n');
}

/** Why nothing ran: the diagnostics of a build that failed, or the runner's message. */
function reportError(error: unknown, opts: TestOptions): number {
	const e = error as { code?: unknown; message?: unknown; details?: unknown };
	const code = typeof e.code === 'string' ? e.code : 'internal';
	const message = typeof e.message === 'string' ? e.message : String(error);
	if (opts.json) {
		const details = e.details === undefined ? {} : { details: e.details };
		process.stdout.write(`${JSON.stringify({ error: { code, message, ...details } }, null, 2)}\n`);
		return EXIT.failed;
	}
	const s = styleFor(process.stderr);
	const diagnostics = (e.details as { diagnostics?: Diagnostic[] } | undefined)?.diagnostics;
	if (code === 'compile_failed' && diagnostics?.length) {
		console.error(formatDiagnostics(diagnostics, s));
		console.error(s.red(`✖ the tests do not compile: no test ran.`));
	} else if (code === 'internal') {
		console.error(s.red(`✖ ${error instanceof Error ? (error.stack ?? message) : message}`));
	} else {
		console.error(s.red(`✖ ${message}`));
	}
	return EXIT.failed;
}
