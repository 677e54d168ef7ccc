/**
 * The analyzer's findings in words: one builder per kind turns what a watch measured into a
 * finding with a stable id, a severity, a plain sentence in OTP terms and something to try.
 * The ids name the node and the process (or the processes of a cycle), so a finding keeps its
 * id for as long as its condition lasts. Runtime worker.
 */
import type { Finding } from '$lib/arsenal/analyzer_schemas';
import type { ProcessInfo } from '$lib/runtime';
import type { OpenWait } from './call_waits';
import type { Timeouts } from './call_timeouts';
import {
	CALL_SLOW_MS,
	GAVE_UP_KEPT_MS,
	MAILBOX_CRITICAL,
	MEMORY_CRITICAL_BYTES,
	NEAR_LIMIT_SHARE,
	STORM_CRITICAL_PER_MINUTE,
	TIMEOUTS_CRITICAL,
	UNSUPERVISED_AFTER_MS
} from './limits';
import type { Load } from './load_samples';
import type { GaveUp, RestartLoad } from './supervisor_watch';

/** A finding before the analyzer dates it: `at` is the node-clock time it began, when known. */
export type Draft = Omit<Finding, 'since'> & { at?: number };

/** How a watch names the processes of its node. */
export interface Names {
	/** A process's registered name, or its module, or its label. */
	of(pid: string): string | undefined;
	/** A supervisor's place in its tree, where known (see Finding.path). */
	pathOf(pid: string): string | undefined;
}

const who = (pid: string, name: string | undefined) => (name ? `${name} (${pid})` : pid);

export function unsupervisedFinding(node: string, info: ProcessInfo, now: number): Draft {
	const pid = String(info.pid);
	const name = info.name ?? info.module ?? info.label;
	return {
		id: `unsupervised:${node}:${pid}`,
		kind: 'unsupervised',
		severity: 'warning',
		node,
		pid,
		...(name !== undefined && { name }),
		title: 'Runs under no supervisor',
		explanation:
			`${who(pid, name)} was not started by a supervisor, nor by anything a supervisor looks ` +
			'after, and no supervisor is linked to it: if it crashes nothing restarts it, and nothing ' +
			'stops it when its application shuts down.',
		suggestion:
			'Start it as a child of a supervisor (a child spec in its init, or ' +
			'DynamicSupervisor.startChild), or link it to the process that owns it.',
		at: info.startedAt,
		figures: {
			ageMs: Math.round(now - info.startedAt),
			minimumAgeMs: UNSUPERVISED_AFTER_MS,
			...(info.parent !== undefined && { parent: String(info.parent) })
		}
	};
}

export function mailboxFinding(
	node: string,
	load: Load & { queueBefore: number; overMs: number },
	names: Names
): Draft {
	const name = names.of(load.pid);
	return {
		id: `mailbox_growing:${node}:${load.pid}`,
		kind: 'mailbox_growing',
		severity: load.queue >= MAILBOX_CRITICAL ? 'critical' : 'warning',
		node,
		pid: load.pid,
		...(name !== undefined && { name }),
		title: `Mailbox growing: ${load.queue} messages`,
		explanation:
			`${who(load.pid, name)} receives messages faster than it handles them: its queue went ` +
			`from ${load.queueBefore} to ${load.queue} in ${Math.round(load.overMs / 1000)} s. A ` +
			'mailbox that keeps growing slows every receive and, left alone, uses up memory.',
		suggestion:
			'Make its senders wait (call instead of cast) or send less; spread the work over a pool; ' +
			'or check that it handles every message it gets (an unmatched message stays queued).',
		figures: {
			queue: load.queue,
			queueBefore: load.queueBefore,
			growthPerSecond: round(load.queueGrowth),
			overMs: Math.round(load.overMs)
		}
	};
}

export function memoryFinding(node: string, load: Load & { median: number }, names: Names): Draft {
	const name = names.of(load.pid);
	return {
		id: `high_memory:${node}:${load.pid}`,
		kind: 'high_memory',
		severity: load.memory >= MEMORY_CRITICAL_BYTES ? 'critical' : 'warning',
		node,
		pid: load.pid,
		...(name !== undefined && { name }),
		title: `Holds ${megabytes(load.memory)}`,
		explanation:
			`${who(load.pid, name)} holds ${megabytes(load.memory)} in its state and mailbox, far ` +
			`more than the node's other processes (half of them hold ${load.median} bytes or less). ` +
			'State that only grows is a leak that a restart would hide for a while.',
		suggestion:
			'Bound what it keeps (drop old entries, as Demo.Janitor does for Demo.Cache), or move ' +
			'bulk data out of one process.',
		figures: { memory: load.memory, median: load.median, queue: load.queue }
	};
}

export function stormFinding(node: string, load: RestartLoad, names: Names): Draft {
	const name = names.of(load.supervisor);
	const path = names.pathOf(load.supervisor);
	return {
		id: `restart_storm:${node}:${load.supervisor}`,
		kind: 'restart_storm',
		severity: load.perMinute >= STORM_CRITICAL_PER_MINUTE ? 'critical' : 'warning',
		node,
		supervisor: load.supervisor,
		...(name !== undefined && { name }),
		...(path !== undefined && { path }),
		title: `Restart storm: ${load.perMinute} restarts a minute`,
		explanation:
			`${who(load.supervisor, name)} restarted its children ${load.perMinute} times in the last ` +
			'minute. Restarting fixes a transient fault; a child that crashes again as soon as it ' +
			'starts has a fault a restart cannot fix.',
		suggestion:
			'Read the crash reports of its children for the reason they keep exiting, and fix it in ' +
			'their init or in what they depend on.',
		at: load.lastAt,
		figures: {
			restartsLastMinute: load.perMinute,
			intensity: load.intensity,
			periodSeconds: load.period
		}
	};
}

