/**
 * The observer pages' Arsenal operations, named for what a page does with them, over the one
 * typed client (`$lib/arsenal/client`): each answer's type is its operation's result schema.
 * Nothing else reads or changes the runtime from a page.
 *
 * ```ts
 * const arsenal = new ArsenalClient(typedExecute((op, params) => runtime.api!.execute(op, params)));
 * const { data } = await arsenal.listProcesses({ perPage: 1000 });
 * ```
 */
import type { Data, Execute, MetaOf, ParamsOf } from '$lib/arsenal/client';
import type { Json } from '$lib/arsenal/serialize';

export type ListMeta = MetaOf<'list_processes'>;
export type Health = Data<'system_health'>;
export type SupervisorListItem = Data<'list_supervisors'>[number];
export type SupervisorDetail = Data<'get_supervisor'>;
export type ProcessDetails = Data<'get_process_info'>;
export type ProcessState = Data<'get_process_state'>;
export type ProcessStatus = Data<'get_process_status'>;
export type SendResult = Data<'send_message'>;
export type StartableModule = Data<'list_modules'>[number];
export type Restart = NonNullable<ParamsOf<'start_child'>['restart']>;
/** A fault as inject_fault takes it, without the target (each kind with its own fields). */
export type FaultSpec =
	ParamsOf<'inject_fault'> extends infer F
		? F extends unknown
			? Omit<F, 'pid' | 'force'>
			: never
		: never;

export class ArsenalClient {
	readonly #execute: Execute;

	constructor(execute: Execute) {
		this.#execute = execute;
	}

	listProcesses(params: ParamsOf<'list_processes'>) {
		return this.#execute('list_processes', params);
	}

	processInfo(pid: string, keys?: ParamsOf<'get_process_info'>['keys']) {
		return this.#execute('get_process_info', keys ? { pid, keys } : { pid });
	}

	processState(pid: string) {
		return this.#execute('get_process_state', { pid });
	}

	/** `:sys.get_status`: running or suspended, parent, ancestors, the formatted state. */
	processStatus(pid: string) {
		return this.#execute('get_process_status', { pid });
	}

	/**
	 * The destructive operations take `force`: SuperLearner's own processes answer 403 without
	 * it.
	 */
	kill(pid: string, reason: string, force = false) {
		return this.#execute('kill_process', { pid, reason, force });
	}

	send(pid: string, type: 'send' | 'cast' | 'call', message: Json, force = false) {
		return this.#execute('send_message', { pid, type, message, force });
	}

	injectFault(pid: string, fault: FaultSpec, force = false) {
		return this.#execute('inject_fault', { pid, ...fault, force });
	}

	suspend(pid: string, force = false) {
		return this.#execute('suspend_process', { pid, force });
	}

	resume(pid: string, force = false) {
		return this.#execute('resume_process', { pid, force });
	}

	listSupervisors(params: ParamsOf<'list_supervisors'> = {}) {
		return this.#execute('list_supervisors', params);
	}

	supervisor(pid: string) {
		return this.#execute('get_supervisor', { pid });
	}

	/** The tree under `pid`; with `maxChildren`, each supervisor's first children and a count of the rest. */
	tree(pid: string, opts: { maxChildren?: number } = {}) {
		return this.#execute('get_supervision_tree', { pid, ...opts });
	}

	startChild(
		pid: string,
		spec: { module: string; args?: Json; id?: string; restart?: Restart },
		force = false
	) {
		return this.#execute('start_child', { pid, ...spec, force });
	}

	terminateChild(pid: string, id: string, opts: { delete?: boolean; force?: boolean } = {}) {
		return this.#execute('terminate_child', { pid, id, ...opts });
	}

	restartChild(pid: string, id: string) {
		return this.#execute('restart_child', { pid, id });
	}

	modules() {
		return this.#execute('list_modules');
	}

	health() {
		return this.#execute('system_health');
	}

	/** Crash and supervisor reports, by node, by the pid they are about, by kind. */
	reports(params: ParamsOf<'list_reports'>) {
		return this.#execute('list_reports', params);
	}

	graph(params: ParamsOf<'system_graph'> = {}) {
		return this.#execute('system_graph', params);
	}

	/** The system analyzer's findings, most severe first. */
	anomalies(params: ParamsOf<'list_anomalies'> = {}) {
		return this.#execute('list_anomalies', params);
	}
}
