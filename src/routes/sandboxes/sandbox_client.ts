/**
 * The sandbox pages' Arsenal operations (`*_sandbox`, `sandbox_console`), typed with the shapes
 * their result schemas describe (src/lib/arsenal/sandbox_schemas.ts).
 */
import type { Execute } from '$lib/observer/arsenal_client';
import type { Diagnostic } from '$lib/sandbox/compiler/diagnostics';

/** Ids as the operations take them (and as this page checks them before asking). */
export const SANDBOX_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/** File paths as the operations take them: relative `.ts`/`.js`, no `..`, not `__…`. */
export const FILE_PATH = /^(?!__)(?!.*(?:^|\/)\.\.?(?:\/|$))[\w.\-/]+\.(?:ts|js)$/;

export type SandboxStatus = 'compiling' | 'running' | 'stopped' | 'failed' | 'killed';

export interface SandboxSummary {
	id: string;
	/** `sandbox_<id>@superlearner`. */
	node: string;
	nodeNumber: number | null;
	status: SandboxStatus;
	/** Why it is not running: 'unresponsive', 'memory', a compile error, a root exit reason. */
	reason?: string;
	/** More about the reason: what it held past its memory budget, what it sent. */
	detail?: string;
	createdAt: number;
	processes: number;
	restarts: number;
}

export interface SandboxInfo extends SandboxSummary {
	entry: string;
	files: Record<string, string>;
	/** The root supervisor's pid while it runs. */
	root?: string;
	children: Array<{ id: string; pid: string | null; type: string; modules: string[] }>;
	stats: { processes: number; restarts: number; memory: number; uptimeMs: number };
	diagnostics: Diagnostic[];
	versions: Record<string, { current: number; count: number }>;
}

export interface ReloadResult {
	module: string;
	version: number;
	vsn: string;
	modules: string[];
	processes: string[];
	durationMs: number;
}

export interface ModuleVersions {
	module: string;
	current: number;
	versions: Array<{ version: number; vsn: string; at: number; bytes: number }>;
}

export interface ConsoleLine {
	seq: number;
	at: number;
	level: 'log' | 'info' | 'warn' | 'error' | 'debug';
	pid?: string;
	text: string;
}

export class SandboxClient {
	readonly #execute: Execute;

	constructor(execute: Execute) {
		this.#execute = execute;
	}

	async #run<T>(operation: string, params: Record<string, unknown> = {}): Promise<T> {
		return (await this.#execute(operation, params)).data as T;
	}

	list() {
		return this.#run<SandboxSummary[]>('list_sandboxes');
	}

	create(id: string, files: Record<string, string>, entry: string, run: boolean) {
		return this.#run<SandboxInfo>('create_sandbox', { id, files, entry, run });
	}

	get(id: string) {
		return this.#run<SandboxInfo>('get_sandbox', { id });
	}

	update(id: string, files: Record<string, string>, entry: string) {
		return this.#run<SandboxInfo>('update_sandbox', { id, files, entry });
	}

	/** Replaces the files, compiles, and runs the entry in a fresh worker: the page's Run. */
	restart(id: string, files: Record<string, string>, entry: string) {
		return this.#run<SandboxInfo>('restart_sandbox', { id, files, entry });
	}

	stop(id: string) {
		return this.#run<SandboxInfo>('stop_sandbox', { id });
	}

	destroy(id: string) {
		return this.#run<{ id: string; destroyed: true }>('destroy_sandbox', { id });
	}

	hotReload(id: string, module: string, source: string) {
		return this.#run<ReloadResult>('hot_reload_sandbox', { id, module, source });
	}

	versions(id: string) {
		return this.#run<ModuleVersions[]>('list_sandbox_versions', { id });
	}

	rollback(id: string, module: string, version: number) {
		return this.#run<ReloadResult>('rollback_sandbox', { id, module, version });
	}

	console(id: string, after: number) {
		return this.#run<ConsoleLine[]>('sandbox_console', { id, after });
	}
}
