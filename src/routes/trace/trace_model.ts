/**
 * What the /trace page derives from the tracer's and the timeline's answers (page thread): a
 * session's status in words, the events table's filter, and the timeline's moment as a
 * supervision forest for SupervisionTree, its restart and crash marks, and its gauges' times.
 */
import type { NumberedEvent, TimelineMoment } from '$lib/arsenal/timeline_schemas';
import type { TraceEventKind } from '$lib/arsenal/trace_constants';
import type { TraceEventOut, TraceSessionOut } from '$lib/arsenal/trace_schemas';
import type { TreeSnapshot } from '$lib/observer/tree/supervision_model';
import { formatCount } from '$lib/observer/text';
import type { TimelineMark } from '$lib/ui/timeline/scrubber_model';

/** Where a session is: running with its count, or why it stopped ("Stopped at its limit…"). */
export function sessionStatus(s: TraceSessionOut): string {
	if (s.status === 'running') {
		return `Running: ${formatCount(s.events)} of at most ${formatCount(s.maxEvents)} events`;
	}
	switch (s.stopReason) {
		case 'max_events':
			return `Stopped at its limit of ${formatCount(s.maxEvents)} events`;
		case 'duration':
			return `Stopped at its time limit of ${formatCount(s.durationMs / 1000)} s, with ${formatCount(s.events)} events`;
		case 'target_exited':
			return `Stopped: the traced process exited (${formatCount(s.events)} events)`;
		case 'node_restarted':
			return `Stopped: the system node restarted (${formatCount(s.events)} events)`;
		default:
			return `Stopped, with ${formatCount(s.events)} events`;
	}
}

export interface EventFilter {
	kind: TraceEventKind | '';
	/** Part of a pid or of the event's text. */
	text: string;
}

/** The events of the kind and text asked. */
export function filterEvents(
	events: readonly TraceEventOut[],
	{ kind, text }: EventFilter
): readonly TraceEventOut[] {
	const needle = text.trim().toLowerCase();
	if (!kind && !needle) return events;
	return events.filter(
		(e) =>
			(!kind || e.kind === kind) &&
			(!needle ||
				e.text.toLowerCase().includes(needle) ||
				[e.from, e.to, e.pid].some((p) => p?.includes(needle)))
	);
}

const SUPERVISOR_BEHAVIOURS = new Set(['supervisor', 'dynamic_supervisor']);

/**
 * The supervision forest of a moment: every supervisor (by its sampled behaviour, or because it
 * restarted a child) with the processes it spawned beneath it; a supervisor whose parent is no
 * supervisor is a root. Processes under no supervisor are left out, as on /supervisors.
 */
export function forestAt(moment: TimelineMoment): TreeSnapshot[] {
	const processes = moment.processes;
	const restarters = new Set(processes.flatMap((p) => (p.supervisor ? [p.supervisor] : [])));
	for (const g of moment.gauges) restarters.add(g.supervisor);
	const isSupervisor = (pid: string, behaviour: string | undefined) =>
		restarters.has(pid) || SUPERVISOR_BEHAVIOURS.has(behaviour ?? '');
	const supervisors = new Set(
		processes.filter((p) => isSupervisor(p.pid, p.sample?.behaviour)).map((p) => p.pid)
	);
	const children = new Map<string, TimelineMoment['processes']>();
	for (const p of processes) {
		if (p.parent && supervisors.has(p.parent)) {
			const list = children.get(p.parent) ?? [];
			list.push(p);
			children.set(p.parent, list);
		}
	}
	const gauges = new Map(moment.gauges.map((g) => [g.supervisor, g]));
	const build = (p: TimelineMoment['processes'][number]): TreeSnapshot => {
		const supervisor = supervisors.has(p.pid);
		const gauge = gauges.get(p.pid);
		return {
			pid: p.pid,
			type: supervisor ? 'supervisor' : 'worker',
			...(p.childId !== undefined && { id: p.childId }),
			...((p.name ?? p.sample?.name) !== undefined && { name: p.name ?? p.sample?.name }),
			...(p.sample?.module !== undefined && { module: p.sample.module }),
			...(p.sample?.behaviour === 'dynamic_supervisor' && { dynamic: true }),
			...(gauge?.intensity !== undefined && { intensity: gauge.intensity }),
			...(gauge?.period !== undefined && { period: gauge.period }),
			...(supervisor && { children: (children.get(p.pid) ?? []).map(build) })
		};
	};
	return processes
		.filter((p) => supervisors.has(p.pid) && !(p.parent && supervisors.has(p.parent)))
		.map(build);
}

/** Restarts, and exits for a reason other than normal or shutdown, as the scrubber's marks. */
export function timelineMarks(events: readonly NumberedEvent[]): TimelineMark[] {
	const marks: TimelineMark[] = [];
	for (const { event: e } of events) {
		if (e.type === 'restart') {
			marks.push({
				at: e.at,
				kind: 'restart',
				label: `${e.childId} restarted${e.count > 1 ? ` ${e.count} times` : ''} (${e.reason})`
			});
		} else if (e.type === 'exit' && !/^(normal|shutdown|\{shutdown,)/.test(e.reason)) {
			marks.push({ at: e.at, kind: 'crash', label: `${e.pid} exited: ${e.reason}` });
		}
	}
	return marks;
}

/**
 * The times of a supervisor's restarts inside its window at `at`, for IntensityGauge: those the
 * page has read, and, for restarts it has not (older events it did not fetch), the moment
 * itself, so that the count is the timeline's.
 */
export function gaugeTimes(
	gauge: TimelineMoment['gauges'][number],
	events: readonly NumberedEvent[],
	at: number
): number[] {
	const span = (gauge.period ?? 0) * 1000;
	const seen: number[] = [];
	for (const { event: e } of events) {
		if (
			e.type === 'restart' &&
			e.supervisor === gauge.supervisor &&
			e.at <= at &&
			at - e.at < span
		) {
			for (let i = 0; i < e.count; i++) seen.push(e.at);
		}
	}
	const known = seen.slice(-gauge.restarts);
	while (known.length < gauge.restarts) known.push(at);
	return known;
}
