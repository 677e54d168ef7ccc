/**
 * The operation registry: looks operations up by name (and, through its router, by method and
 * path) and executes them. Every caller — a page over comlink, the REST Plug, a learner's code —
 * goes through {@link OperationRegistry.execute}, which does, in order:
 *
 * 1. the per-client rate limit (callers with a `clientId`, i.e. REST clients): 429;
 * 2. validation of the parameters with the operation's zod schema: 422 naming the field;
 * 3. `authorize`: 403 with the operation's reason;
 * 4. telemetry `arsenal.operation.start`, then `run` under `operationTimeout` (504 past it),
 *    then `arsenal.operation.stop` or `arsenal.operation.exception`, both with `duration` (ms)
 *    — no telemetry while `enableTelemetry` is false;
 * 5. serialization of the outcome into JSON data.
 *
 * Failures are thrown as {@link ArsenalError}s whose `details` are already JSON data.
 *
 * @example
 * const registry = new OperationRegistry(operations, { operationTimeout: 30_000 });
 * const { status, data } = await registry.execute('list_processes', { perPage: 5 }, ctx);
 */
import { remoteTarget, type ArsenalContext } from './context';
import { ArsenalError, fieldIssues, toArsenalError, validationFailed } from './errors';
import type { AnyOperation } from './operation';
import { RateLimiter, type RateLimitOptions } from './rate_limit';
import { Router } from './router';
import { serialize, type Json } from './serialize';
import { telemetry as defaultTelemetry, type Telemetry } from './telemetry';

export interface RegistryOptions {
	/** Milliseconds an operation may run before it answers 504. Default 30,000. */
	operationTimeout?: number;
	/** The per-client limit for callers with a `clientId`; `false` turns it off. Default 100/min. */
	rateLimit?: RateLimitOptions | false;
	/** Whether operations emit `arsenal.operation.*` events. Default true. */
	enableTelemetry?: boolean;
	telemetry?: Telemetry;
	/** Monotonic ms for durations; default `performance.now()`. */
	now?: () => number;
}

/** What an operation runs with, less the registry (execute supplies itself). */
export type ExecutionContext = Omit<ArsenalContext, 'registry'>;

/** A success: the status to answer with and the JSON data. */
export interface Executed {
	operation: string;
	status: number;
	data: Json;
	meta?: Json;
}

export class OperationRegistry {
	readonly router: Router;
	/** Milliseconds an operation may run before it answers 504; a change applies to later calls. */
	operationTimeout: number;
	/** Whether operations emit `arsenal.operation.*` events; a change applies to later calls. */
	enableTelemetry: boolean;
	/** The per-client limit, while there is one. */
	limiter: RateLimiter | undefined;
	readonly #operations = new Map<string, AnyOperation>();
	readonly #telemetry: Telemetry;
	readonly #now: () => number;

