/**
 * A sandbox's worker as the SandboxManager holds it: boot it with a way to hear its events,
 * call its API, terminate it. `spawnSandboxWorker` makes a real Web Worker
 * (`src/workers/sandbox.worker.ts`, started from the runtime worker); tests pass their own
 * spawner that runs the same host in-thread.
 */
import { transfer } from 'comlink';
import { connectWorker, type WorkerLike } from '$lib/arsenal/wire';
import type { SandboxBoot, SandboxEvent, SandboxHostApi } from '$lib/sandbox/protocol';

export interface SandboxWorker {
	readonly api: Pick<SandboxHostApi, 'load' | 'swap' | 'stop' | 'execute'>;
	/** Creates the node; events arrive at `onEvent` from then on. */
	boot(opts: Omit<SandboxBoot, 'events'>, onEvent: (event: SandboxEvent) => void): Promise<void>;
	/** Ends the worker at once; pending calls reject with `noproc`. */
	terminate(reason: string): void;
}

export type SpawnSandboxWorker = () => SandboxWorker;

/** Deadlines: user code runs inside load and swap (the watchdog ends a stuck one sooner). */
const DEADLINE_MS = 10_000;
const EXECUTE_DEADLINE_MS = 30_000;

export const spawnSandboxWorker: SpawnSandboxWorker = () => {
	const worker = new Worker(new URL('../../workers/sandbox.worker.ts', import.meta.url), {
		type: 'module'
	});
	// The API runs on a port of its own: learner code can post on `self`, never on this.
	const rpc = new MessageChannel();
	worker.postMessage(null, [rpc.port2]);
	const connection = connectWorker<SandboxHostApi>(privateEndpoint(worker, rpc.port1), {
		deadlineMs: DEADLINE_MS,
		deadlines: { execute: EXECUTE_DEADLINE_MS },
		name: 'sandbox worker'
	});
	const channel = new MessageChannel();
	return {
		api: connection.api,
		async boot(opts, onEvent) {
			channel.port1.onmessage = (e: MessageEvent<SandboxEvent>) => onEvent(e.data);
			await connection.api.boot(transfer({ ...opts, events: channel.port2 }, [channel.port2]));
		},
		terminate(reason) {
			channel.port1.close();
			rpc.port1.close();
			connection.terminate(reason);
		}
	};
};

/** The worker as comlink sees it: messages on `port`, errors and termination from the worker. */
function privateEndpoint(worker: Worker, port: MessagePort): WorkerLike {
	return {
		postMessage: (message: unknown, transfer?: Transferable[]) =>
			port.postMessage(message, transfer ?? []),
		addEventListener(type: string, listener: EventListenerOrEventListenerObject) {
			if (type === 'error') return worker.addEventListener(type, listener);
			port.addEventListener(type, listener);
			port.start(); // a port's listener hears nothing until it is started
		},
		removeEventListener(type: string, listener: EventListenerOrEventListenerObject) {
			if (type === 'error') worker.removeEventListener(type, listener);
			else port.removeEventListener(type, listener);
		},
		terminate: () => worker.terminate()
	};
}
