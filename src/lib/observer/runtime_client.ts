/**
 * The observer's Arsenal client over the app's runtime worker: each call goes to
 * `execute(name, params)` of the runtime that runs at that moment (a retried runtime is a new
 * worker), and fails with code `unavailable` while none does.
 */
import { proxy, type ProxyMarked } from 'comlink';
import type { RuntimeHost } from '$lib/app/runtime_host.svelte';
import { typedExecute, type Execute } from '$lib/arsenal/client';
import { ArsenalClient } from './arsenal_client';
import type { EventBatch, Subscription } from '$lib/stream/events';
import type { EventSource } from './feed.svelte';

export function arsenalOf(runtime: RuntimeHost): ArsenalClient {
	return new ArsenalClient(executeOf(runtime));
}

/**
 * Runs an operation on the runtime running at that moment (for clients of other operations), or
 * on the one starting once it runs; fails with code `unavailable` when none does.
 */
export function executeOf(runtime: RuntimeHost): Execute {
	return typedExecute(async (operation, params) =>
		(await runtime.ready()).execute(operation, params)
	);
}

/** What the runtime worker offers for the event stream (RuntimeApi's `subscribe`). */
export interface StreamApi {
	subscribe(
		receive: ((batch: EventBatch) => Promise<void>) & ProxyMarked,
		opts?: { node?: string }
	): Promise<Subscription>;
	unsubscribe(id: number): Promise<void>;
}

/**
 * A feed's source over the runtime worker: the system node's stream, or the node named `node`
 * (a sandbox's). The callback crosses as a comlink proxy.
 */
export function eventSourceOf(api: StreamApi, node?: string): EventSource {
	return {
		subscribe: (receive) => api.subscribe(proxy(receive), node === undefined ? {} : { node }),
		unsubscribe: (id) => api.unsubscribe(id)
	};
}
