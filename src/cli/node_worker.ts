/**
 * Sandbox workers as worker_threads threads: what the SandboxManager and the test runner spawn
 * in Node (the browser's are in the sandbox frame, see system/sandboxes/frame_link.ts). Each
 * thread runs sandbox_worker.ts; its API is on a private MessageChannel port and its events on
 * another. `terminate` ends the thread for real, which is how an endless loop is stopped.
 *
 * ```ts
 * const workers = new NodeSandboxWorkers(workerScript);
 * await runSandboxTests(files, { spawnWorker: workers.spawn, … });
 * workers.closeAll();
 * ```
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { transfer } from 'comlink';
import { connectWorker } from '$lib/arsenal/wire';
import type { SandboxBoot, SandboxHostApi } from '$lib/sandbox/protocol';
import {
	SANDBOX_WORKER_OPTIONS,
	sandboxWorkerLike,
	workerDistribution,
	type ErrorListener,
	type SandboxWorker,
	type SpawnSandboxWorker
} from '$lib/system/sandboxes/frame_link';
import { portEndpoint } from './endpoint';

/**
 * V8's heap limit of a sandbox thread: past it Node ends the thread (a crash the runner
 * reports), so an object bomb takes down its sandbox and not the machine. The sandbox's own
 * memory budget (256 MB by default) is checked well before.
 */
const HEAP_LIMIT_MB = 1024;

/** A thread started, with the port its API is exposed on. */
interface Thread {
	worker: Worker;
	rpc: MessagePort;
}

export class NodeSandboxWorkers {
	readonly #threads = new Set<Worker>();
	/** A thread started ahead by {@link prepare}, for the next spawn. */
	#ready: Thread | undefined;

	/** `script`: the built sandbox_worker.mjs. */
	constructor(private readonly script: string | URL) {}

	/** Threads started and not yet ended. */
	get live(): number {
		return this.#threads.size;
	}

	/**
	 * Starts the next spawn's thread now: loading its script takes a few hundred ms, which can
	 * pass while the program compiles.
	 */
	prepare(): void {
		this.#ready ??= this.#start();
	}

	#start(): Thread {
		const rpc = new MessageChannel();
		const worker = new Worker(this.script, {
			workerData: { port: rpc.port2 },
			transferList: [rpc.port2],
			resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB },
			name: 'sandbox worker'
		});
		this.#threads.add(worker);
		worker.on('exit', () => this.#threads.delete(worker));
		return { worker, rpc: rpc.port1 };
	}

	readonly spawn: SpawnSandboxWorker = (): SandboxWorker => {
		const { worker: thread, rpc } = this.#ready ?? this.#start();
		this.#ready = undefined;
		const events = new MessageChannel();
		const errorListeners = new Set<ErrorListener>();
		let ended = false;
		const crashed = (why: string) => {
			if (ended) return;
			ended = true;
			for (const listener of errorListeners) listener({ message: why });
		};
		thread.on('error', (error) => crashed(error.message));
		thread.on('exit', (code) => crashed(`its thread exited (code ${code})`));
		const connection = connectWorker<SandboxHostApi>(
			sandboxWorkerLike(portEndpoint(rpc), errorListeners, () => {
				ended = true;
				rpc.close();
				events.port1.close();
				void thread.terminate();
			}),
			SANDBOX_WORKER_OPTIONS
		);
		return {
			api: connection.api,
			// A cluster node's ports cross to its thread as the DOM's would.
			dist: workerDistribution(connection.api, (port) => transfer(port, [port])),
			async boot(opts, onEvent, onCrash) {
				events.port1.on('message', onEvent);
				errorListeners.add(({ message }) => onCrash?.(message));
				// The port is a worker_threads port: it crosses as the DOM's would.
				const port = events.port2 as unknown as SandboxBoot['events'];
				await connection.api.boot(transfer({ ...opts, events: port }, [port]));
			},
			terminate: (reason) => connection.terminate(reason)
		};
	};

	/** Ends every thread still running, a prepared one too. */
	closeAll(): Promise<void> {
		this.#ready = undefined;
		return Promise.all([...this.#threads].map((t) => t.terminate())).then(() => {});
	}
}
