/**
 * What crosses a thread boundary, and how.
 *
 * Only plain data crosses. Pids are interned objects on the runtime side, so they travel as
 * `'<N.I.0>'` strings and are re-interned on arrival: {@link toWire} before posting,
 * {@link fromWire} after receiving. Thrown errors keep their class `name`, `code` and `details`
 * (comlink drops `code` by default), and every call to another worker has a deadline, so a
 * caller never hangs on a callee that is stuck or gone.
 *
 * @example
 * const runtime = connectWorker<RuntimeApi>(worker, { deadlineMs: 5000 });
 * await runtime.api.nodeInfo(); // rejects with code 'timeout' or 'noproc' instead of hanging
 */
import { transferHandlers, wrap, type Endpoint, type Remote } from 'comlink';
import { isPid, isRef } from '$lib/runtime/host';

const PID = /^<(\d+)\.(\d+)\.0>$/;

/** The wire form of a pid: `formatPid(2, 45)` is `'<2.45.0>'`. */
export function formatPid(node: number, id: number): string {
	if (!Number.isSafeInteger(node) || node < 0 || !Number.isSafeInteger(id) || id < 0) {
		throw new RangeError(`A pid needs non-negative integers, got node ${node} and id ${id}.`);
	}
	return `<${node}.${id}.0>`;
}

/** Reads a wire pid back into its node number and id; `null` when `s` is not a pid. */
export function parsePid(s: string): { node: number; id: number } | null {
	const match = PID.exec(s);
	return match ? { node: Number(match[1]), id: Number(match[2]) } : null;
}

/**
 * Copies `value` for posting, turning every pid in it (at any depth, in arrays, plain objects,
 * Maps and Sets) into its wire string, and every ref into its printed form `'#Ref<N.I>'` (refs
 * hold pointers into the runtime and cannot be cloned; nothing needs them back as objects).
 * `pidTest` recognises pids; by default the runtime's own `isPid`.
 */
export function toWire(value: unknown, pidTest: (v: unknown) => boolean = isPid): unknown {
	const leaf = (v: unknown) => (pidTest(v) || isRef(v) ? String(v) : undefined);
	return convert(value, leaf, new Map());
}

/**
 * Copies a received `value`, turning every wire pid string in it back into a pid with
 * `intern` (the runtime's interning lookup). Any string of the form `'<N.I.0>'` counts as a pid.
 */
export function fromWire(value: unknown, intern: (pid: string) => unknown): unknown {
	return convert(
		value,
		(v) => (typeof v === 'string' && PID.test(v) ? intern(v) : undefined),
		new Map()
	);
}

/** Deep copy of containers; `leaf` returns a replacement, or undefined to keep going. */
function convert(
	value: unknown,
	leaf: (v: unknown) => unknown,
	seen: Map<object, unknown>
): unknown {
	const replaced = leaf(value);
	if (replaced !== undefined) return replaced;
	if (typeof value !== 'object' || value === null) return value;
	if (seen.has(value)) return seen.get(value);
	const again = (v: unknown) => convert(v, leaf, seen);
	if (Array.isArray(value)) {
		const out: unknown[] = [];
		seen.set(value, out);
		for (const item of value) out.push(again(item));
		return out;
	}
	if (value instanceof Map) {
		const out = new Map<unknown, unknown>();
		seen.set(value, out);
		for (const [k, v] of value) out.set(again(k), again(v));
		return out;
	}
	if (value instanceof Set) {
		const out = new Set<unknown>();
		seen.set(value, out);
		for (const v of value) out.add(again(v));
		return out;
	}
	const proto: unknown = Object.getPrototypeOf(value);
	if (proto !== Object.prototype && proto !== null) return value;
	const out: Record<string, unknown> = {};
	seen.set(value, out);
	for (const [k, v] of Object.entries(value)) out[k] = again(v);
	return out;
}

/** An error raised across a thread boundary: it keeps the original class `name`, `code` and `details`. */
export class WireError extends Error {
	readonly code: string | undefined;
	readonly details: unknown;

	constructor(
		code: string | undefined,
		message: string,
		options: { name?: string; details?: unknown; stack?: string } = {}
	) {
		super(message);
		this.name = options.name ?? 'WireError';
		this.code = code;
		this.details = options.details;
		if (options.stack) this.stack = options.stack;
	}
}

interface SerializedThrow {
	isError: boolean;
	value: unknown;
}

