/**
 * Telemetry after Erlang's `:telemetry`: code emits named events with measurements and
 * metadata; handlers attached to those names receive them, synchronously, in the emitter's
 * turn. Event names are dotted (`'arsenal.operation.stop'`), as DESIGN.md lists them.
 *
 * As in `:telemetry`, a handler that throws is detached (so a broken handler cannot break the
 * code that emits) and the failure is reported through `onHandlerError`.
 *
 * `span(prefix, metadata, fn)` emits `prefix.start` before `fn`, then `prefix.stop` or
 * `prefix.exception` with the `duration` in milliseconds (`performance.now()` resolution).
 *
 * @example
 * telemetry.attach('log-slow-ops', ['arsenal.operation.stop'], (event, { duration }, meta) => {
 *   if (duration > 100) console.warn(meta.operation, 'took', duration, 'ms');
 * });
 * await telemetry.span('demo.job', { id: 7 }, async () => doWork());
 * telemetry.detach('log-slow-ops');
 */

/** Numbers measured at the event: a duration, a count, a size. */
export type Measurements = Record<string, number>;
/** What the event is about: the operation, the client, the error. */
export type Metadata = Record<string, unknown>;

export type Handler<C = unknown> = (
	event: string,
	measurements: Measurements,
	metadata: Metadata,
	config: C
) => void;

export interface HandlerInfo {
	id: string;
	events: string[];
	config: unknown;
}

export interface TelemetryOptions {
	/** Monotonic milliseconds; default `performance.now()`. */
	now?: () => number;
	/** Told when a handler throws (the handler is detached first). Default: `console.error`. */
	onHandlerError?: (error: unknown, handlerId: string, event: string) => void;
}

interface Entry {
	id: string;
	events: string[];
	handler: Handler<unknown>;
	config: unknown;
}

export class Telemetry {
	readonly #now: () => number;
	readonly #onHandlerError: NonNullable<TelemetryOptions['onHandlerError']>;
	readonly #byId = new Map<string, Entry>();
	/** Handlers per event name, in attach order; rebuilt on attach and detach, read on execute. */
	#byEvent = new Map<string, Entry[]>();

	constructor(opts: TelemetryOptions = {}) {
		this.#now = opts.now ?? (() => performance.now());
		this.#onHandlerError =
			opts.onHandlerError ??
			((error, id, event) =>
				console.error(`Telemetry handler '${id}' failed on ${event} and was detached:`, error));
	}

	/**
	 * Attaches `handler` to `events` under a unique `id`; `['error', 'already_exists']` when the
	 * id is taken, as `:telemetry.attach_many/4` answers.
	 */
	attach<C>(
		id: string,
		events: string | readonly string[],
		handler: Handler<C>,
		config?: C
	): 'ok' | ['error', 'already_exists'] {
		if (this.#byId.has(id)) return ['error', 'already_exists'];
		const list = typeof events === 'string' ? [events] : [...new Set(events)];
		this.#byId.set(id, { id, events: list, handler: handler as Handler<unknown>, config });
		this.#reindex();
		return 'ok';
	}

	/** Detaches the handler with this id; `['error', 'not_found']` when there is none. */
	detach(id: string): 'ok' | ['error', 'not_found'] {
		if (!this.#byId.delete(id)) return ['error', 'not_found'];
		this.#reindex();
		return 'ok';
	}

	/** The attached handlers, those of events starting with `prefix` when given. */
	listHandlers(prefix = ''): HandlerInfo[] {
		return [...this.#byId.values()]
			.filter((e) => e.events.some((name) => name.startsWith(prefix)))
			.map(({ id, events, config }) => ({ id, events: [...events], config }));
	}

	/** Whether anything listens to `event`: lets hot paths skip building measurements. */
	hasHandlers(event: string): boolean {
		return this.#byEvent.has(event);
	}

	/** Emits `event` to its handlers, in attach order. */
	execute(event: string, measurements: Measurements, metadata: Metadata = {}): void {
		const entries = this.#byEvent.get(event);
		if (!entries) return;
		for (const entry of entries) {
			try {
				entry.handler(event, measurements, metadata, entry.config);
			} catch (error) {
				// The emitter must not fail because a handler did: detach it, as :telemetry does.
				this.detach(entry.id);
				this.#onHandlerError(error, entry.id, event);
			}
		}
	}

	/**
	 * Runs `fn` between `prefix.start` and `prefix.stop` (or `prefix.exception` when it throws or
	 * rejects, after which the error propagates). Works for synchronous and async functions.
	 * `stopMetadata` adds to the stop event's metadata from the result.
	 */
	span<T>(
		prefix: string,
		metadata: Metadata,
		fn: () => T,
		stopMetadata?: (result: Awaited<T>) => Metadata
	): T {
		const started = this.#now();
		this.execute(`${prefix}.start`, { monotonicTime: started, systemTime: Date.now() }, metadata);
		const stop = (result: Awaited<T>) => {
			const now = this.#now();
			const extra = stopMetadata ? stopMetadata(result) : undefined;
			this.execute(
				`${prefix}.stop`,
				{ duration: now - started, monotonicTime: now },
				extra ? { ...metadata, ...extra } : metadata
			);
			return result;
		};
		const fail = (error: unknown): never => {
			const now = this.#now();
			this.execute(
				`${prefix}.exception`,
				{ duration: now - started, monotonicTime: now },
				{ ...metadata, kind: 'error', reason: error }
			);
			throw error;
		};
		let result: T;
		try {
			result = fn();
		} catch (error) {
			return fail(error);
		}
		if (isThenable(result)) {
			return Promise.resolve(result).then(stop, fail) as T;
		}
		return stop(result as Awaited<T>);
	}

	#reindex(): void {
		const byEvent = new Map<string, Entry[]>();
		for (const entry of this.#byId.values()) {
			for (const name of entry.events) {
				const list = byEvent.get(name);
				if (list) list.push(entry);
				else byEvent.set(name, [entry]);
			}
		}
		this.#byEvent = byEvent;
	}
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
	return (
		(typeof value === 'object' || typeof value === 'function') &&
		value !== null &&
		typeof (value as { then?: unknown }).then === 'function'
	);
}

/** The app's telemetry, shared by Arsenal, the managers and Supertester in one worker. */
export const telemetry = new Telemetry();
