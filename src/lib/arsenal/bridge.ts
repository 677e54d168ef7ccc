/**
 * How a REST request finds a runtime to answer it: the service worker's routing, kept here so
 * that unit tests reach it (src/service-worker.ts only wires events to it), and the `direct`
 * handshake both of its receivers use (a page, and a runtime worker over a linked port).
 *
 * The service worker keeps no state that matters: ports to ready runtime workers (`link`, a
 * cache the pages fill again when asked) and the windows known to run no app. A request goes,
 * in order, to the requesting page's runtime worker, to the requesting window itself, then to
 * any linked runtime, probing the windows until one is ready or READY_WAIT_MS has passed.
 *
 * Like protocol.ts, this module is imported by the service worker: it depends on nothing else.
 *
 * ```ts
 * const bridge = new ApiBridge({ get: (id) => sw.clients.get(id), windows: () => sw.clients.matchAll({ type: 'window' }) });
 * bridge.link(clientId, port); // a page's runtime worker, on `superlearner.api.port`
 * const answer = await bridge.answer(req, event.clientId);
 * ```
 */
import { realTimers, type Timers } from '$lib/common/timers';
import {
	DIRECT_ACK_MS,
	DIRECT_GRACE_MS,
	fail,
	type ApiRequest,
	type ApiResponse,
	type BridgeMessage,
	type DirectReply
} from './protocol';

/** Anything a message and its reply port can be posted to: a Client, a MessagePort. */
export interface PostTarget {
	postMessage(message: unknown, transfer: Transferable[]): void;
}

/** A window or worker of the origin, as the service worker's `clients` API gives it. */
export interface BridgeClient extends PostTarget {
	readonly id: string;
	readonly type: string;
}

/** The service worker's `clients`, as far as the bridge needs them. */
export interface BridgeClients {
	get(id: string): Promise<BridgeClient | undefined>;
	/** The open windows. */
	windows(): Promise<readonly BridgeClient[]>;
}

export interface BridgeTimings {
	/** How long a request waits for some page to have its runtime ready. */
	readyWaitMs: number;
	/** How long a probe of the windows waits for a ready one. */
	probeMs: number;
	/** How long an accepted request waits for its answer. */
	answerWaitMs: number;
	/** How long a `direct` request waits to be accepted or declined. */
	directAckMs: number;
}

export const BRIDGE_TIMINGS: BridgeTimings = {
	readyWaitMs: 5_000,
	probeMs: 250,
	answerWaitMs: 35_000,
	directAckMs: DIRECT_ACK_MS
};

export class ApiBridge {
	/** Ports to ready runtime workers by client id, the most recently linked last. */
	readonly #runtimePorts = new Map<string, MessagePort>();
	/** Windows known to run no app (an image, a text file): never probed, never asked. */
	readonly #notApp = new Set<string>();
	readonly #clients: BridgeClients;
	readonly #timings: BridgeTimings;
	readonly #timers: Timers;

	constructor(
		clients: BridgeClients,
		opts: { timings?: Partial<BridgeTimings>; timers?: Timers } = {}
	) {
		this.#clients = clients;
		this.#timings = { ...BRIDGE_TIMINGS, ...opts.timings };
		this.#timers = opts.timers ?? realTimers;
	}

	/** A page's runtime worker, reachable on `port`; it replaces the page's earlier one. */
	link(clientId: string, port: MessagePort): void {
		this.#notApp.delete(clientId);
		this.#runtimePorts.get(clientId)?.close();
		this.#runtimePorts.delete(clientId);
		this.#runtimePorts.set(clientId, port);
	}

	/** A window said it runs the app. */
	hello(clientId: string): void {
		this.#notApp.delete(clientId);
	}

	/** A window that shows something other than the app (its navigation was not HTML). */
	notApp(clientId: string): void {
		this.#notApp.add(clientId);
	}

