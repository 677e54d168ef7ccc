/**
 * The typed way to call an operation, for any thread: the names, parameters and answers come
 * from the operations' own zod schemas (`import type` only: nothing of the operations is
 * bundled into a page). `execute('get_supervisor', { pid })` takes that operation's parameters
 * and resolves to its `data` and `meta`, as JSON.
 *
 * ```ts
 * const { data } = await execute('get_supervisor', { pid: '<0.12.0>' });
 * data.childList[0].restart; // 'permanent' | 'transient' | 'temporary'
 * ```
 */
import type { z } from 'zod';
import type { operations } from './operations';

type Operations = (typeof operations)[number];

/** Every operation's name: `'kill_process'`… */
export type OperationName = Operations['name'];

type Named<N extends OperationName> = Extract<Operations, { name: N }>;

/** What `N` takes: path, query and body fields in one object, before defaults apply. */
export type ParamsOf<N extends OperationName> = z.input<Named<N>['params']>;

/** The `data` of `N`'s success. */
export type Data<N extends OperationName> = z.output<Named<N>['result']>;

/** The `meta` of `N`'s success (paging figures of a list), or undefined. */
export type MetaOf<N extends OperationName> =
	NonNullable<Named<N>['meta']> extends z.ZodNever
		? undefined
		: z.output<NonNullable<Named<N>['meta']>>;

export interface Answer<N extends OperationName> {
	data: Data<N>;
	meta: MetaOf<N>;
}

/** The parameters as arguments: optional when every field is. */
export type ParamsArg<N extends OperationName> =
	Record<string, never> extends ParamsOf<N> ? [params?: ParamsOf<N>] : [params: ParamsOf<N>];

/** Runs an operation; rejects with an error carrying Arsenal's `code` (and `details`). */
export type Execute = <N extends OperationName>(
	operation: N,
	...params: ParamsArg<N>
) => Promise<Answer<N>>;

/** A typed Execute over an untyped transport (the runtime worker's `execute(name, params)`). */
export function typedExecute(
	untyped: (operation: string, params?: unknown) => Promise<{ data: unknown; meta?: unknown }>
): Execute {
	return (operation, ...params) => untyped(operation, params[0]) as never;
}

/** The `code` an operation's rejection carries (`'noproc'`, `'unauthorized'`…), if any. */
export function errorCode(error: unknown): string | undefined {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' ? code : undefined;
}
