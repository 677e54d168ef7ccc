/**
 * One sandbox as the SandboxManager keeps it: its files and module versions, its status, and
 * — while it runs — its worker, the mirror of its processes, its console and the pages
 * watching its trace. Events from the worker land here directly (not through the manager's
 * mailbox), so that heartbeats are seen even while the manager waits on a slow request.
 */
import type { Diagnostic } from '$lib/sandbox/compiler/diagnostics';
import {
	DEFAULT_MEMORY_BUDGET_MB,
	type ConsoleLevel,
	type ConsoleLine,
	type SandboxEvent,
	type SandboxFaultKind
} from '$lib/sandbox/protocol';
import type { ReportOut } from '$lib/arsenal/reports';
import { giveUpText, reasonText, reportHeadline } from '$lib/arsenal/report_text';
import { ReportLog } from '$lib/stream/reports';
import { REPORT_BURST_LIMIT, type EventBatch } from '$lib/stream/events';
import { BatchRelay } from './relay';
import { ModuleVersions } from './versions';
import { SandboxMirror } from './mirror';
import type { SandboxWorker } from './frame_link';

import type { SandboxStatus } from '$lib/arsenal/sandbox_schemas';
export type { SandboxStatus };

export interface ConsoleEntry extends ConsoleLine {
	seq: number;
	/** A crash or supervisor report, which `text` folds to one line. */
	report?: ReportOut;
}

const CONSOLE_LINES = 1000;

export type DistributionEvent = Extract<SandboxEvent, { type: 'dist_request' | 'dist' }>;

export function sandboxNodeName(id: string): string {
	return `sandbox_${id}@superlearner`;
}

export class Sandbox {
	status: SandboxStatus = 'stopped';
	/** Why it is not running, for people: a compile error, a root exit, 'unresponsive', 'memory'. */
	reason: string | undefined;
	/** More about a short `reason`: what the memory was, what was malformed. */
	detail: string | undefined;
	/** How much it may hold before it is ended (see sandbox/memory_meter.ts). */
	memoryBudgetMb = DEFAULT_MEMORY_BUDGET_MB;
	diagnostics: Diagnostic[] = [];
	/** The root supervisor's pid while it runs. */
	root: string | undefined;
	worker: SandboxWorker | undefined;
	/** The mirror of the running node; a fresh one (new node number) per start. */
	mirror: SandboxMirror | undefined;
	/** System-node clock ms of the last heartbeat. */
	lastBeat = 0;
	startedAt: number | undefined;
	/** How the last start went: build, worker boot (start → first answer), load and root start. */
	timings: { compileMs: number; bootMs: number; loadMs: number } | undefined;
	/** Told when what the journal keeps changes: files, entry, budget, whether it runs. */
	onChange: (() => void) | undefined;
	/** Told each trace batch of its node (the table's batch listeners: analytics, the timeline). */
	onBatch: ((batch: EventBatch) => void) | undefined;
	/** Told when its mirror took a new snapshot of the processes (the timeline samples them). */
	onSnapshot: (() => void) | undefined;
	/** Told a cluster node's distribution events: its requests for connections, its nodeup/nodedown. */
	onDistribution: ((event: DistributionEvent) => void) | undefined;
	/** `sandbox_<id>@superlearner`, or a cluster node's `<name>@sim`. */
	readonly nodeName: string;
	readonly versions: ModuleVersions;
	readonly relay: BatchRelay;
	/** Its node's crash and supervisor reports, kept across restarts (old pids keep theirs). */
	readonly reports = new ReportLog();
	readonly #console: ConsoleEntry[] = [];
	#seq = 0;

	constructor(
		readonly id: string,
		public files: Record<string, string>,
		public entry: string,
		readonly createdAt: number,
		opts: { now?: () => number; nodeName?: string } = {}
	) {
		this.nodeName = opts.nodeName ?? sandboxNodeName(id);
		this.versions = new ModuleVersions(opts.now ?? Date.now);
		this.relay = new BatchRelay(this.nodeName);
		this.recordSources(files);
	}

	/** Sets the status with why (for people), and more about why when there is more to say. */
	setStatus(status: SandboxStatus, reason?: string, detail?: string): void {
		const wasRunning = this.running;
		this.status = status;
		this.reason = reason;
		this.detail = detail;
		if (this.running !== wasRunning) this.onChange?.();
	}

	/** Running or starting: what a reload starts again. */
	get running(): boolean {
		return this.status === 'running' || this.status === 'compiling';
	}

