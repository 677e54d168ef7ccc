/**
 * The sandbox pages' Arsenal operations (`*_sandbox`, `sandbox_console`) over the one typed
 * client: each answer's type is its operation's result schema (src/lib/arsenal/sandbox_schemas.ts).
 */
import type { Data, Execute } from '$lib/arsenal/client';
import type { Experiment, Step } from '$lib/arsenal/experiment_schemas';

/** Ids as the operations take them (and as this page checks them before asking). */
export const SANDBOX_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/** `base` (cut to fit an id), or `base-2`, `base-3`…: the first that is not `taken`. */
export function freeId(base: string, taken: ReadonlySet<string>): string {
	const stem = base.slice(0, 56);
	if (!taken.has(stem)) return stem;
	let n = 2;
	while (taken.has(`${stem}-${n}`)) n++;
	return `${stem}-${n}`;
}

/** File paths as the operations take them: relative `.ts`/`.js`, no `..`, not `__…`. */
export const FILE_PATH = /^(?!__)(?!.*(?:^|\/)\.\.?(?:\/|$))[\w.\-/]+\.(?:ts|js)$/;

/** A sandbox as the list shows it. */
export type SandboxListItem = Data<'list_sandboxes'>[number];
/** A sandbox whole: files, children, figures, the last build's problems. */
export type SandboxDetail = Data<'get_sandbox'>;
/** The kept versions of one file. */
export type FileVersions = Data<'list_sandbox_versions'>[number];
export type ConsoleEntry = Data<'sandbox_console'>[number];
/** A run of the sandbox's tests: counts, and a result per test. */
export type TestRun = Data<'run_sandbox_tests'>;
/** What playing a scenario answered: each step's result, the restarts it caused. */
export type ExperimentRun = Data<'run_experiment'>;

export class SandboxClient {
	readonly #execute: Execute;

	constructor(execute: Execute) {
		this.#execute = execute;
	}

	async list() {
		return (await this.#execute('list_sandboxes')).data;
	}

	async create(id: string, files: Record<string, string>, entry: string, run: boolean) {
		return (await this.#execute('create_sandbox', { id, files, entry, run })).data;
	}

	async get(id: string) {
		return (await this.#execute('get_sandbox', { id })).data;
	}

	async update(id: string, files: Record<string, string>, entry: string) {
		return (await this.#execute('update_sandbox', { id, files, entry })).data;
	}

	/** Replaces the files, compiles, and runs the entry in a fresh worker: the page's Run. */
	async restart(id: string, files: Record<string, string>, entry: string) {
		return (await this.#execute('restart_sandbox', { id, files, entry })).data;
	}

	async stop(id: string) {
		return (await this.#execute('stop_sandbox', { id })).data;
	}

	async destroy(id: string) {
		return (await this.#execute('destroy_sandbox', { id })).data;
	}

	async hotReload(id: string, module: string, source: string) {
		return (await this.#execute('hot_reload_sandbox', { id, module, source })).data;
	}

	async versions(id: string) {
		return (await this.#execute('list_sandbox_versions', { id })).data;
	}

	async rollback(id: string, module: string, version: number) {
		return (await this.#execute('rollback_sandbox', { id, module, version })).data;
	}

	/** Saves the files, then runs the `*.test.ts` files in a fresh worker: the page's Test. */
	async test(id: string, files: Record<string, string>) {
		return (await this.#execute('run_sandbox_tests', { id, files })).data;
	}

	/**
	 * Starts the sandbox afresh (its saved files) on `clock` and `seed`, and plays `scenario`
	 * against it.
	 */
	async runExperiment(
		id: string,
		scenario: Step[],
		{ clock, seed }: Pick<Experiment, 'clock' | 'seed'>
	) {
		return (await this.#execute('run_experiment', { id, scenario, clock, seed })).data;
	}

	async console(id: string, after: number) {
		return (await this.#execute('sandbox_console', { id, after })).data;
	}
}