	constructor(operations: Iterable<AnyOperation>, opts: RegistryOptions = {}) {
		for (const op of operations) {
			if (this.#operations.has(op.name)) throw new Error(`Two operations are named '${op.name}'.`);
			this.#operations.set(op.name, op);
		}
		this.router = new Router(this.#operations.values());
		this.operationTimeout = opts.operationTimeout ?? 30_000;
		this.enableTelemetry = opts.enableTelemetry ?? true;
		this.#telemetry = opts.telemetry ?? defaultTelemetry;
		this.#now = opts.now ?? (() => performance.now());
		this.setRateLimit(opts.rateLimit ?? {});
	}

	/** Replaces the per-client limit (`false`: none), forgetting every client's count. */
	setRateLimit(opts: RateLimitOptions | false): void {
		this.limiter = opts === false ? undefined : new RateLimiter({ now: this.#now, ...opts });
	}

	get(name: string): AnyOperation | undefined {
		return this.#operations.get(name);
	}

	/** Every operation, in registration order. */
	list(): AnyOperation[] {
		return [...this.#operations.values()];
	}

	/** Runs operation `name` with raw `params` (from JSON, a query string or a form). */
	async execute(name: string, params: unknown, ctx: ExecutionContext): Promise<Executed> {
		const op = this.#operations.get(name);
		if (!op) {
			throw new ArsenalError('not_found', `No operation named '${String(name).slice(0, 100)}'.`, {
				operation: String(name).slice(0, 100)
			});
		}
		if (ctx.clientId !== undefined && this.limiter) {
			const admission = this.limiter.take(ctx.clientId);
			if (!admission.ok) {
				const seconds = Math.ceil(admission.retryAfterMs / 1000);
				throw new ArsenalError(
					'rate_limited',
					`Over the limit of ${this.limiter.limit} requests per ${this.limiter.windowMs / 1000} s; try again in ${seconds} s.`,
					{
						limit: this.limiter.limit,
						windowMs: this.limiter.windowMs,
						retryAfterMs: admission.retryAfterMs
					}
				);
			}
		}
		const parsed = op.params.safeParse(params ?? {});
		if (!parsed.success) throw validationFailed(fieldIssues(parsed.error));
		const full: ArsenalContext = { ...ctx, registry: this };
		if (op.authorize) {
			const verdict = op.authorize(parsed.data, full);
			if (verdict !== true) throw new ArsenalError('unauthorized', verdict, { operation: op.name });
		}
		// `params` (parsed) lets listeners see what was asked: the timeline records kills, faults
		// and sends as replay inputs. start and stop share the object.
		const metadata = {
			operation: op.name,
			category: op.category,
			clientId: ctx.clientId,
			params: parsed.data
		};
		const telemetry = this.enableTelemetry ? this.#telemetry : undefined;
		const started = this.#now();
		telemetry?.execute(
			'arsenal.operation.start',
			{ monotonicTime: started, systemTime: Date.now() },
			metadata
		);
		try {
			const executed = await this.#withDeadline(op, () =>
				this.#run(op, params, parsed.data as Record<string, unknown>, full)
			);
			const { status } = executed;
			const now = this.#now();
			telemetry?.execute(
				'arsenal.operation.stop',
				{ duration: now - started, monotonicTime: now },
				{ ...metadata, status }
			);
			return executed;
		} catch (thrown) {
			const error = toArsenalError(thrown, op.name);
			const details = error.details === undefined ? undefined : serialize(error.details);
			const safe = new ArsenalError(error.code, error.message, details);
			const now = this.#now();
			telemetry?.execute(
				'arsenal.operation.exception',
				{ duration: now - started, monotonicTime: now },
				{
					...metadata,
					status: safe.status,
					kind: safe.code === 'timeout' ? 'timeout' : 'error',
					reason: safe.code,
					error: safe
				}
			);
			throw safe;
		}
	}

	/**
	 * Runs the operation here, or — when its parameters point at a node in another worker — has
	 * that node's registry run it with the same raw parameters (it validates them again).
	 */
	async #run(
		op: AnyOperation,
		raw: unknown,
		params: Record<string, unknown>,
		ctx: ArsenalContext
	): Promise<Executed> {
		const remote = op.local ? undefined : remoteTarget(ctx, params);
		if (remote) return remote.execute(op.name, raw);
		const outcome = await op.run(params, ctx);
		const executed: Executed = {
			operation: op.name,
			status: op.successStatus ?? 200,
			data: serialize(outcome.data)
		};
		if (outcome.meta !== undefined) executed.meta = serialize(outcome.meta);
		return executed;
	}

	/** `run()`'s outcome, or a 504 once `operationTimeout` has passed. */
	#withDeadline<T>(op: AnyOperation, run: () => Promise<T>): Promise<T> {
		const ms = this.operationTimeout;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const deadline = new Promise<never>((_, reject) => {
			timer = setTimeout(
				() =>
					reject(
						new ArsenalError('timeout', `${op.name} did not finish within ${ms / 1000} s.`, {
							operation: op.name,
							timeoutMs: ms
						})
					),
				ms
			);
		});
		return Promise.race([Promise.resolve().then(run), deadline]).finally(() => clearTimeout(timer));
	}
}