interface SerializedError {
	name: string;
	code: string | undefined;
	message: string;
	details: unknown;
	stack: string | undefined;
}

// Comlink's own handler recognises thrown values by a private marker: reuse its `canHandle`.
const comlinkThrow = transferHandlers.get('throw');
if (!comlinkThrow) throw new Error('comlink has no "throw" transfer handler to extend.');

transferHandlers.set('throw', {
	canHandle: (value): value is unknown => comlinkThrow.canHandle(value),
	serialize(thrown) {
		const { value } = thrown as { value: unknown };
		if (!(value instanceof Error)) return [{ isError: false, value: toWire(value) }, []];
		const { code, details } = value as Error & { code?: unknown; details?: unknown };
		const error: SerializedError = {
			name: value.name,
			code: typeof code === 'string' ? code : undefined,
			message: value.message,
			details: toWire(details),
			stack: value.stack
		};
		return [{ isError: true, value: error } satisfies SerializedThrow, []];
	},
	deserialize(serialized) {
		const { isError, value } = serialized as SerializedThrow;
		if (!isError) throw value;
		const { name, code, message, details, stack } = value as SerializedError;
		throw new WireError(code, message, { name, details, stack });
	}
});

/** What {@link connectWorker} needs from a worker; a `Worker` has all of it. */
export interface WorkerLike extends Endpoint {
	terminate(): void;
}

/** A worker behind comlink whose calls all have a deadline. */
export interface Connection<T> {
	/** The worker's API. Each call rejects with code `'timeout'` past the deadline, `'noproc'` once the worker is gone. */
	readonly api: Remote<T>;
	/** Settles with the `'noproc'` error when the worker errors or is terminated. */
	readonly exited: Promise<WireError>;
	/** Terminates the worker; pending calls reject with `'noproc'`. */
	terminate(reason?: string): void;
}

/**
 * Wraps `worker` with comlink. Only top-level methods of `T` are callable through `api`
 * (`api.nodeInfo()`), which is all our worker APIs expose.
 */
export function connectWorker<T>(
	worker: WorkerLike,
	{
		deadlineMs,
		deadlines = {},
		name = 'worker'
	}: {
		deadlineMs: number;
		/** Longer (or shorter) deadlines for some methods, by name. */
		deadlines?: Partial<Record<keyof T & string, number>>;
		name?: string;
	}
): Connection<T> {
	const remote = wrap<Record<string, (...args: unknown[]) => Promise<unknown>>>(worker);
	const pending = new Set<(error: Error) => void>();
	let exit: WireError | null = null;
	let announceExit: (error: WireError) => void = () => {};
	const exited = new Promise<WireError>((resolve) => (announceExit = resolve));

	function stop(reason: string) {
		if (exit) return;
		exit = new WireError('noproc', `The ${name} is gone: ${reason}.`, { name: 'NoProcError' });
		worker.terminate();
		for (const fail of [...pending]) fail(exit);
		announceExit(exit);
	}

	worker.addEventListener('error', (event) => {
		const message = (event as Partial<ErrorEvent>).message;
		stop(typeof message === 'string' && message ? message : 'it failed to run');
	});

	function call(method: string, args: unknown[]): Promise<unknown> {
		if (exit) return Promise.reject(exit);
		const ms = (deadlines as Record<string, number | undefined>)[method] ?? deadlineMs;
		return new Promise((resolve, reject) => {
			const settle = () => {
				clearTimeout(timer);
				pending.delete(fail);
			};
			const fail = (error: Error) => {
				settle();
				reject(error);
			};
			const timer = setTimeout(() => {
				const message = `${name}.${method}() got no answer within ${ms} ms.`;
				fail(new WireError('timeout', message, { name: 'TimeoutError' }));
			}, ms);
			pending.add(fail);
			remote[method](...args).then(
				(value) => {
					settle();
					resolve(value);
				},
				(error: unknown) =>
					fail(
						error instanceof Error
							? error
							: new WireError(undefined, String(error), { details: error })
					)
			);
		});
	}

	const api = new Proxy(
		{},
		{
			get: (_, method) =>
				// `then` must stay undefined, or awaiting the proxy would call the worker.
				typeof method === 'string' && method !== 'then'
					? (...args: unknown[]) => call(method, args)
					: undefined
		}
	) as Remote<T>;

	return { api, exited, terminate: (reason = 'terminated') => stop(reason) };
}
