/**
 * An Arsenal operation: one thing the runtime can be asked, described once and used everywhere.
 * Pages execute it through the runtime worker, the REST layer maps `method` + `path` to it, and
 * the docs (the operation list and the OpenAPI document) are generated from its schemas.
 *
 * Parameters are one flat object: path parameters, query parameters and body fields together,
 * validated by `params` (a strict zod object: an unknown key is a 422, not silently ignored).
 * `run` returns `{ data, meta? }`; the serializer turns pids, functions and cycles in it into
 * JSON, which `result` (and `meta`) describe.
 *
 * @example
 * export default defineOperation({
 *   name: 'get_process_state',
 *   category: 'processes',
 *   summary: "A GenServer's state",
 *   description: 'Reads the state with :sys.get_state.',
 *   method: 'GET',
 *   path: '/processes/:pid/state',
 *   params: z.strictObject({ pid: pid() }),
 *   result: z.object({ pid: z.string(), state: z.json() }),
 *   errors: ['not_genserver'],
 *   run: async ({ pid }, ctx) => ({ data: { pid, state: await readState(ctx, pid) } }),
 *   examples: [{ summary: 'The state of Demo.Counter', params: { pid: '<0.12.0>' } }]
 * });
 */
import type { z } from 'zod';
import type { ArsenalContext } from './context';

/** Groups on the /arsenal page and tags in the OpenAPI document, in the registry's order. */
export type Category =
	| 'processes'
	| 'supervisors'
	| 'sandboxes'
	| 'cluster'
	| 'system'
	| 'analytics'
	| 'tracing'
	| 'arsenal';

export const CATEGORIES: Record<Category, string> = {
	processes: 'Processes: list, inspect, message, kill and inject faults.',
	supervisors: 'Supervisors: flags, children, restarts, and starting or stopping children.',
	sandboxes:
		'Sandboxes: learner code compiled and run in its own worker, hot-reloaded with version history.',
	cluster:
		'The simulated cluster: nodes in workers of their own, connected by Erlang distribution; netsplits, healing, latency and loss.',
	system:
		"The whole system: health figures, crash and supervisor reports, the process graph, the analyzer's findings and bottlenecks, and the system's settings.",
	analytics:
		'Analytics: the restart history of every supervisor, kept across reloads, with its figures; export, import and clear.',
	tracing:
		'Tracing: message traces on a process or a subtree, and the timeline of every event a node made, to look back at any moment.',
	arsenal: 'Arsenal itself: its operations and its OpenAPI document.'
};

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What `run` returns: the answer, and for lists, paging figures. */
export interface Outcome {
	data: unknown;
	meta?: Record<string, unknown>;
}

/** An example call, shown on /arsenal and in the OpenAPI document. */
export interface Example {
	summary: string;
	params: Record<string, unknown>;
}

export interface Operation<
	P extends z.ZodType = z.ZodType,
	R extends z.ZodType = z.ZodType,
	M extends z.ZodType = z.ZodType,
	N extends string = string
> {
	/** snake_case, unique: `'kill_process'`. */
	name: N;
	category: Category;
	/** One line. */
	summary: string;
	/** What it does and answers, for people. */
	description: string;
	method: Method;
	/** Below /api/v1, with `:param` segments: `'/processes/:pid'`. */
	path: string;
	params: P;
	/** The `data` of a success, as JSON (pids as `'<0.42.0>'` strings). */
	result: R;
	/** The `meta` of a success, when there is one. */
	meta?: M;
	/**
	 * The longest REST body it takes, in characters (413 beyond); MAX_BODY_LENGTH (256 KiB) when
	 * absent. For an operation whose input is a file (an analytics export).
	 */
	maxBodyLength?: number;
	/** 201 for operations that create something; 200 otherwise. */
	successStatus?: 200 | 201;
	/**
	 * Runs where it is asked even when its `pid` or `node` names a sandbox's node: it reads what
	 * this node keeps of that node (its reports), not the node itself, or finds the node another
	 * way (a trace's events, by the trace id).
	 */
	local?: true;
	/** Error codes this operation may answer beyond the ones every operation may (docs only). */
	errors?: string[];
	/** Refuses with a reason (403 `unauthorized`) or allows with `true`; runs after validation. */
	authorize?(params: z.output<P>, ctx: ArsenalContext): true | string;
	run(params: z.output<P>, ctx: ArsenalContext): Outcome | Promise<Outcome>;
	examples: Example[];
}

/** An operation of any parameter type, as the registry holds them. */
export type AnyOperation = Operation<z.ZodType>;

/**
 * Typed identity: infers `P` so that `run` and `authorize` see the parsed parameters, and keeps
 * the name and the result and meta schemas for the typed client (arsenal/client.ts).
 */
export function defineOperation<
	P extends z.ZodType,
	R extends z.ZodType,
	N extends string,
	M extends z.ZodType = z.ZodNever
>(operation: Operation<P, R, M, N>): Operation<P, R, M, N> {
	return operation;
}

/** The names of `path`'s parameters: `'/supervisors/:pid/children/:id'` → `['pid', 'id']`. */
export function pathParams(path: string): string[] {
	return path
		.split('/')
		.filter((s) => s.startsWith(':'))
		.map((s) => s.slice(1));
}
