/**
 * The observer pages' one way to the runtime: Arsenal operations, executed by the runtime
 * worker's registry (`execute(name, params)`), typed here with the JSON shapes their `result`
 * schemas describe. Nothing else reads or changes the runtime from a page.
 *
 * ```ts
 * const arsenal = new ArsenalClient((op, params) => runtime.api!.execute(op, params));
 * const { data } = await arsenal.listProcesses({ perPage: 1000 });
 * ```
 */
import type { Json } from '$lib/arsenal/serialize';
import type { TreeSnapshot } from '$lib/observer/tree/supervision_model';
import type { ProcessRow } from './process_rows';

/** Runs an operation; rejects with an error carrying Arsenal's `code` (and `details`). */
export type Execute = (
	operation: string,
	params?: Record<string, unknown>
) => Promise<{ data: unknown; meta?: unknown }>;

export interface Answer<D, M = undefined> {
	data: D;
	meta: M;
}

export interface ListMeta {
	total: number;
	totalProcesses: number;
	page: number;
	perPage: number;
	totalPages: number;
}

export interface NodeHealth {
	name: string;
	number: number;
	processes: number;
	restartsLastMinute: number;
	messageQueueTotal: number;
	longestQueue: { pid: string; length: number } | null;
	now: number;
}

export interface Health {
	processes: number;
	restartsLastMinute: number;
	messageQueueTotal: number;
	nodes: NodeHealth[];
}

export type Strategy = 'one_for_one' | 'one_for_all' | 'rest_for_one';
export type Restart = 'permanent' | 'transient' | 'temporary';

export interface SupervisorSummary {
	pid: string;
	node: string;
	name?: string;
	module?: string;
	dynamic: boolean;
	strategy: Strategy;
	intensity: number;
	period: number;
	maxChildren?: number | 'infinity';
	children: { specs: number; active: number; supervisors: number; workers: number };
	restartsInWindow: number;
	system: boolean;
}

export interface ChildRow {
	id: string;
	pid: string | null;
	restart: Restart;
	shutdown: number | 'brutal_kill' | 'infinity';
	type: 'worker' | 'supervisor';
	modules: string[];
}

export interface SupervisorDetail extends SupervisorSummary {
	childList: ChildRow[];
	restarts: { inWindow: number; intensity: number; period: number; times: number[]; now: number };
}

export interface ProcessInfo {
	pid: string;
	node: string;
	system: boolean;
	name?: string;
	label?: string;
	status?: string;
	messageQueueLen?: number;
	links?: string[];
	monitors?: string[];
	monitoredBy?: string[];
	trapExit?: boolean;
	parent?: string;
	behaviour?: string;
	module?: string;
	reductions?: number;
	memory?: number;
	startedAt?: number;
}

export interface ProcessState {
	pid: string;
	behaviour: string;
	module?: string;
	state: Json;
}

export interface SendResult {
	pid: string;
	type: 'send' | 'cast' | 'call';
	delivered: boolean;
	reply?: Json;
}

export interface KillResult {
	pid: string;
	reason: string;
	exited: boolean;
	exitReason?: Json;
	node: string;
}

export type Fault =
	| { kind: 'crash'; reason?: string }
	| { kind: 'throw'; reason?: string }
	| { kind: 'delay'; count?: number; ms?: number }
	| { kind: 'drop'; count?: number };

export interface KnownModule {
	name: string;
	type: 'worker' | 'supervisor';
	description: string;
	args: Record<string, Json>;
}

export interface Graph {
	/** Who each process is: the first fields of a process list row. */
	processes: Array<
		Pick<ProcessRow, 'pid' | 'node' | 'name' | 'label' | 'behaviour' | 'module' | 'system'>
	>;
	links: Array<{ a: string; b: string }>;
	monitors: Array<{ watcher: string; target: string }>;
	supervision: Array<{ supervisor: string; child: string; id?: string }>;
}

export class ArsenalClient {
	readonly #execute: Execute;

	constructor(execute: Execute) {
		this.#execute = execute;
	}

	async #run<D, M = undefined>(
		operation: string,
		params: Record<string, unknown> = {}
	): Promise<Answer<D, M>> {
		const { data, meta } = await this.#execute(operation, params);
		return { data: data as D, meta: meta as M };
	}

	listProcesses(params: { page?: number; perPage?: number; name?: string; behaviour?: string }) {
		return this.#run<ProcessRow[], ListMeta>('list_processes', params);
	}

	processInfo(pid: string, keys?: string[]) {
		return this.#run<ProcessInfo>('get_process_info', keys ? { pid, keys } : { pid });
	}

	processState(pid: string) {
		return this.#run<ProcessState>('get_process_state', { pid });
	}

	/**
	 * The destructive operations take `force`: SuperLearner's own processes answer 403 without
	 * it.
	 */
	kill(pid: string, reason: string, force = false) {
		return this.#run<KillResult>('kill_process', { pid, reason, force });
	}

	send(pid: string, type: 'send' | 'cast' | 'call', message: Json, force = false) {
		return this.#run<SendResult>('send_message', { pid, type, message, force });
	}

	injectFault(pid: string, fault: Fault, force = false) {
		return this.#run<{ pid: string; armed: boolean }>('inject_fault', { pid, ...fault, force });
	}

	listSupervisors(params: { node?: string; includeChildren?: boolean } = {}) {
		return this.#run<Array<SupervisorSummary & { childList?: ChildRow[] }>, { total: number }>(
			'list_supervisors',
			params
		);
	}

	supervisor(pid: string) {
		return this.#run<SupervisorDetail>('get_supervisor', { pid });
	}

	/** The tree under `pid`; with `maxChildren`, each supervisor's first children and a count of the rest. */
	tree(pid: string, opts: { maxChildren?: number } = {}) {
		return this.#run<TreeSnapshot>('get_supervision_tree', { pid, ...opts });
	}

	startChild(
		pid: string,
		spec: { module: string; args?: Json; id?: string; restart?: Restart },
		force = false
	) {
		return this.#run<{ supervisor: string; id?: string; pid: string | null; module: string }>(
			'start_child',
			{ pid, ...spec, force }
		);
	}

	terminateChild(pid: string, id: string, opts: { delete?: boolean; force?: boolean } = {}) {
		return this.#run<{ supervisor: string; id: string; deleted: boolean }>('terminate_child', {
			pid,
			id,
			...opts
		});
	}

	restartChild(pid: string, id: string) {
		return this.#run<{ supervisor: string; id: string; pid: string }>('restart_child', {
			pid,
			id
		});
	}

	modules() {
		return this.#run<KnownModule[]>('list_modules');
	}

	health() {
		return this.#run<Health>('system_health');
	}

	graph(params: { limit?: number } = {}) {
		return this.#run<Graph, { totalProcesses: number; included: number; truncated: boolean }>(
			'system_graph',
			params
		);
	}
}

/** An error from an operation, for people: its message, with the code when it says more. */
export function describeError(error: unknown): string {
	if (error instanceof Error) return error.message;
	return String(error);
}

/** The `code` an operation's rejection carries (`'noproc'`, `'unauthorized'`…), if any. */
export function errorCode(error: unknown): string | undefined {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' ? code : undefined;
}
