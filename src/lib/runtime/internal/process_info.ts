/**
 * `erlang:process_info/1` for one live process: a plain snapshot, safe to keep or send.
 * `memory` is an estimate (a base, the queued messages and a behaviour's state), bounded in the
 * work it does, enough to compare processes and spot a growing queue or state.
 */
import { RUNNING, WAITING, type Process } from '../process';
import type { ProcessInfo } from '../types';
import { estimateBytes } from './memory';
import { heldMonitors, watchers } from './monitors';

/** What a process costs before its messages and state: its records and its pending wait. */
const baseBytes = 400;

export function processInfo(p: Process): ProcessInfo {
	const info: ProcessInfo = {
		pid: p.self,
		status: p.state === RUNNING ? 'running' : p.state === WAITING ? 'waiting' : 'runnable',
		messageQueueLen: p.queueLength,
		links: p.links ? Array.from(p.links, (q) => q.self) : [],
		monitors: heldMonitors(p),
		monitoredBy: watchers(p),
		trapExit: p.trapping,
		parent: p.parent,
		reductions: p.reductions,
		memory: baseBytes + estimateBytes(p.queuedMessages()) + estimateBytes(p.userState),
		startedAt: p.startedAt
	};
	if (p.name !== undefined) info.name = p.name;
	if (p.label !== undefined) info.label = p.label;
	if (p.behaviour !== undefined) info.behaviour = p.behaviour;
	if (p.module !== undefined) info.module = p.module;
	return info;
}
