/**
 * A sandbox's worker as the SandboxManager holds it: boot it with a way to hear its events,
 * call its API, terminate it. In the app, sandbox workers run in the sandbox frame (an
 * opaque-origin iframe the page makes, see sandbox/frame/protocol.ts), which the runtime
 * worker drives over a port the page hands it: {@link SandboxFrameLink}. Tests pass their own
 * spawner that runs the same host in-thread.
 */
import { transfer } from 'comlink';
import { connectWorker, type WorkerLike } from '$lib/arsenal/wire';
import type { LinkSettings, PeerStats } from '$lib/distribution';
import type { FrameReport, FrameRequest } from '$lib/sandbox/frame/protocol';
import type { PeerWire, SandboxBoot, SandboxHostApi } from '$lib/sandbox/protocol';

export interface SandboxWorker {
	readonly api: Pick<
		SandboxHostApi,
		'load' | 'swap' | 'stop' | 'execute' | 'loadTests' | 'runTest' | 'experiment'
	>;
	/** A cluster node's distribution, where the spawner can make cluster nodes. */
	readonly dist?: WorkerDistribution;
	/**
	 * Creates the node; what the worker posts arrives at `onEvent` from then on — unchecked:
	 * it comes from learner code's worker (see guard.ts). `onCrash` hears a worker that
	 * failed at the top level.
	 */
	boot(
		opts: Omit<SandboxBoot, 'events'>,
		onEvent: (data: unknown) => void,
		onCrash?: (why: string) => void
	): Promise<void>;
	/** Ends the worker at once; pending calls reject with `noproc`. */
	terminate(reason: string): void;
}

export type SpawnSandboxWorker = () => SandboxWorker;

/** A cluster node worker's distribution, as the system brokers it (see protocol.ts, `dist*`). */
export interface WorkerDistribution {
	/** The connection to `peer` is up over `port`, which moves to the worker. */
	attach(peer: PeerWire, port: MessagePort): Promise<void>;
	refuse(peer: string | number, reason: string): Promise<void>;
	disconnect(peer: string, reason: string): Promise<void>;
	setLink(peer: string, settings: Partial<LinkSettings>): Promise<void>;
	stats(): Promise<PeerStats[]>;
}

type DistributionApi = Pick<
	SandboxHostApi,
	'distAttach' | 'distRefuse' | 'distDisconnect' | 'distSetLink' | 'distStats'
>;

/**
 * A worker's distribution over its API; `move` marks a port to be transferred rather than
 * cloned (comlink's `transfer`, across threads).
 */
export function workerDistribution(
	api: DistributionApi,
	move: (port: MessagePort) => MessagePort = (port) => port
): WorkerDistribution {
	return {
		attach: (peer, port) => api.distAttach(peer, move(port)),
		refuse: (peer, reason) => api.distRefuse(peer, reason),
		disconnect: (peer, reason) => api.distDisconnect(peer, reason),
		setLink: (peer, settings) => api.distSetLink(peer, settings),
		stats: () => api.distStats()
	};
}

/**
 * How connectWorker listens for a worker's end: the frame's report (or a Node thread's error)
 * stands for an ErrorEvent.
 */
export type ErrorListener = (event: { message: string }) => void;

/**
 * A sandbox worker's connection: user code runs inside load and swap (the watchdog ends a stuck
 * one sooner); a test sets its own time limit, which its worker keeps.
 */
export const SANDBOX_WORKER_OPTIONS = {
	deadlineMs: 10_000,
	deadlines: { execute: 30_000, runTest: 10 * 60_000, experiment: 30_000 },
	name: 'sandbox worker'
};

/**
 * A WorkerLike over a sandbox worker's API port (`port`): its `error` listeners are kept in
 * `errors`, for whoever learns of the worker's end to call; `terminate` ends the worker.
 */
export function sandboxWorkerLike(
	port: Pick<WorkerLike, 'postMessage' | 'addEventListener' | 'removeEventListener'>,
	errors: Set<ErrorListener>,
	terminate: () => void
): WorkerLike {
	return {
		postMessage: (message, transferables) => port.postMessage(message, transferables),
		addEventListener(type, listener) {
			if (type === 'error') errors.add(listener as unknown as ErrorListener);
			else port.addEventListener(type, listener);
		},
		removeEventListener(type, listener) {
			if (type === 'error') errors.delete(listener as unknown as ErrorListener);
			else port.removeEventListener(type, listener);
		},
		terminate
	};
}
/** How long a boot waits for the page to hand over the sandbox frame. */
const FRAME_WAIT_MS = 10_000;