export function nearLimitFinding(node: string, load: RestartLoad, names: Names): Draft {
	const name = names.of(load.supervisor);
	const path = names.pathOf(load.supervisor);
	const atLimit = load.inWindow >= load.intensity;
	return {
		id: `intensity_near_limit:${node}:${load.supervisor}`,
		kind: 'intensity_near_limit',
		severity: atLimit ? 'critical' : 'warning',
		node,
		supervisor: load.supervisor,
		...(name !== undefined && { name }),
		...(path !== undefined && { path }),
		title: `${load.inWindow} of ${load.intensity} restarts used`,
		explanation:
			`${who(load.supervisor, name)} has restarted ${load.inWindow} times in the last ` +
			`${load.period} s, and gives up after ${load.intensity} (its intensity and period). ` +
			(atLimit
				? 'One more failure inside the period and it shuts down, and its own supervisor sees it exit.'
				: `That is ${Math.round(NEAR_LIMIT_SHARE * 100)} % or more of what it allows.`),
		suggestion:
			'Find why its children keep failing (their crash reports); raise intensity or period only ' +
			'if these failures are expected and brief.',
		at: load.lastAt,
		figures: {
			restartsInWindow: load.inWindow,
			intensity: load.intensity,
			periodSeconds: load.period
		}
	};
}

export function gaveUpFinding(node: string, g: GaveUp, names: Names): Draft {
	const name = g.name ?? names.of(g.supervisor);
	const path = names.pathOf(g.supervisor);
	return {
		id: `gave_up:${node}:${g.supervisor}`,
		kind: 'gave_up',
		severity: 'critical',
		node,
		supervisor: g.supervisor,
		...(name !== undefined && { name }),
		...(path !== undefined && { path }),
		title: 'Gave up: reached_max_restart_intensity',
		explanation:
			`${who(g.supervisor, name)} had more than ${g.intensity} restarts within ${g.period} s ` +
			`(the last one of ${g.child}), so it stopped its children and exited with ` +
			'reached_max_restart_intensity. Its own supervisor then restarts it, or gives up in turn.',
		suggestion:
			`Read the crash reports of ${g.child}: the fault is there. This finding stays ` +
			`${GAVE_UP_KEPT_MS / 60_000} minutes after it happened.`,
		at: g.at,
		figures: {
			restarts: g.restarts,
			intensity: g.intensity,
			periodSeconds: g.period,
			child: g.child
		}
	};
}

export function deadlockFinding(node: string, cycle: OpenWait[], now: number): Draft {
	const members = cycle.map((w) => who(String(w.caller), w.callerName));
	const first = cycle[0];
	const since = Math.max(...cycle.map((w) => w.since));
	return {
		id: `call_deadlock:${node}:${cycle.map((w) => String(w.caller)).join('>')}`,
		kind: 'call_deadlock',
		severity: 'critical',
		node,
		pid: String(first.caller),
		...(first.callerName !== undefined && { name: first.callerName }),
		title: `Call deadlock between ${cycle.length} processes`,
		explanation:
			`${members.join(' → ')} → back to the first: each is inside a GenServer.call waiting for ` +
			'the next to reply, and none can reply while it waits. They stay stuck until a call ' +
			'times out (5 s by default), and the caller that times out crashes unless it catches it.',
		suggestion:
			'Break the cycle: let one side cast instead of call, reply later with GenServer.reply ' +
			'from a noreply, or move the shared work into a third process that calls neither.',
		at: since,
		figures: {
			processes: cycle.map((w) => String(w.caller)),
			waitingMs: Math.round(now - since)
		}
	};
}

export function timeoutsFinding(node: string, t: Timeouts): Draft {
	return {
		id: `call_timeouts:${node}:${t.name ?? t.pid}`,
		kind: 'call_timeouts',
		severity: t.count >= TIMEOUTS_CRITICAL ? 'critical' : 'warning',
		node,
		pid: t.pid,
		...(t.name !== undefined && { name: t.name }),
		title: `${t.count} call timeouts in a minute`,
		explanation:
			`${who(t.pid, t.name)} called ${t.servers.length ? t.servers.join(', ') : 'a server'} ` +
			`and got no reply in time ${t.count} times in the last minute (or waited past ` +
			`${CALL_SLOW_MS / 1000} s). A call that times out exits the caller unless it catches it, ` +
			'and the late reply is dropped.',
		suggestion:
			'Find what keeps the server busy (its mailbox, a slow handleCall, a call it makes ' +
			'itself); give the call a longer timeout only if the work is expected to take that long.',
		at: t.firstAt,
		figures: { timeouts: t.count, servers: t.servers, windowMs: 60_000 }
	};
}

function megabytes(bytes: number): string {
	return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

function round(n: number): number {
	return Math.round(n * 10) / 10;
}