	/** Replaces the files; a file that is gone takes its version history with it. */
	setFiles(files: Record<string, string>): void {
		for (const path of Object.keys(this.files)) {
			if (!Object.hasOwn(files, path)) this.versions.forget(path);
		}
		this.files = files;
		this.onChange?.();
	}

	/** Adds a version for each file whose source differs from its current one. */
	recordSources(files: Record<string, string>): void {
		for (const [path, source] of Object.entries(files)) {
			if (this.versions.current(path)?.source !== source) this.versions.add(path, source);
		}
	}

	/** Takes an event from the running worker; `now` is the system node's clock. */
	onEvent(event: SandboxEvent, now: number): void {
		switch (event.type) {
			case 'heartbeat':
				this.lastBeat = now;
				return;
			case 'console':
				this.printed(event.lines, event.dropped);
				return;
			case 'batch':
				this.mirror?.observe(event.batch);
				this.relay.push(event.batch);
				this.onBatch?.(event.batch);
				for (const e of event.batch.events) if (e.type === 'report') this.#report(e.report);
				if (event.batch.reportsDropped) {
					const n = event.batch.reportsDropped;
					this.note(
						`… ${n} crash and supervisor reports dropped (more than ${REPORT_BURST_LIMIT} a second, as OTP's logger drops past its burst limit)`,
						'warn'
					);
				}
				return;
			case 'processes':
				this.mirror?.update(event.rows, event.restarts, event.more === true);
				this.onSnapshot?.();
				return;
			case 'root_down':
				if (this.status !== 'running' || event.pid !== this.root) return;
				this.setStatus(
					'failed',
					event.gaveUp
						? `the root supervisor ${event.pid} gave up: ${giveUpText(event.gaveUp)}`
						: `the root supervisor ${event.pid} exited: ${reasonText(event.reason)}`
				);
				this.root = undefined;
				return;
			case 'fault':
				this.fault(event.kind, event.message);
				return;
			case 'dist_request':
			case 'dist':
				this.onDistribution?.(event);
		}
	}

	/**
	 * Ends the running worker because of a fault, and says why in the status and the console.
	 * A sandbox that ran past its budget or broke the protocol is `killed` (with a short reason,
	 * and the message as the detail); one whose code threw outside any process, or whose worker
	 * crashed, `failed` with the message as its reason.
	 */
	fault(kind: SandboxFaultKind, message: string): void {
		if (!this.worker) return;
		this.detach(`${kind}: ${message}`);
		const short = FAULT_REASONS[kind];
		this.setStatus(short ? 'killed' : 'failed', short ?? message, message);
		const text = short ? `killed: ${short} — ${message}` : message;
		this.note(text, 'error');
	}

	/** Lines the sandbox's code printed (its program's, or its tests'), and how many were dropped. */
	printed(lines: ConsoleLine[], dropped = 0): void {
		for (const line of lines) this.#pushConsole({ ...line, seq: ++this.#seq });
		if (dropped > 0) this.note(`… ${dropped} lines dropped (console flood)`, 'warn');
	}

	/** A line of the system's own in the console, between the program's. */
	note(text: string, level: ConsoleLevel = 'info'): void {
		this.#pushConsole({ at: Date.now(), level, text, seq: ++this.#seq });
	}

	/** Adds a console line, keeping the last CONSOLE_LINES. */
	#pushConsole(entry: ConsoleEntry): void {
		this.#console.push(entry);
		if (this.#console.length > CONSOLE_LINES) {
			this.#console.splice(0, this.#console.length - CONSOLE_LINES);
		}
	}

	/** Keeps a report, and shows it in the console as one line (a page unfolds it). */
	#report(report: ReportOut): void {
		this.reports.push(report);
		const pid = report.kind === 'crash' ? report.pid : report.supervisor;
		const text = reportHeadline(report);
		this.#pushConsole({ at: Date.now(), level: 'error', pid, text, report, seq: ++this.#seq });
	}

	/** Console lines after `seq`, oldest first. */
	consoleAfter(seq: number): ConsoleEntry[] {
		return this.#console.filter((line) => line.seq > seq);
	}

	/** Ends the worker (if any) and forgets its processes; the status is the caller's. */
	detach(why: string): void {
		this.worker?.terminate(why);
		this.worker = undefined;
		this.mirror?.clear();
		this.root = undefined;
	}
}

/** The short reasons of faults that have one; the others show their message. */
const FAULT_REASONS: Partial<Record<SandboxFaultKind, string>> = {
	memory: 'memory',
	protocol: 'protocol violation'
};
