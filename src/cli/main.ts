/**
 * The `superlearner` command: the runtime, sandboxes and Arsenal of the app, in Node.
 *
 * ```sh
 * superlearner run <dir>                   # run a sandbox folder headless; Ctrl-C stops it
 * superlearner test <dir> [--json]         # run its *.test.ts files
 * superlearner api GET /system/health      # one REST request against a headless system node
 * superlearner experiment kill.json        # play an experiment file's scenario
 * ```
 *
 * Built by vite.cli.config.ts into cli-build/ (bin/superlearner.mjs rebuilds it when src/ is
 * newer); the sandbox worker threads run cli-build/sandbox_worker.mjs beside this file.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_MEMORY_BUDGET_MB } from '$lib/sandbox/protocol';
import { readSandbox } from './files';
import { parseDuration, styleFor } from './format';
import { EXIT, UsageError } from './usage';

const WORKER_SCRIPT = fileURLToPath(new URL('./sandbox_worker.mjs', import.meta.url));
const MAX_PROCESSES = 10_000;

const HELP = {
	main: `Usage: superlearner <command> [options]

The SuperLearner runtime in Node: run and test sandbox folders, call the REST API.

Commands:
  run <dir>                   run a sandbox folder headless, printing its console and
                              supervision events; Ctrl-C stops it in order
  test <dir>                  run the folder's *.test.ts files
  api <METHOD> <path> [json]  one REST request against a headless system node
  experiment <file.json>      play an experiment file's scenario (the editor's Export)

Options:
  -h, --help                  this help; \`superlearner <command> --help\` for a command's

A sandbox folder holds main.ts, whose default export is the root supervisor, and the files it
imports (src/lib/sandbox/MODULE_FORMAT.md). Exit codes: 0 ok, 1 failed, 2 misused.`,
	run: `Usage: superlearner run <dir> [options]

Builds the sandbox folder <dir> (main.ts and its files) and runs it in a sandbox worker thread:
console lines with the pid that printed them, restarts, crash and supervisor reports.
Ctrl-C stops the root supervisor in order and exits 0; a second Ctrl-C ends it at once.
A program that runs 2 s without yielding is killed as unresponsive (exit 1); so is one past
its memory budget. When the root supervisor gives up, the run ends with exit code 1.

Options:
  --for <time>             stop in order after this long (500ms, 10s, 2m), as Ctrl-C does
  -v, --verbose            also print every spawn and exit, and every supervisor report
  --memory <MB>            the sandbox's memory budget (default ${DEFAULT_MEMORY_BUDGET_MB})
  --max-processes <n>      the sandbox's process limit (default ${MAX_PROCESSES})
  -h, --help               this help`,
	test: `Usage: superlearner test <dir> [options]

Runs the *.test.ts files of the sandbox folder <dir> as the app's Test button does: each test
on a fresh node, one at a time in sandbox worker threads. A test that runs 2 s without
yielding fails as unresponsive and the others still run; one that does not finish within its
timeout fails. A test file that does not compile prints its errors and runs nothing.
Exit code 0 when every test passed, 1 otherwise.

Options:
  --json                   print the run's result as JSON ({ passed, failed, skipped,
                           durationMs, seed, tests }), or { error } when nothing ran
  --seed <n>               the chaos helpers' seed: replays a run's chaos (a run prints its seed)
  --timeout <time>         each test's time limit unless it sets its own (default 5s)
  --silent                 leave the tests' console output out
  --memory <MB>            each test worker's memory budget (default ${DEFAULT_MEMORY_BUDGET_MB})
  --max-processes <n>      each test's process limit (default ${MAX_PROCESSES})
  -h, --help               this help`,
	api: `Usage: superlearner api <METHOD> <path> [json]

Starts a headless system node (SuperLearner.Supervisor and the demo application, as the app
does), sends it one REST request through the Arsenal Plug, prints the JSON answer and exits:
0 for a 2xx answer, 1 otherwise. <path> may leave out /api/v1. The body [json] is JSON text,
@file.json, or - to read stdin.

Examples:
  superlearner api GET /system/health
  superlearner api GET '/processes?perPage=5'
  superlearner api GET /arsenal/operations
  superlearner api DELETE /processes/Demo.Flaky

Options:
  -h, --help               this help`,
	experiment: `Usage: superlearner experiment <file.json> [options]

Plays an experiment file (the sandbox editor's Export, or one you write: MODULE_FORMAT.md,
"Experiments") headless: its files run in a sandbox worker thread, started afresh, and its
scenario's steps play against it in order — kills, faults, messages, waits, reloads, checks.
Prints each step with the restarts it caused; a step that fails says why, and the rest still
play. On the virtual clock (experiments default to it) the same seed prints the same every time.
Exit code 0 when every step succeeded, 1 otherwise, 2 for a file that is not an experiment.
<file.json> may be - to read stdin.

Options:
  --json                   print the result as JSON (the REST answer's data)
  --seed <n>               the node's seed instead of the experiment's
  --clock <virtual|real>   the clock instead of the experiment's
  -h, --help               this help`
};

type Command = keyof typeof HELP;

const OPTIONS = {
	run: {
		for: { type: 'string' },
		verbose: { type: 'boolean', short: 'v' },
		memory: { type: 'string' },
		'max-processes': { type: 'string' },
		help: { type: 'boolean', short: 'h' }
	},
	test: {
		json: { type: 'boolean' },
		seed: { type: 'string' },
		timeout: { type: 'string' },
		silent: { type: 'boolean' },
		memory: { type: 'string' },
		'max-processes': { type: 'string' },
		help: { type: 'boolean', short: 'h' }
	},
	api: { help: { type: 'boolean', short: 'h' } },
	experiment: {
		json: { type: 'boolean' },
		seed: { type: 'string' },
		clock: { type: 'string' },
		help: { type: 'boolean', short: 'h' }
	}
} satisfies Record<Exclude<Command, 'main'>, ParseArgsConfig['options']>;

async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
		console.log(HELP.main);
		return command === undefined ? EXIT.usage : EXIT.ok;
	}
	if (!(command in OPTIONS)) {
		throw new UsageError(`unknown command '${command}': run, test, api or experiment.`);
	}
	const name = command as keyof typeof OPTIONS;
	let parsed;
	try {
		parsed = parseArgs({
			args: rest,
			options: OPTIONS[name],
			allowPositionals: true,
			strict: true
		});
	} catch (error) {
		throw new UsageError((error as Error).message, name);
	}
	const values = parsed.values as Record<string, string | boolean | undefined>;
	const positionals = parsed.positionals;
	if (values.help) {
		console.log(HELP[name]);
		return EXIT.ok;
	}
	const common = {
		workerScript: WORKER_SCRIPT,
		maxProcesses: positiveInt(values['max-processes'], '--max-processes') ?? MAX_PROCESSES,
		memoryBudgetMb: positiveInt(values.memory, '--memory') ?? DEFAULT_MEMORY_BUDGET_MB
	};
	switch (name) {
		case 'run': {
			const dir = oneFolder(positionals, name);
			const files = readSandbox(dir);
			// esbuild's service takes a second to start: it starts first. Each command loads
			// what it needs (`test` never loads Arsenal's operations).
			const [{ runCommand }] = await Promise.all([import('./run'), startCompiler()]);
			return runCommand({
				...common,
				dir,
				files,
				verbose: values.verbose === true,
				...(typeof values.for === 'string' && { forMs: duration(values.for, '--for') })
			});
		}
		case 'test': {
			const dir = oneFolder(positionals, name);
			const files = readSandbox(dir);
			const [{ testCommand }] = await Promise.all([import('./test'), startCompiler()]);
			const seed = typeof values.seed === 'string' ? integer(values.seed, '--seed') : undefined;
			const timeout = values.timeout;
			return testCommand({
				...common,
				dir,
				files,
				json: values.json === true,
				silent: values.silent === true,
				...(seed !== undefined && { seed }),
				...(typeof timeout === 'string' && { timeoutMs: duration(timeout, '--timeout') })
			});
		}
		case 'api': {
			const [method, path, body, ...extra] = positionals;
			if (!method || !path || extra.length) {
				throw new UsageError('api takes a METHOD, a path and, at most, a JSON body.', name);
			}
			const { apiCommand } = await import('./api');
			return apiCommand({
				method,
				path,
				...(body !== undefined && { body }),
				workerScript: WORKER_SCRIPT
			});
		}
		case 'experiment': {
			const [file, ...extra] = positionals;
			if (!file || extra.length) throw new UsageError('experiment takes one file.', name);
			const clock = values.clock;
			if (clock !== undefined && clock !== 'virtual' && clock !== 'real') {
				throw new UsageError(`--clock is virtual or real, not '${String(clock)}'.`, name);
			}
			const seed = typeof values.seed === 'string' ? integer(values.seed, '--seed') : undefined;
			const [{ experimentCommand }] = await Promise.all([import('./experiment'), startCompiler()]);
			return experimentCommand({
				file,
				json: values.json === true,
				workerScript: WORKER_SCRIPT,
				...(clock !== undefined && { clock }),
				...(seed !== undefined && { seed })
			});
		}
	}
}

/** Starts esbuild's service (compile.ts) as soon as its module is loaded. */
async function startCompiler(): Promise<void> {
	(await import('./compile')).startCompiler();
}

