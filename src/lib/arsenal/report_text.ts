/**
 * A crash or supervisor report in one line, as a console or a list shows it folded:
 * `crash: <2.12.0> Crasher — boom: the crasher crashed`.
 */
import type { Json } from './serialize';
import type { CrashReportOut, ReportOut, SupervisorReportOut } from './reports';
import { formatTerm } from './term_text';

/** One line for a report. */
export function reportHeadline(report: ReportOut): string {
	return report.kind === 'crash' ? crashHeadline(report) : supervisorHeadline(report);
}

function crashHeadline(r: CrashReportOut): string {
	const who = r.name ?? r.module ?? r.label;
	const why = r.error ? errorText(r.error) : formatTerm(r.reason);
	const signal = r.signalFrom ? ` (exit signal from ${r.signalFrom})` : '';
	return `crash: ${r.pid}${who ? ` ${who}` : ''} — ${why}${signal}`;
}

function supervisorHeadline(r: SupervisorReportOut): string {
	const sup = `supervisor ${r.supervisor}${(r.name ?? r.module) ? ` ${r.name ?? r.module}` : ''}`;
	const child = `child ${r.child.id}${r.child.pid ? ` (${r.child.pid})` : ''}`;
	switch (r.errorContext) {
		case 'child_terminated':
			return `${sup}: ${child} terminated — ${reasonText(r.reason)}`;
		case 'start_error':
			return `${sup}: ${child} failed to start — ${reasonText(r.reason)}`;
		case 'shutdown_error':
			return `${sup}: ${child} did not stop as asked — ${reasonText(r.reason)}`;
		case 'shutdown':
			return `${sup} gave up: ${giveUpText(r)}`;
	}
}

/**
 * Why a supervisor gave up, and which child's exits made it:
 * `reached_max_restart_intensity (4 restarts in 10 s; 3 allowed) — child crasher: boom`.
 */
export function giveUpText(r: SupervisorReportOut): string {
	if (!r.intensity) return reasonText(r.reason);
	const { intensity, period, restarts, children, lastReason } = r.intensity;
	const counted = `${restarts} restarts in ${period} s; ${intensity} allowed`;
	const ids = [...new Set(children)];
	const others = ids.filter((id) => id !== r.child.id);
	const also = others.length ? ` (also ${others.join(', ')})` : '';
	return `${formatTerm(r.reason)} (${counted}) — child ${r.child.id}${also}: ${reasonText(lastReason)}`;
}

/** A reason for people: a serialized Error is its message, anything else is printed as Erlang would. */
export function reasonText(reason: Json): string {
	if (reason && typeof reason === 'object' && !Array.isArray(reason)) {
		const { name, message } = reason;
		if (typeof message === 'string' && typeof name === 'string') {
			return errorText({ name, message });
		}
	}
	return formatTerm(reason);
}

/** `boom` for a plain Error, `TypeError: x is undefined` for another kind. */
function errorText(error: { name: string; message: string }): string {
	return error.name === 'Error' ? error.message : `${error.name}: ${error.message}`;
}
