/**
 * The overview's findings panel as data: the analyzer's findings grouped by severity, most
 * severe first, and what each one links to — the supervisor's place on /supervisors when the
 * analyzer knows it (the page selects a tree node by that key, `?node=`), else the process it
 * names. Page thread.
 */
import type { Finding, FindingKind, Severity } from '$lib/arsenal/analyzer_schemas';

/** A finding's kind in a word or two, for its badge. */
export const KIND_LABELS: Record<FindingKind, string> = {
	unsupervised: 'Unsupervised',
	mailbox_growing: 'Mailbox',
	high_memory: 'Memory',
	restart_storm: 'Restart storm',
	intensity_near_limit: 'Intensity',
	gave_up: 'Gave up',
	call_deadlock: 'Deadlock',
	call_timeouts: 'Call timeouts'
};

/** A group of the panel: one severity, its findings oldest first. */
export interface FindingGroup {
	severity: Severity;
	label: string;
	findings: Finding[];
}

const ORDER: Array<{ severity: Severity; label: string }> = [
	{ severity: 'critical', label: 'Critical' },
	{ severity: 'warning', label: 'Warnings' },
	{ severity: 'info', label: 'Worth knowing' }
];

/** The non-empty groups, critical first; within each, the oldest finding first. */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
	return ORDER.map(({ severity, label }) => ({
		severity,
		label,
		findings: findings.filter((f) => f.severity === severity).sort((a, b) => a.since - b.since)
	})).filter((g) => g.findings.length > 0);
}

/** Where a finding's link goes: a supervisor's tree node, or a process page. */
export type FindingTarget =
	| { page: 'supervisors'; node: string; label: string }
	| { page: 'process'; pid: string; label: string }
	| null;

export function findingTarget(f: Finding): FindingTarget {
	const label = f.name ?? f.supervisor ?? f.pid;
	if (f.path !== undefined) return { page: 'supervisors', node: f.path, label: label ?? f.path };
	const pid = f.supervisor ?? f.pid;
	return pid === undefined ? null : { page: 'process', pid, label: label ?? pid };
}
