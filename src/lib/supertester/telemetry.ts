/**
 * Supertester's telemetry events (DESIGN.md): `supertester.helper.start|stop` around every
 * helper, `supertester.assertion.passed|failed` for every assertion. Handlers are called
 * synchronously; one that throws is detached, so a broken handler cannot fail a test.
 *
 * ```ts
 * const off = attachSupertester((event, m, meta) => console.log(event, meta.name, m.duration));
 * await helper('castAndSync', () => …);    // start, then stop with { duration }
 * await assertion('assertProcessAlive', () => …); // passed, or failed (and rethrown)
 * off();
 * ```
 */
export type SupertesterEvent =
	| 'supertester.helper.start'
	| 'supertester.helper.stop'
	| 'supertester.assertion.passed'
	| 'supertester.assertion.failed';

export type SupertesterHandler = (
	event: SupertesterEvent,
	measurements: Record<string, number>,
	metadata: { name: string; error?: string }
) => void;

const handlers = new Set<SupertesterHandler>();

/** Attaches a handler to every Supertester event; returns its detach. */
export function attachSupertester(handler: SupertesterHandler): () => void {
	handlers.add(handler);
	return () => handlers.delete(handler);
}

function emit(
	event: SupertesterEvent,
	measurements: Record<string, number>,
	metadata: { name: string; error?: string }
): void {
	for (const handler of handlers) {
		try {
			handler(event, measurements, metadata);
		} catch {
			handlers.delete(handler);
		}
	}
}

/** Runs helper `name`, between its start and stop events (stop also when it throws). */
export async function helper<T>(name: string, fn: () => Promise<T>): Promise<T> {
	if (handlers.size === 0) return fn();
	const started = performance.now();
	emit('supertester.helper.start', {}, { name });
	try {
		return await fn();
	} finally {
		emit('supertester.helper.stop', { duration: performance.now() - started }, { name });
	}
}

/** Runs assertion `name`: passed when `fn` resolves, failed (and rethrown) when it throws. */
export async function assertion<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
	const started = performance.now();
	try {
		const value = await fn();
		emit('supertester.assertion.passed', { duration: performance.now() - started }, { name });
		return value;
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		emit(
			'supertester.assertion.failed',
			{ duration: performance.now() - started },
			{ name, error: message }
		);
		throw error;
	}
}
