/**
 * A sandbox's events as lines on a terminal: console output with the pid that printed it,
 * restarts, crash and supervisor reports, and (verbose) every spawn and exit.
 *
 * ```
 * [<1.4.0>] count is 1
 * ↻ restart crasher <1.4.0> → <1.7.0> (boom: the crasher crashed)
 * ✖ crash: <1.4.0> Crasher — boom: the crasher crashed
 * ```
 */
import type { ReportOut } from '$lib/arsenal/reports';
import { reasonText, reportHeadline } from '$lib/arsenal/report_text';
import type { ConsoleLine } from '$lib/sandbox/protocol';
import type { EventBatch } from '$lib/stream/events';
import type { Style } from './format';

/** One console line: `[<1.4.0>] count is 1`, warnings in yellow, errors in red. */
export function consoleText(line: ConsoleLine, s: Style): string {
	const text =
		line.level === 'error'
			? s.red(line.text)
			: line.level === 'warn'
				? s.yellow(line.text)
				: line.text;
	return line.pid ? `${s.dim(`[${line.pid}]`)} ${text}` : text;
}

export function droppedText(dropped: number, s: Style): string {
	return s.yellow(`(${dropped} console line${dropped === 1 ? '' : 's'} dropped: printed too fast)`);
}

/** The lines a trace batch is worth; `verbose` adds spawns, exits and every report. */
export function batchLines(batch: EventBatch, s: Style, verbose: boolean): string[] {
	const lines: string[] = [];
	for (const e of batch.events) {
		switch (e.type) {
			case 'restart': {
				const times = e.count && e.count > 1 ? ` ×${e.count}` : '';
				const pids = `${e.oldPid ?? '?'} → ${e.newPid ?? '(not restarted)'}`;
				lines.push(
					`${s.yellow('↻ restart')} ${s.bold(e.childId)} ${pids}${times} ${s.dim(`(${reasonText(e.reason)})`)}`
				);
				break;
			}
			case 'report':
				if (verbose || shown(e.report)) lines.push(reportLine(e.report, s));
				break;
			case 'spawn':
				if (verbose) lines.push(s.dim(`+ spawn ${e.pid}${e.parent ? ` (by ${e.parent})` : ''}`));
				break;
			case 'exit':
				if (verbose) lines.push(s.dim(`- exit ${e.pid} (${reasonText(e.reason)})`));
				break;
			case 'register':
				if (verbose) lines.push(s.dim(`  ${e.pid} registered as ${e.name}`));
				break;
			default:
				break;
		}
	}
	if (batch.dropped)
		lines.push(s.yellow(`(${batch.dropped} trace events dropped: too many at once)`));
	if (batch.reportsDropped) {
		lines.push(s.yellow(`(${batch.reportsDropped} reports dropped: a restart storm)`));
	}
	return lines;
}

/** A child's exit is shown by its restart; the other reports say something a restart does not. */
function shown(report: ReportOut): boolean {
	return report.kind === 'crash' || report.errorContext !== 'child_terminated';
}

export function reportLine(report: ReportOut, s: Style): string {
	const headline = reportHeadline(report);
	return report.kind === 'supervisor' && report.errorContext === 'shutdown'
		? s.red(`✖ ${headline}`)
		: `${s.red('✖')} ${headline}`;
}
