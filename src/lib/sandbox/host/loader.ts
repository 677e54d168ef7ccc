/**
 * Evaluates a sandbox program bundle (CommonJS, see `program.ts`) in the sandbox worker. The
 * bundle gets a `require` that answers `'superlearner'` with this worker's runtime and its
 * distribution's learner side (`learner_module.ts`) and refuses everything else, and a `console`
 * whose lines say which process printed them.
 *
 * ```ts
 * const batcher = new ConsoleBatcher((lines, dropped) => port.postMessage({ lines, dropped }));
 * const program = evaluateProgram(code, sandboxConsole((line) => batcher.push(line)));
 * program.files[program.entry].default; // the root SupervisorModule
 * ```
 */
import { currentPid } from '$lib/runtime/host';
import * as learnerModule from './learner_module';
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
	const exported = evaluateBundle(code, console) as Partial<ProgramExports>;
	if (typeof exported.files !== 'object' || typeof exported.entry !== 'string') {
		throw new Error('the bundle is not a sandbox program (it exports no files and entry)');
	}
	return exported as ProgramExports;
}

/**
 * Runs a CommonJS bundle whose `require` answers `'superlearner'` with the learner's module, and
 * the other specifiers of `modules` with theirs; returns its exports. `sourceUrl` names the bundle
 * in stack traces (`//# sourceURL`): its lines there start at {@link bundleFirstLine}.
 */
export function evaluateBundle(
	code: string,
	console: SandboxConsole,
	modules: Record<string, unknown> = {},
	sourceUrl?: string
): unknown {
	const module = { exports: {} as unknown };
	const known: Record<string, unknown> = { ...modules, superlearner: learnerModule };
	const require = (specifier: string): unknown => {
		if (Object.hasOwn(known, specifier)) return known[specifier];
		throw new Error(
			specifier === 'superlearner/test'
				? `'superlearner/test' is for test files (*.test.ts), which the Test button runs.`
				: `Cannot find module '${specifier}': sandbox code can import only 'superlearner' and its own files.`
		);
	};
	const source = sourceUrl ? `${code}\n//# sourceURL=${sourceUrl}` : code;
	wrap(source)(require, module, module.exports, console);
	return module.exports;
}

/**
 * Strict, as the learner's ES modules are: an assignment to a frozen built-in or an
 * undeclared name throws instead of failing silently.
 */
function wrap(code: string): (...args: unknown[]) => void {
	// eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the learner's bundle is the point
	return new Function('require', 'module', 'exports', 'console', `'use strict';\n${code}`) as (
		...args: unknown[]
	) => void;
}

/** The line a bundle's first line has in stack traces (the wrapper adds lines above it). */
export function bundleFirstLine(): number {
	const probe = { exports: '' as unknown };
	wrap('module.exports = new Error().stack;\n//# sourceURL=superlearner-probe.js')(
		undefined,
		probe
	);
	const match = /superlearner-probe\.js:(\d+):/.exec(String(probe.exports));
	return match ? Number(match[1]) : 1;
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