	/** Forgets the ports and marks of clients that have closed. */
	async forgetClosed(): Promise<void> {
		for (const id of [...this.#runtimePorts.keys(), ...this.#notApp]) {
			if (await this.#clients.get(id)) continue;
			this.#runtimePorts.get(id)?.close();
			this.#runtimePorts.delete(id);
			this.#notApp.delete(id);
		}
	}

	/** The answer to `req`, from the first runtime that takes it. */
	async answer(req: ApiRequest, clientId: string): Promise<ApiResponse> {
		return (
			(await this.#askRequestersRuntime(clientId, req)) ??
			(await this.#askRequester(clientId, req)) ??
			(await this.#askAnyReadyRuntime(req))
		);
	}

	/** The fastest path: the requesting page's runtime worker, over the port the page gave. */
	async #askRequestersRuntime(clientId: string, req: ApiRequest): Promise<ApiResponse | null> {
		const port = clientId ? this.#runtimePorts.get(clientId) : undefined;
		if (!port) return null;
		const answer = await this.#askDirect(port, req);
		// No answer: the page is gone or its worker was replaced; forget the port.
		if (!answer) this.#runtimePorts.delete(clientId);
		return answer;
	}

	/** The fast path: the requesting window itself, with no probe first, unless it runs no app. */
	async #askRequester(clientId: string, req: ApiRequest): Promise<ApiResponse | null> {
		if (!clientId || this.#notApp.has(clientId)) return null;
		const client = await this.#clients.get(clientId);
		if (!client || client.type !== 'window') return null;
		return this.#askDirect(client, req);
	}

	/**
	 * For a window that runs no app, a worker, or a page whose runtime is not ready: a linked
	 * runtime answers straight from its worker (the one linked last first), and no window is
	 * asked. With none linked, the windows are probed, all at once, until one is ready or a
	 * runtime links.
	 */
	async #askAnyReadyRuntime(req: ApiRequest): Promise<ApiResponse> {
		const { readyWaitMs, answerWaitMs } = this.#timings;
		const deadline = this.#timers.now() + readyWaitMs;
		do {
			const linked = await this.#askLinkedRuntime(req);
			if (linked) return linked;
			const page = await this.#readyPage();
			if (page) {
				const message: BridgeMessage = { type: 'superlearner.api.request', req };
				return (
					((await ask(page, message, answerWaitMs, this.#timers)) as ApiResponse | null) ??
					fail('timeout', `The runtime did not answer within ${answerWaitMs / 1000} s.`)
				);
			}
		} while (this.#timers.now() < deadline);
		return fail(
			'unavailable',
			`No SuperLearner tab had its runtime ready within ${readyWaitMs / 1000} s. ` +
				'Open the app in a tab, let it load, and try again.'
		);
	}

	/** The linked runtimes, the most recent first, until one answers; ports that do not are dropped. */
	async #askLinkedRuntime(req: ApiRequest): Promise<ApiResponse | null> {
		for (const [id, port] of [...this.#runtimePorts].reverse()) {
			const answer = await this.#askDirect(port, req);
			if (answer) return answer;
			this.#runtimePorts.delete(id);
		}
		return null;
	}

	#askDirect(target: PostTarget, req: ApiRequest): Promise<ApiResponse | null> {
		return askDirect(target, req, this.#timings, this.#timers);
	}

	/** A window whose runtime answers a probe (all probed at once), or null after probeMs. */
	async #readyPage(): Promise<BridgeClient | null> {
		const windows = (await this.#clients.windows()).filter((w) => !this.#notApp.has(w.id));
		if (windows.length > 0) return this.#firstReady(windows);
		await new Promise((resolve) =>
			this.#timers.setTimeout(() => resolve(null), this.#timings.probeMs)
		);
		return null;
	}

	/** Probes every window at once: the first to say its runtime is ready, or null. */
	#firstReady(windows: readonly BridgeClient[]): Promise<BridgeClient | null> {
		return new Promise((resolve) => {
			let waiting = windows.length;
			for (const client of windows) {
				const probe: BridgeMessage = { type: 'superlearner.api.probe' };
				void ask(client, probe, this.#timings.probeMs, this.#timers).then((reply) => {
					if (reply) resolve(client);
					else if (--waiting === 0) resolve(null);
				});
			}
		});
	}
}

/**
 * Sends a `direct` request: the receiver accepts at once and its runtime answers, or says it is
 * not ready. Null (try another way) when it is not ready or does not accept within directAckMs;
 * once accepted, the request runs there and nowhere else.
 */
export async function askDirect(
	target: PostTarget,
	req: ApiRequest,
	timings: Pick<BridgeTimings, 'directAckMs' | 'answerWaitMs'> = BRIDGE_TIMINGS,
	timers: Timers = realTimers
): Promise<ApiResponse | null> {
	const { port1, port2 } = new MessageChannel();
	const replies: unknown[] = [];
	let wake: () => void = () => {};
	port1.onmessage = (event) => {
		replies.push(event.data);
		wake();
	};
	/** The next reply, or null after `ms`. */
	const next = (ms: number) =>
		new Promise<unknown>((resolve) => {
			if (replies.length) return resolve(replies.shift());
			const timer = timers.setTimeout(() => {
				wake = () => {};
				resolve(null);
			}, ms);
			wake = () => {
				wake = () => {};
				timers.clearTimeout(timer);
				resolve(replies.shift());
			};
		});
	try {
		const message: BridgeMessage = { type: 'superlearner.api.direct', req, sentAt: Date.now() };
		target.postMessage(message, [port2]);
		const first = (await next(timings.directAckMs)) as DirectReply | ApiResponse | null;
		if (!first || ('type' in first && first.type === 'superlearner.api.not_ready')) return null;
		if (!('type' in first)) return first;
		return (
			((await next(timings.answerWaitMs)) as ApiResponse | null) ??
			fail('timeout', `The runtime did not answer within ${timings.answerWaitMs / 1000} s.`)
		);
	} finally {
		port1.close();
	}
}

/**
 * The receiving end of a `direct` request: declines when there is no runtime to run it (and the
 * sender tries another way), drops it when it came too late (the sender has gone another way:
 * running it too would run it twice), and otherwise accepts it and hands the reply port to
 * `run`, which answers on it.
 */
export function acceptDirect(
	message: Extract<BridgeMessage, { type: 'superlearner.api.direct' }>,
	reply: MessagePort,
	run: ((req: ApiRequest, reply: MessagePort) => void) | null
): void {
	if (Date.now() - message.sentAt > DIRECT_GRACE_MS) return reply.close();
	if (!run) {
		reply.postMessage({ type: 'superlearner.api.not_ready' } satisfies DirectReply);
		return reply.close();
	}
	reply.postMessage({ type: 'superlearner.api.accepted' } satisfies DirectReply);
	run(message.req, reply);
}

/** Posts `message` with a reply port; the reply, or null after `timeoutMs`. */
export function ask(
	target: PostTarget,
	message: BridgeMessage,
	timeoutMs: number,
	timers: Timers = realTimers
): Promise<unknown> {
	const { port1, port2 } = new MessageChannel();
	return new Promise((resolve) => {
		const timer = timers.setTimeout(() => resolve(null), timeoutMs);
		port1.onmessage = (event) => {
			timers.clearTimeout(timer);
			resolve(event.data);
		};
		target.postMessage(message, [port2]);
	}).finally(() => port1.close());
}
