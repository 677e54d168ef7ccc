/**
 * The crash and supervisor reports of a node, as the pages and `list_reports` read them: the
 * runtime's `report` trace events made plain (see arsenal/reports.ts), and a log that keeps the
 * last 1,000 of a node. The system node logs its own from its trace; for a sandbox node it
 * logs those its worker sends, so they outlive the worker.
 *
 * ```ts
 * const log = new ReportLog();
 * const stop = logReports(node, log);
 * log.list({ kind: 'crash', pid: '<0.42.0>' });
 * ```
 */
import type { Node, Report } from '$lib/runtime';
import {
	REPORT_MAX_CHILDREN,
	REPORT_MESSAGE_LIMIT,
	REPORT_STACK_LIMIT,
	REPORT_TERM_LIMITS,
	subjectOf,
	type ReportOut
} from '$lib/arsenal/reports';
import { cut, serialize, type Json } from '$lib/arsenal/serialize';
import { NAME_LIMIT } from './events';

/** A report as plain, bounded data, stamped with its node and node-clock time. */
export function toReportOut(report: Report, at: number, node: string): ReportOut {
	if (report.kind === 'crash') {
		const out: ReportOut = {
			kind: 'crash',
			node,
			at,
			pid: String(report.pid),
			reason: term(report.reason)
		};
		if (report.name !== undefined) out.name = cut(report.name, NAME_LIMIT);
		if (report.label !== undefined) out.label = cut(report.label, NAME_LIMIT);
		if (report.module !== undefined) out.module = cut(report.module, NAME_LIMIT);
		if (report.behaviour !== undefined) out.behaviour = report.behaviour;
		if (report.parent !== undefined) out.parent = String(report.parent);
		if (report.error) {
			const { name, message, stack } = report.error;
			out.error = {
				name: cut(name, NAME_LIMIT),
				message: cut(message, REPORT_MESSAGE_LIMIT),
				...(stack !== undefined && { stack: cut(stack, REPORT_STACK_LIMIT) })
			};
		}
		if (report.signalFrom !== undefined) out.signalFrom = String(report.signalFrom);
		if ('lastMessage' in report) out.lastMessage = term(report.lastMessage);
		if ('state' in report) out.state = term(report.state);
		return out;
	}
	const { child } = report;
	const out: ReportOut = {
		kind: 'supervisor',
		node,
		at,
		supervisor: String(report.supervisor),
		errorContext: report.errorContext,
		reason: term(report.reason),
		child: {
			id: cut(child.id, NAME_LIMIT),
			...(child.pid !== undefined && { pid: String(child.pid) }),
			restart: child.restart,
			shutdown: child.shutdown,
			type: child.type
		}
	};
	if (report.name !== undefined) out.name = cut(report.name, NAME_LIMIT);
	if (report.module !== undefined) out.module = cut(report.module, NAME_LIMIT);
	if (report.intensity) {
		const { intensity, period, children, lastReason } = report.intensity;
		out.intensity = {
			intensity,
			period,
			restarts: children.length,
			children: children.slice(-REPORT_MAX_CHILDREN).map((id) => cut(id, NAME_LIMIT)),
			lastReason: term(lastReason)
		};
	}
	return out;
}

function term(value: unknown): Json {
	return typeof value === 'string'
		? cut(value, REPORT_TERM_LIMITS.maxString)
		: serialize(value, REPORT_TERM_LIMITS);
}

/** Which reports a reader wants: about one process (see `subjectOf`), of one kind. */
export interface ReportFilter {
	pid?: string;
	kind?: ReportOut['kind'];
}

/** The last `capacity` reports of one node, oldest first. */
export class ReportLog {
	#reports: ReportOut[] = [];

	constructor(readonly capacity = 1000) {}

	push(report: ReportOut): void {
		this.#reports.push(report);
		if (this.#reports.length > this.capacity) this.#reports.shift();
	}

	/** The kept reports that match, oldest first. */
	list(filter: ReportFilter = {}): ReportOut[] {
		const { pid, kind } = filter;
		if (pid === undefined && kind === undefined) return [...this.#reports];
		return this.#reports.filter(
			(r) => (kind === undefined || r.kind === kind) && (pid === undefined || subjectOf(r) === pid)
		);
	}

	get size(): number {
		return this.#reports.length;
	}
}

/** Logs the reports `node` emits into `log`; returns the unsubscribe. */
export function logReports(node: Node, log: ReportLog): () => void {
	return node.onTrace((e) => {
		if (e.type === 'report') log.push(toReportOut(e.report, e.at, node.name));
	});
}