function oneFolder(positionals: string[], command: Command): string {
	if (positionals.length !== 1) {
		throw new UsageError(`${command} takes one sandbox folder.`, command);
	}
	return positionals[0];
}

function duration(text: string, option: string): number {
	const ms = parseDuration(text);
	if (ms === undefined || ms <= 0) {
		throw new UsageError(`${option} wants a time such as 500ms, 5s or 2m, not '${text}'.`);
	}
	return ms;
}

function integer(text: string, option: string): number {
	const n = Number(text);
	if (!Number.isSafeInteger(n)) throw new UsageError(`${option} wants an integer, not '${text}'.`);
	return n;
}

function positiveInt(text: string | boolean | undefined, option: string): number | undefined {
	if (typeof text !== 'string') return undefined;
	const n = integer(text, option);
	if (n <= 0) throw new UsageError(`${option} wants a positive integer, not '${text}'.`);
	return n;
}

/** Exits once what was printed is written (a pipe may still be taking it). */
function exit(code: number): void {
	process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

// `superlearner run dir | head`: the reader is gone, so there is no one left to tell anything.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EPIPE') process.exit(EXIT.ok);
	throw error;
});

main(process.argv.slice(2)).then(exit, (error: unknown) => {
	const s = styleFor(process.stderr);
	if (error instanceof UsageError) {
		const command = error.command ? `${error.command} ` : '';
		console.error(`${s.red('superlearner:')} ${error.message}`);
		console.error(s.dim(`Run superlearner ${command}--help for how to use it.`));
		exit(EXIT.usage);
	} else {
		console.error(
			s.red(
				`superlearner: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
			)
		);
		exit(EXIT.failed);
	}
});
