/**
 * What the runtime worker exposes over comlink. Pages import only its type and reach it
 * through `connectWorker` (src/lib/arsenal/wire.ts): `execute` runs an Arsenal operation for a
 * page; `serve` answers a REST request the service worker forwarded, straight on its port.
 */
import {
	DIRECT_GRACE_MS,
	fail,
	type ApiRequest,
	type BridgeMessage,
	type DirectReply
} from '$lib/arsenal/protocol';
import { ArsenalError } from '$lib/arsenal/errors';
import type { RateLimitOptions } from '$lib/arsenal/rate_limit';
import type { Executed } from '$lib/arsenal/registry';
import type { EventBatch, Subscription } from '$lib/observer/events';
import { Subscriptions } from '$lib/observer/subscriptions';
import type { NodeInfo, SystemRuntime } from './system_runtime';

export interface RuntimeApiOptions {
	/** Takes the runtime worker's end of the page's sandbox frame (see core/sandbox_worker.ts). */
	attachSandboxFrame?: (port: MessagePort) => void;
}

/** An API over the system runtime that `starting` resolves to (calls wait for it). */
export function createRuntimeApi(starting: Promise<SystemRuntime>, opts: RuntimeApiOptions = {}) {
	// A runtime that fails to start fails every call; nobody may be calling yet.
	starting.catch(() => {});
	const subscriptions = starting.then(
		(system) => new Subscriptions(system.node, () => system.restarts.recent())
	);
	subscriptions.catch(() => {});

	async function serve(req: ApiRequest, port: MessagePort): Promise<void> {
		try {
			port.postMessage(await (await starting).handle(req));
		} catch (error) {
			const why = error instanceof Error ? error.message : String(error);
			port.postMessage(fail('unavailable', `The runtime did not start: ${why}`));
		} finally {
			port.close();
		}
	}

	return {
		/** The system node's name, number, start time and uptime. */
		async nodeInfo(): Promise<NodeInfo> {
			return (await starting).info();
		},

		/**
		 * Runs an Arsenal operation: the JSON answer and its status, or a rejection with the
		 * error's `code` (its HTTP status is `statusOf(code)`) and `details`.
		 */
		async execute(operation: string, params?: unknown): Promise<Executed> {
			return (await starting).execute(operation, params);
		},

		/**
		 * Streams a node's trace events — the system node's, or a sandbox's named by `opts.node` —
		 * to `receive` (a comlink proxy) as batches, at most one per animation frame: each waits
		 * until `receive` resolved the previous one.
		 */
		async subscribe(
			receive: (batch: EventBatch) => Promise<void>,
			opts: { node?: string } = {}
		): Promise<Subscription> {
			const system = await starting;
			if (opts.node === undefined || opts.node === system.node.name) {
				return (await subscriptions).subscribe(receive);
			}
			const sandbox = system.sandboxes.byNode(opts.node);
			if (!sandbox) throw new ArsenalError('not_found', `No node named '${opts.node}'.`);
			return sandbox.relay.subscribe(receive);
		},

		/** Ends a subscription. */
		async unsubscribe(id: number): Promise<void> {
			const system = await starting;
			for (const sandbox of system.sandboxes.byId.values()) {
				if (sandbox.relay.unsubscribe(id)) return;
			}
			(await subscriptions).unsubscribe(id);
		},

		/** Sets the REST clients' rate limit (`false`: none); the benchmarks lift it while they run. */
		async setRateLimit(limit: RateLimitOptions | false): Promise<void> {
			(await starting).registry.setRateLimit(limit);
		},

		/** Answers a service-worker API request straight on `port`, so the reply skips the page. */
		serve,

		/** Takes the page's sandbox frame, where sandbox workers run; a later frame replaces it. */
		attachSandboxFrame(port: MessagePort): void {
			if (opts.attachSandboxFrame) opts.attachSandboxFrame(port);
			else port.close();
		},

		/**
		 * Takes the service worker's end of a channel the page made: requests then come straight
		 * from the service worker (`direct` messages, each with its reply port), not through the page.
		 */
		attachPort(port: MessagePort): void {
			port.onmessage = (event: MessageEvent<BridgeMessage>) => {
				const [reply] = event.ports;
				if (!reply || event.data?.type !== 'superlearner.api.direct') return;
				// Late: the service worker has gone another way; running it too would run it twice.
				if (Date.now() - event.data.sentAt > DIRECT_GRACE_MS) return reply.close();
				reply.postMessage({ type: 'superlearner.api.accepted' } satisfies DirectReply);
				void serve(event.data.req, reply);
			};
		}
	};
}

export type RuntimeApi = ReturnType<typeof createRuntimeApi>;
