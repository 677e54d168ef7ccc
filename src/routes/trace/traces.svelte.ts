/**
 * The traces as /trace holds them (page thread): the sessions the runtime worker keeps, and the
 * events of the one selected, read with `after` so that each poll fetches only what is new.
 * Sessions run in the worker: leaving the page stops the reading, not the trace.
 */
import type { Data, Execute, ParamsOf } from '$lib/arsenal/client';
import { errorMessage } from '$lib/observer/text';
import type { TraceEventOut, TraceSessionOut } from '$lib/arsenal/trace_schemas';

/** How often a running session's new events are read. */
const POLL_MS = 500;
/** Events read per request (the operation's most). */
const READ_LIMIT = 5000;
/** The longest wait before a failed read is tried again (the wait doubles from POLL_MS). */
const RETRY_MAX_MS = 5000;

export class Traces {
	readonly #execute: Execute;
	#timer: ReturnType<typeof setTimeout> | undefined;
	/** Bumped when the selection changes: reads for another session are dropped. */
	#generation = 0;
	/** The selected session's events: reads only append to it. */
	#events: TraceEventOut[] = [];
	#failures = 0;

	sessions = $state.raw<Data<'list_traces'>>([]);
	status = $state<'loading' | 'ready' | 'error'>('loading');
	error = $state<string | null>(null);
	selected = $state<string | null>(null);
	/**
	 * The selected session's events, in order. Each read that brings events makes a new view of
	 * the one array instead of a copy of up to 100,000 events; earlier events never change.
	 */
	events = $state.raw<readonly TraceEventOut[]>([]);
	eventsError = $state<string | null>(null);

	constructor(execute: Execute) {
		this.#execute = execute;
	}

	get current(): TraceSessionOut | undefined {
		return this.sessions.find((s) => s.id === this.selected);
	}

	async list(): Promise<void> {
		try {
			this.sessions = (await this.#execute('list_traces')).data;
			this.status = 'ready';
			this.error = null;
		} catch (error) {
			this.error = errorMessage(error);
			if (this.status !== 'ready') this.status = 'error';
		}
	}

	/** Starts a trace and selects it; rejects with the operation's error. */
	async start(params: ParamsOf<'start_trace'>): Promise<TraceSessionOut> {
		const { data } = await this.#execute('start_trace', params);
		await this.list();
		this.select(data.id);
		return data;
	}

	async stop(id: string): Promise<void> {
		await this.#execute('stop_trace', { id });
		await this.list();
	}

	/** Follows a session's events from its first: polls while it runs, once more when it stops. */
	select(id: string | null): void {
		if (id === this.selected) return;
		clearTimeout(this.#timer);
		this.#generation++;
		this.selected = id;
		this.#events = [];
		this.events = this.#events;
		this.#failures = 0;
		this.eventsError = null;
		if (id !== null) void this.#read(id, 0, this.#generation);
	}

	async #read(id: string, after: number, generation: number): Promise<void> {
		try {
			const { data, meta } = await this.#execute('get_trace_events', {
				id,
				after,
				limit: READ_LIMIT
			});
			if (generation !== this.#generation) return;
			if (data.length) {
				this.#events.push(...data);
				this.events = new Proxy(this.#events, {});
			}
			this.eventsError = null;
			this.#failures = 0;
			const session = this.sessions.find((s) => s.id === id);
			// The list's count and status follow the reads, without listing again.
			if (session && (session.events !== meta.total || session.status !== meta.status)) {
				this.sessions = this.sessions.map((s) =>
					s.id === id
						? { ...s, events: meta.total, status: meta.status, stopReason: meta.stopReason }
						: s
				);
			}
			if (meta.more) return void this.#read(id, meta.nextAfter, generation);
			if (meta.status === 'running') {
				this.#timer = setTimeout(() => void this.#read(id, meta.nextAfter, generation), POLL_MS);
			}
		} catch (error) {
			if (generation !== this.#generation) return;
			this.eventsError = errorMessage(error);
			const wait = Math.min(RETRY_MAX_MS, POLL_MS * 2 ** this.#failures++);
			this.#timer = setTimeout(() => void this.#read(id, after, generation), wait);
		}
	}

	stopReading(): void {
		clearTimeout(this.#timer);
		this.#generation++;
	}
}
