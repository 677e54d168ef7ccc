/**
 * The page's handle on its runtime worker: starts it, reads the system node once a second (so
 * the UI shows live uptime from the worker itself, and the system's health and incidents: the
 * worker heals a system node that dies, see system/host.ts), and turns a worker that dies or
 * stops answering into a `failed` state the UI can offer to retry.
 */
import { createContext } from 'svelte';
import { transfer, type Remote } from 'comlink';
import { ArsenalError } from '$lib/arsenal/errors';
import { connectWorker, type Connection } from '$lib/arsenal/wire';
import { RUNTIME_WORKER_NAME } from '$lib/common/runtime_worker';
import { openSandboxFrame, type SandboxFrame } from './sandbox_frame';
import type { RuntimeApi } from '$lib/system/api';
import type { Incident, SystemInfo } from '$lib/system/host';

const DEADLINE_MS = 5_000;
const OPERATION_DEADLINE_MS = 35_000;
const REFRESH_MS = 1_000;
/** What a call to a runtime that is not running gets (a 503, as REST answers then). */
const notRunning = () => new ArsenalError('unavailable', 'The runtime is not running.');

export interface RuntimeOptions {
	/**
	 * An embedded widget's runtime: no demo application, and no sandboxes or restart history
	 * kept for the next visit (the app's own would be replayed into every widget).
	 */
	lean?: boolean;
}

export class RuntimeHost {
	status = $state<'starting' | 'running' | 'failed'>('starting');
	/** Why the runtime failed, for people. */
	error = $state<string | null>(null);
	/** Whether the failure happened before the runtime ever answered. */
	failedToStart = $state(false);
	node = $state.raw<SystemInfo | null>(null);
	/** The system node's incarnation: one more after each heal, when its event stream is new. */
	readonly incarnation = $derived(this.node?.incarnation ?? 0);
	/** The newest incident the learner has not dismissed (one still healing is never hidden). */
	readonly incident = $derived.by(() => {
		const latest = this.node?.incidents.at(-1);
		return latest && (latest.id > this.#dismissed || latest.status === 'healing') ? latest : null;
	});
	#dismissed = $state(0);
	readonly #lean: boolean;
	#connection: Connection<RuntimeApi> | null = null;
	#frame: SandboxFrame | null = null;
	#timer: ReturnType<typeof setInterval> | undefined;
	/** Who waits for the runtime that is starting (see {@link ready}). */
	#waiting: Array<{
		resolve: (api: Remote<RuntimeApi>) => void;
		reject: (e: ArsenalError) => void;
	}> = [];

	constructor({ lean = false }: RuntimeOptions = {}) {
		this.#lean = lean;
	}

	/** The runtime's API while it runs. */
	get api() {
		return this.status === 'running' ? (this.#connection?.api ?? null) : null;
	}

	/**
	 * Starts a fresh runtime worker, replacing any previous one; the first start adopts the one
	 * {@link launchRuntimeEarly} began, if any.
	 */
	start(): void {
		this.stop();
		this.status = 'starting';
		this.error = null;
		this.node = null;
		this.#dismissed = 0;
		const { connection, frame } = takeEarly(this.#lean) ?? launch(this.#lean);
		this.#connection = connection;
		this.#frame = frame;
		void connection.exited.then((error) => this.#fail(connection, error));
		void this.#refresh(connection).then(() => {
			if (this.#connection !== connection || this.status !== 'running') return;
			this.#timer = setInterval(() => void this.#refresh(connection), REFRESH_MS);
		});
	}

	/**
	 * The runtime's API once it runs: at once while it does, after it has started while it
	 * starts (a click in a first visit's first second waits for it); rejects with code
	 * `unavailable` when it fails.
	 */
	ready(): Promise<Remote<RuntimeApi>> {
		const api = this.api;
		if (api) return Promise.resolve(api);
		if (this.status === 'failed') return Promise.reject(notRunning());
		return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
	}

	/**
	 * Loads, in the background, what a learner's first sandbox needs (the compiler's 14 MB, the
	 * sandbox worker's script): pages where sandboxes are made call it as they open, so that
	 * "Create and run" does not start with a download.
	 */
	prepareSandboxes(): void {
		this.ready()
			.then((api) => api.prepareSandboxes())
			.catch(() => {}); // a runtime that fails says so itself
	}

	/** Hides `incident` (and older ones) until another happens. */
	dismiss(incident: Incident): void {
		this.#dismissed = Math.max(this.#dismissed, incident.id);
	}

	stop(): void {
		clearInterval(this.#timer);
		this.#connection?.terminate('the page stopped it');
		this.#connection = null;
		this.#frame?.close();
		this.#frame = null;
	}

	async #refresh(connection: Connection<RuntimeApi>): Promise<void> {
		try {
			const node = await connection.api.nodeInfo();
			if (this.#connection !== connection) return;
			this.node = node;
			this.status = 'running';
			for (const { resolve } of this.#waiting.splice(0)) resolve(connection.api);
		} catch (error) {
			this.#fail(connection, error);
		}
	}

	#fail(connection: Connection<RuntimeApi>, error: unknown): void {
		if (this.#connection !== connection || this.status === 'failed') return;
		clearInterval(this.#timer);
		this.failedToStart = this.status === 'starting';
		this.status = 'failed';
		this.error = error instanceof Error ? error.message : String(error);
		for (const { reject } of this.#waiting.splice(0)) reject(notRunning());
		connection.terminate('it failed');
	}
}

interface Launched {
	connection: Connection<RuntimeApi>;
	frame: SandboxFrame;
	lean: boolean;
}

/** A runtime worker and its sandbox frame, connected. */
function launch(lean: boolean): Launched {
	const worker = new Worker(new URL('../../workers/runtime.worker.ts', import.meta.url), {
		type: 'module',
		// Its name tells the worker what to boot.
		name: lean ? RUNTIME_WORKER_NAME.lean : RUNTIME_WORKER_NAME.full
	});
	const connection = connectWorker<RuntimeApi>(worker, {
		deadlineMs: DEADLINE_MS,
		// An operation may run for up to its 30 s operationTimeout.
		deadlines: { execute: OPERATION_DEADLINE_MS, serve: OPERATION_DEADLINE_MS },
		name: 'runtime worker'
	});
	// Sandboxes run in a frame of their own, which the runtime worker drives directly.
	const frame = openSandboxFrame();
	void connection.api.attachSandboxFrame(transfer(frame.port, [frame.port])).catch(() => {});
	return { connection, frame, lean };
}

let early: Launched | null = null;

/**
 * Starts the runtime worker as the app starts (hooks.client.ts), before the page's code has
 * loaded: the worker boots while the page renders, and REST answers sooner on a first visit.
 */
export function launchRuntimeEarly({ lean = false }: RuntimeOptions = {}): void {
	early ??= launch(lean);
}

/** The runtime launched early, when it is the kind asked for (else it is ended). */
function takeEarly(lean: boolean): Launched | null {
	const launched = early;
	early = null;
	if (launched && launched.lean !== lean) {
		launched.connection.terminate('a runtime of the other kind was asked for');
		launched.frame.close();
		return null;
	}
	return launched;
}

export const [getRuntime, setRuntime] = createContext<RuntimeHost>();