/**
 * The runtime worker's end of the sandbox frame: it sends the frame the sandbox worker's
 * script once, then asks it to start and end workers. A page that restarts its frame attaches
 * the new one; workers of the old one are gone with it.
 */
export class SandboxFrameLink {
	#port: MessagePort | undefined;
	#waiting: Array<(port: MessagePort) => void> = [];
	/** The script sent to the current frame (once, before any spawn). */
	#defined: Promise<void> | undefined;
	/** The sandbox worker's script, loaded once (again after a failed load). */
	#script: Promise<string> | undefined;
	#nextId = 1;
	readonly #crashes = new Map<number, (why: string) => void>();
	readonly #source: () => Promise<string>;

	/** `source` loads the sandbox worker's script (a lazy chunk: it is about 200 kB). */
	constructor(source: () => Promise<string>) {
		this.#source = source;
	}

	/** Loads the sandbox worker's script ahead of the first spawn. */
	async prepare(): Promise<void> {
		await this.#loadScript().catch(() => {});
	}

	#loadScript(): Promise<string> {
		this.#script ??= this.#source().catch((error: unknown) => {
			this.#script = undefined;
			throw error;
		});
		return this.#script;
	}

	attach(port: MessagePort): void {
		this.#port?.close();
		this.#port = port;
		this.#defined = undefined;
		port.onmessage = (event: MessageEvent<FrameReport>) => {
			if (event.data?.type === 'exited') this.#crashes.get(event.data.id)?.(event.data.reason);
		};
		for (const wake of this.#waiting.splice(0)) wake(port);
	}

	readonly spawn: SpawnSandboxWorker = () => {
		const id = this.#nextId++;
		const rpc = new MessageChannel();
		const events = new MessageChannel();
		const errorListeners = new Set<ErrorListener>();
		const crashed = (why: string) => {
			for (const listener of errorListeners) listener({ message: why });
		};
		this.#crashes.set(id, crashed);
		const started = this.#start(id, rpc.port2);
		const connection = connectWorker<SandboxHostApi>(
			sandboxWorkerLike(
				{
					postMessage: (message: unknown, transferables?: Transferable[]) =>
						rpc.port1.postMessage(message, transferables ?? []),
					addEventListener(type: string, listener: EventListenerOrEventListenerObject) {
						rpc.port1.addEventListener(type, listener);
						rpc.port1.start(); // a port's listener hears nothing until it is started
					},
					removeEventListener: (type: string, listener: EventListenerOrEventListenerObject) =>
						rpc.port1.removeEventListener(type, listener)
				},
				errorListeners,
				() => {
					this.#crashes.delete(id);
					this.#post({ type: 'terminate', id });
				}
			),
			SANDBOX_WORKER_OPTIONS
		);
		return {
			api: connection.api,
			async boot(opts, onEvent, onCrash) {
				await started;
				events.port1.onmessage = (e: MessageEvent<unknown>) => onEvent(e.data);
				errorListeners.add(({ message }) => onCrash?.(message));
				await connection.api.boot(transfer({ ...opts, events: events.port2 }, [events.port2]));
			},
			dist: workerDistribution(connection.api, (port) => transfer(port, [port])),
			terminate(reason) {
				events.port1.close();
				rpc.port1.close();
				connection.terminate(reason);
			}
		};
	};

	/** Asks the frame to start worker `id` with `api` as its private port; crashes go to the worker's error listeners. */
	async #start(id: number, api: MessagePort): Promise<void> {
		const port = await this.#frame();
		this.#defined ??= this.#loadScript().then((source) =>
			port.postMessage({ type: 'define', source } satisfies FrameRequest)
		);
		await this.#defined;
		port.postMessage({ type: 'spawn', id } satisfies FrameRequest, [api]);
	}

	#frame(): Promise<MessagePort> {
		if (this.#port) return Promise.resolve(this.#port);
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#waiting = this.#waiting.filter((w) => w !== wake);
				reject(
					new Error(
						`No sandbox frame within ${FRAME_WAIT_MS / 1000} s: sandboxes run in a frame of the app's page.`
					)
				);
			}, FRAME_WAIT_MS);
			const wake = (port: MessagePort) => {
				clearTimeout(timer);
				resolve(port);
			};
			this.#waiting.push(wake);
		});
	}

	#post(request: FrameRequest): void {
		this.#port?.postMessage(request);
	}
}
