/**
 * The parameters and answers the sandbox operations share: an id, a file set, a file path, and
 * a sandbox as the list and the detail describe it.
 */
import { z } from 'zod';
import type { ArsenalContext } from './context';
import { ArsenalError } from './errors';
import type { ReportOut } from './reports';
import type { TestRunResult } from '$lib/supertester/runner/results';
import type { Step } from './experiment_schemas';

export const SANDBOX_ID = /^[a-zA-Z0-9_-]+$/;

export function sandboxId() {
	return z
		.string()
		.min(1)
		.max(64)
		.regex(SANDBOX_ID, { error: 'Letters, digits, _ and - only' })
		.describe('The sandbox id.');
}

/** A file path inside a sandbox: relative, no `..`, not the generated `__` names. */
export function filePath() {
	return z
		.string()
		.min(1)
		.max(200)
		.regex(/^(?!__)(?!.*(?:^|\/)\.\.?(?:\/|$))[\w.\-/]+\.(?:ts|js)$/, {
			error: 'A relative .ts or .js path, such as counter.ts or lib/util.ts'
		})
		.describe('A file of the sandbox, e.g. counter.ts.');
}

export function files() {
	return z
		.record(filePath(), z.string().max(200_000))
		.refine((f) => Object.keys(f).length >= 1 && Object.keys(f).length <= 50, {
			error: 'Between 1 and 50 files'
		})
		.describe('The sandbox files: path → TypeScript source.');
}

const Status = z.enum(['compiling', 'running', 'stopped', 'failed', 'killed']);
export type SandboxStatus = z.infer<typeof Status>;

export const SandboxSummary = z.object({
	id: z.string(),
	node: z.string().describe('sandbox_<id>@superlearner'),
	nodeNumber: z.number().int().nullable().describe('The N of its pids while it runs.'),
	status: Status,
	reason: z
		.string()
		.optional()
		.describe("Why it is not running: 'unresponsive', 'memory', a compile error…"),
	detail: z
		.string()
		.optional()
		.describe('More about the reason: what it held past its memory budget, what it sent.'),
	createdAt: z.number().describe('Epoch ms.'),
	processes: z.number().int(),
	restarts: z.number().int()
});

export const SandboxInfo = SandboxSummary.extend({
	entry: z.string(),
	memoryBudgetMb: z.number().int().describe('What it may hold before it is ended, MB.'),
	files: z.record(z.string(), z.string()),
	root: z.string().optional().describe('The root supervisor while it runs.'),
	children: z.array(
		z.object({
			id: z.string(),
			pid: z.string().nullable(),
			type: z.enum(['worker', 'supervisor']),
			modules: z.array(z.string())
		})
	),
	stats: z.object({
		processes: z.number().int(),
		restarts: z.number().int(),
		memory: z.number().int().describe('Bytes, summed over its processes.'),
		uptimeMs: z.number()
	}),
	diagnostics: z
		.array(
			z.object({
				severity: z.enum(['error', 'warning']),
				file: z.string(),
				line: z.number().int().describe('1-based.'),
				column: z.number().int().describe('1-based.'),
				message: z.string(),
				lineText: z.string()
			})
		)
		.describe('Problems of the last build: file, line, column, message.'),
	versions: z.record(z.string(), z.object({ current: z.number().int(), count: z.number().int() }))
});

export const ReloadResult = z.object({
	module: z.string().describe('The file reloaded.'),
	version: z.number().int(),
	vsn: z.string(),
	modules: z.array(z.string()).describe('The modules whose code changed.'),
	processes: z.array(z.string()).describe('The processes that kept their pid and state.'),
	durationMs: z.number()
});

/** A sandbox's memory budget: ArrayBuffers and process memory past it end the sandbox. */
export function memoryBudgetMb() {
	return z
		.number()
		.int()
		.min(8)
		.max(4096)
		.describe(
			'MB it may hold (ArrayBuffers, process states and mailboxes) before it is ended with ' +
				"'killed: memory'. Default 256."
		);
}

/** A request to the SandboxManager, as the sandbox operations make it. */
export type SandboxRequest =
	| {
			type: 'create';
			id: string;
			files: Record<string, string>;
			entry: string;
			run: boolean;
			memoryBudgetMb?: number;
	  }
	| { type: 'update'; id: string; files: Record<string, string>; entry?: string }
	| { type: 'restart'; id: string; files?: Record<string, string>; entry?: string }
	| { type: 'stop'; id: string }
	| { type: 'destroy'; id: string }
	| { type: 'hot_reload'; id: string; module: string; source: string }
	| { type: 'rollback'; id: string; module: string; version: number }
	| { type: 'test'; id: string; files?: Record<string, string>; timeoutMs?: number; seed?: number }
	| {
			type: 'experiment';
			id: string;
			scenario: Step[];
			clock: 'virtual' | 'real';
			seed: number;
	  };

const TestError = z.object({
	message: z.string().describe('What was expected and what was found, or what was thrown.'),
	file: z.string().optional().describe('The file of the failing line, e.g. counter.test.ts.'),
	line: z.number().int().optional().describe('1-based.'),
	column: z.number().int().optional().describe('1-based.')
});

/** What a run of a sandbox's `*.test.ts` files answers (supertester/runner/results.ts). */
export const TestRun = z.object({
	passed: z.number().int(),
	failed: z.number().int(),
	skipped: z.number().int(),
	durationMs: z.number().describe('From the first test to the last, the build excluded.'),
	seed: z
		.number()
		.int()
		.describe("The chaos helpers' seed: pass it again to replay the same chaos."),
	tests: z.array(
		z.object({
			name: z.string().describe('After its describe blocks: `Counter > counts`.'),
			file: z.string(),
			status: z.enum(['passed', 'failed', 'skipped']),
			durationMs: z.number(),
			error: TestError.optional()
		})
	)
}) satisfies z.ZodType<TestRunResult>;

/**
 * The SandboxManager as the sandbox operations see it; the system node provides it (the
 * manager's client). Arsenal knows this shape only, not the manager.
 */
export interface SandboxService {
	/** Runs in the manager, one request at a time; throws the ArsenalError it answers with. */
	request(req: SandboxRequest): Promise<unknown>;
	/** Reads, answered from the sandboxes' table without waiting behind a request. */
	list(): SandboxSummaryOut[];
	info(id: string): SandboxInfoOut;
	consoleAfter(id: string, after: number): ConsoleLineOut[];
	versions(id: string): ModuleVersionsOut[];
}

export type SandboxSummaryOut = z.input<typeof SandboxSummary>;
export type SandboxInfoOut = z.input<typeof SandboxInfo>;

/** The kept versions of one file of a sandbox. */
export interface ModuleVersionsOut {
	module: string;
	current: number;
	versions: { version: number; vsn: string; at: number; bytes: number }[];
}

/** A console line as a sandbox keeps it. */
export interface ConsoleLineOut {
	seq: number;
	at: number;
	level: 'log' | 'info' | 'warn' | 'error' | 'debug';
	pid?: string;
	text: string;
	/** A crash or supervisor report, which `text` folds to one line. */
	report?: ReportOut;
}

/** The SandboxManager's client, or 404 where the node has none. */
export function sandboxes(ctx: ArsenalContext): SandboxService {
	if (!ctx.sandboxes) throw new ArsenalError('not_found', 'This node runs no sandboxes.');
	return ctx.sandboxes;
}
