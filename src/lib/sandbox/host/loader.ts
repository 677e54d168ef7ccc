/**
 * Evaluates a sandbox program bundle (CommonJS, see `program.ts`) in the sandbox worker. The
 * bundle gets a `require` that answers `'superlearner'` with this worker's runtime and refuses
 * everything else, and a `console` whose lines say which process printed them.
 *
 * ```ts
 * const batcher = new ConsoleBatcher((lines, dropped) => port.postMessage({ lines, dropped }));
 * const program = evaluateProgram(code, sandboxConsole((line) => batcher.push(line)));
 * program.files[program.entry].default; // the root SupervisorModule
 * ```
 */
import * as runtime from '$lib/runtime';
import { currentPid } from '$lib/runtime/host';
import { formatArgs } from '$lib/supertester/inspect';
import { cut } from '$lib/arsenal/serialize';
import type { ProgramExports } from '$lib/sandbox/compiler/program';
import {
	CONSOLE_MAX_LINES,
	CONSOLE_MAX_TEXT,
	type ConsoleLevel,
	type ConsoleLine
} from '$lib/sandbox/protocol';

/** The console sandbox code sees. */
export type SandboxConsole = Record<ConsoleLevel, (...args: unknown[]) => void>;

const LEVELS: ConsoleLevel[] = ['log', 'info', 'warn', 'error', 'debug'];

/** Runs the bundle and returns what it exports; throws what evaluating it threw. */
export function evaluateProgram(code: string, console: SandboxConsole): ProgramExports {
	const module = { exports: {} as unknown };
	// Strict, as the learner's ES modules are: an assignment to a frozen built-in or an
	// undeclared name throws instead of failing silently.
	// eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the learner's bundle is the point
	const run = new Function('require', 'module', 'exports', 'console', `'use strict';\n${code}`) as (
		...args: unknown[]
	) => void;
	run(sandboxRequire, module, module.exports, console);
	const exported = module.exports as Partial<ProgramExports>;
	if (typeof exported.files !== 'object' || typeof exported.entry !== 'string') {
		throw new Error('the bundle is not a sandbox program (it exports no files and entry)');
	}
	return exported as ProgramExports;
}

function sandboxRequire(specifier: string): unknown {
	if (specifier === 'superlearner') return runtime;
	throw new Error(
		`Cannot find module '${specifier}': sandbox code can import only 'superlearner' and its own files.`
	);
}

/** A console whose every call becomes a {@link ConsoleLine} with the printing process's pid. */
export function sandboxConsole(post: (line: ConsoleLine) => void): SandboxConsole {
	const console = {} as SandboxConsole;
	for (const level of LEVELS) {
		console[level] = (...args: unknown[]) => {
			const pid = currentPid();
			const line: ConsoleLine = {
				at: Date.now(),
				level,
				text: cut(formatArgs(args), CONSOLE_MAX_TEXT)
			};
			if (pid) line.pid = String(pid);
			post(line);
		};
	}
	return console;
}

/** The shortest time between two console posts, ms. */
export const CONSOLE_FLUSH_MS = 16;

/**
 * Console lines posted together: at most one post per {@link CONSOLE_FLUSH_MS}, of at most
 * {@link CONSOLE_MAX_LINES} lines and the count of those dropped. A `console.log` in a tight
 * loop then costs the system worker one message per frame, and heartbeats do not queue
 * behind thousands of lines.
 */
export class ConsoleBatcher {
	#lines: ConsoleLine[] = [];
	#dropped = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(private readonly post: (lines: ConsoleLine[], dropped: number) => void) {}

	push(line: ConsoleLine): void {
		if (this.#lines.length < CONSOLE_MAX_LINES) this.#lines.push(line);
		else this.#dropped++;
		this.#timer ??= setTimeout(() => this.flush(), CONSOLE_FLUSH_MS);
	}

	/** Posts what is pending now. */
	flush(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		if (this.#lines.length === 0 && this.#dropped === 0) return;
		const lines = this.#lines;
		const dropped = this.#dropped;
		this.#lines = [];
		this.#dropped = 0;
		this.post(lines, dropped);
	}

	/** Drops what is pending and posts nothing more. */
	close(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#lines = [];
		this.#dropped = 0;
	}
}
