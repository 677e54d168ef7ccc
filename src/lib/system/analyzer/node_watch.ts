/**
 * What the analyzer keeps of one node: its processes' last samples, its supervisors' restarts
 * and give-ups, its call timeouts, and for the system node its wait-for graph and supervisor
 * paths. It turns them into the node's findings and bottleneck rows. Runtime worker.
 *
 * A sandbox's node is watched through what reaches the system worker: its mirror's process rows
 * (queue lengths, reductions, memory, parents and links) and its trace batches (restarts,
 * reports, exits). So a sandbox gives every kind but `call_deadlock` — its batches count sends
 * and receives without the messages, so no wait-for graph can be built — and its
 * `call_timeouts` come only from crash reports: a timeout the caller caught leaves no trace there.
 */
import type { Bottlenecks, CallWait, ProcessLoad } from '$lib/arsenal/analyzer_schemas';
import { livePids, type ArsenalNode } from '$lib/arsenal/context';
import type { Pid, ProcessInfo } from '$lib/runtime';
import type { ObserverEvent } from '$lib/stream/events';
import { CallTimeouts, isCallTimeout } from './call_timeouts';
import { CallWaits } from './call_waits';
import {
	deadlockFinding,
	gaveUpFinding,
	mailboxFinding,
	memoryFinding,
	nearLimitFinding,
	stormFinding,
	timeoutsFinding,
	unsupervisedFinding,
	type Draft,
	type Names
} from './findings';
import { LoadSamples } from './load_samples';
import { unsupervised } from './supervision';
import type { SupervisorPaths } from './supervisor_paths';
import { SupervisorWatch } from './supervisor_watch';

export class NodeWatch {
	readonly name: string;
	readonly supervisors = new SupervisorWatch();
	readonly timeouts = new CallTimeouts();
	/** The system node's wait-for graph, fed its trace by the analyzer. */
	readonly calls: CallWaits | undefined;
	readonly #paths: SupervisorPaths | undefined;
	readonly #loads = new LoadSamples();
	#infos = new Map<Pid, ProcessInfo>();
	#byText = new Map<string, ProcessInfo>();
	/** The node clock at the last sample. */
	#now = 0;
	/** The node as of the last sample, for its registered names. */
	#node: ArsenalNode['node'] | undefined;

	constructor(name: string, system?: { paths: SupervisorPaths }) {
		this.name = name;
		this.calls = system && new CallWaits(this.timeouts);
		this.#paths = system?.paths;
	}

	/** Follows a restart, report or exit of the node (a sandbox's batch, the system's trace). */
	observe(e: ObserverEvent): void {
		if (e.type === 'restart') {
			this.supervisors.restart(e.supervisor, e.at, e, e.count);
		} else if (e.type === 'exit') {
			this.supervisors.exited(e.pid);
		} else if (e.type === 'report') {
			const { report } = e;
			if (report.kind === 'supervisor') this.supervisors.report(report);
			// The system node sees every timeout in its wait-for graph, caught ones too.
			else if (!this.calls && isCallTimeout(report.reason)) {
				this.timeouts.add(report.pid, report.name, undefined, report.at);
			}
		}
	}

	/** Samples every live process of `entry`, this watch's node. */
	sample(entry: ArsenalNode): void {
		const { node } = entry;
		this.#node = node;
		this.#now = node.now();
		this.#infos = new Map();
		this.#byText = new Map();
		this.#loads.begin();
		for (const pid of livePids(entry).pids) {
			const info = node.processInfo(pid);
			if (!info) continue;
			const text = String(pid);
			this.#infos.set(pid, info);
			this.#byText.set(text, info);
			this.#loads.record(text, info, this.#now);
		}
		this.#loads.end();
		this.calls?.sweep(this.#now);
		// Read before it is needed: a supervisor near its limit may give up before the next sample.
		if (this.#paths) for (const pid of this.supervisors.restarted()) this.#paths.lookUp(pid);
	}

	/** The node's findings as of the last sample. */
	findings(): Draft[] {
		const { name: node } = this;
		const now = this.#now;
		const names = this.#names();
		const out: Draft[] = [];
		for (const info of unsupervised(this.#infos, now))
			out.push(unsupervisedFinding(node, info, now));
		for (const load of this.#loads.growing()) out.push(mailboxFinding(node, load, names));
		for (const load of this.#loads.heavy()) out.push(memoryFinding(node, load, names));
		for (const load of this.supervisors.storms(now)) out.push(stormFinding(node, load, names));
		for (const load of this.supervisors.nearLimit(now)) {
			out.push(nearLimitFinding(node, load, names));
		}
		for (const g of this.supervisors.gaveUp(now)) out.push(gaveUpFinding(node, g, names));
		for (const cycle of this.calls?.cycles() ?? []) out.push(deadlockFinding(node, cycle, now));
		for (const t of this.timeouts.repeated(now)) {
			// A caller its supervisor restarted is named by its new pid.
			const live = t.name === undefined ? undefined : this.#node?.whereis(t.name);
			out.push(timeoutsFinding(node, live ? { ...t, pid: String(live) } : t));
		}
		return out;
	}

	/** The node's processes with their figures, and its processes waiting on calls. */
	rows(): { loads: ProcessLoad[]; waiting: CallWait[] } {
		const names = this.#names();
		const loads: ProcessLoad[] = [];
		for (const load of this.#loads.loads()) {
			const name = names.of(load.pid);
			loads.push({ node: this.name, ...load, ...(name !== undefined && { name }) });
		}
		const waiting = (this.calls?.open() ?? []).map((w): CallWait => ({
			node: this.name,
			pid: String(w.caller),
			...(w.callerName !== undefined && { name: w.callerName }),
			waitingOn: String(w.server),
			...(w.serverName !== undefined && { waitingOnName: w.serverName }),
			forMs: Math.round(this.#now - w.since)
		}));
		return { loads, waiting };
	}

	#names(): Names {
		return {
			of: (pid) => {
				const info = this.#byText.get(pid);
				return info && (info.name ?? info.module ?? info.label);
			},
			pathOf: (pid) => this.#paths?.get(pid)
		};
	}
}

/** The top `limit` of each ranking over `rows`. */
export function rank(
	rows: { loads: ProcessLoad[]; waiting: CallWait[] },
	limit: number
): Bottlenecks {
	const { loads, waiting } = rows;
	return {
		byQueue: loads
			.filter((l) => l.queue > 0 || l.queueGrowth > 0)
			.sort((a, b) => b.queue - a.queue || b.queueGrowth - a.queueGrowth)
			.slice(0, limit),
		byReductions: loads
			.filter((l) => l.reductionsPerSecond > 0)
			.sort((a, b) => b.reductionsPerSecond - a.reductionsPerSecond)
			.slice(0, limit),
		byMemory: [...loads].sort((a, b) => b.memory - a.memory).slice(0, limit),
		waiting: [...waiting].sort((a, b) => b.forMs - a.forMs).slice(0, limit)
	};
}
