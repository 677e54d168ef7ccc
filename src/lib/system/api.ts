/**
 * What the runtime worker exposes over comlink. Pages import only its type and reach it
 * through `connectWorker` (src/lib/arsenal/wire.ts): `execute` runs an Arsenal operation for a
 * page; `serve` answers a REST request the service worker forwarded, straight on its port.
 */
import { acceptDirect } from '$lib/arsenal/bridge';
import { fail, type ApiRequest, type BridgeMessage } from '$lib/arsenal/protocol';
import { ArsenalError } from '$lib/arsenal/errors';
import type { RateLimitOptions } from '$lib/arsenal/rate_limit';
import type { Executed } from '$lib/arsenal/registry';
import type { EventBatch, Subscription } from '$lib/stream/events';
import type { SystemHost, SystemInfo } from './host';
import type { CompilerStep } from './sandboxes/compiler';

export interface RuntimeApiOptions {
	/** Takes the runtime worker's end of the page's sandbox frame (see system/sandboxes/frame_link.ts). */
	attachSandboxFrame?: (port: MessagePort) => void;
	/** What the sandboxes' compiler does (system/sandboxes/compiler.ts); returns the way to stop. */
	watchCompiler?: (listener: (step: CompilerStep) => void) => () => void;
	/** Loads what a first sandbox needs (its compiler, its worker's script); never rejects. */
	prepareSandboxes?: () => Promise<void>;
}

/**
 * An API over the system host that `starting` resolves to (calls wait for it). Each call goes to
 * the system runtime of the moment: after a heal, a new node (SystemHost).
 */
export function createRuntimeApi(starting: Promise<SystemHost>, opts: RuntimeApiOptions = {}) {
	// A runtime that fails to start fails every call; nobody may be calling yet.
	starting.catch(() => {});
	const current = async () => (await starting).current();
	/**
	 * Subscriptions by the id the page holds. The sources number their own (each system node
	 * from 1), so that a page's old id never ends another node's stream after a heal.
	 */
	const streams = new Map<number, () => void>();
	let lastStream = 0;

	async function serve(req: ApiRequest, port: MessagePort): Promise<void> {
		try {
			port.postMessage(await (await current()).handle(req));
		} catch (error) {
			const why = error instanceof Error ? error.message : String(error);
			port.postMessage(fail('unavailable', `The runtime did not start: ${why}`));
		} finally {
			port.close();
		}
	}

	return {
		/**
		 * The system node's name, number, start time and uptime (a heal starts a new one), and the
		 * system's health with its recent incidents. Answers at once, even while the system heals.
		 */
		async nodeInfo(): Promise<SystemInfo> {
			return (await starting).info();
		},

		/**
		 * Runs an Arsenal operation: the JSON answer and its status, or a rejection with the
		 * error's `code` (its HTTP status is `statusOf(code)`) and `details`.
		 */
		async execute(operation: string, params?: unknown): Promise<Executed> {
			return (await current()).execute(operation, params);
		},

		/**
		 * Streams a node's trace events — the system node's, or a sandbox's named by `opts.node` —
		 * to `receive` (a comlink proxy) as batches, at most one per animation frame: each waits
		 * until `receive` resolved the previous one. A system node's stream ends with the node (a
		 * heal): subscribe again to the new one.
		 */
		async subscribe(
			receive: (batch: EventBatch) => Promise<void>,
			opts: { node?: string } = {}
		): Promise<Subscription> {
			const system = await current();
			const source =
				opts.node === undefined || opts.node === system.node.name
					? system.subscriptions
					: system.sandboxes.byNode(opts.node)?.relay;
			if (!source) throw new ArsenalError('not_found', `No node named '${opts.node}'.`);
			const subscription = source.subscribe(receive);
			const id = ++lastStream;
			streams.set(id, () => source.unsubscribe(subscription.id));
			return { ...subscription, id };
		},

		/** Ends a subscription. */
		unsubscribe(id: number): void {
			streams.get(id)?.();
			streams.delete(id);
		},

		/**
		 * Tells `receive` (a comlink proxy) what the sandboxes' compiler does now and on each change
		 * (downloading with its bytes, preparing, compiling): a run's steps. End with `unsubscribe`.
		 */
		watchCompiler(receive: (step: CompilerStep) => Promise<void> | void): number {
			const id = ++lastStream;
			const end = () => {
				streams.get(id)?.();
				streams.delete(id);
			};
			// A page that has gone rejects: stop telling it.
			const stop = opts.watchCompiler?.((step) => {
				void Promise.resolve(receive(step)).catch(end);
			});
			streams.set(id, stop ?? (() => {}));
			return id;
		},

		/**
		 * Loads what a first sandbox needs — the compiler (downloaded and compiled, which
		 * `watchCompiler` shows) and the sandbox worker's script — before a learner asks to run
		 * one. A page where sandboxes are made calls it as it opens.
		 */
		async prepareSandboxes(): Promise<void> {
			await opts.prepareSandboxes?.();
		},

		/** Sets the REST clients' rate limit (`false`: none); the benchmarks lift it while they run. */
		async setRateLimit(limit: RateLimitOptions | false): Promise<void> {
			await (await starting).setRateLimit(limit);
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
				acceptDirect(event.data, reply, (req, port) => void serve(req, port));
			};
		}
	};
}

export type RuntimeApi = ReturnType<typeof createRuntimeApi>;
