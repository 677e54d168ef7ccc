/**
 * A trace session's records as the operations answer them (`TraceEventOut`), made when read:
 * the message as bounded JSON and a one-line label. Runs in the runtime worker.
 */
import { messageKind, messagePayload } from '$lib/runtime/host';
import { serialize, type Json } from '$lib/arsenal/serialize';
import { formatTerm } from '$lib/arsenal/term_text';
import type { TraceEventKind, TraceEventOut } from '$lib/arsenal/trace_schemas';
import { Captured, EXIT, LINK, RECEIVE, SEND, SPAWN } from './session';

/** A message can be anything a process sent: the page gets a bounded copy. */
const MESSAGE_LIMITS = { maxDepth: 6, maxNodes: 200, maxString: 2_000 };
/** A label is one line. */
const TEXT_LIMIT = 120;

/** The kind an event is filtered and drawn by. */
export function kindOf(record: Captured): TraceEventKind {
	switch (record.type) {
		case SEND:
			return messageKind(record.data);
		case RECEIVE:
			return 'receive';
		case SPAWN:
			return 'spawn';
		case LINK:
			return 'link';
		case EXIT:
			return 'exit';
		default:
			return 'unlink';
	}
}

/** The one process a mark on its lane is about: the receiver of a receive, the process exiting. */
function subjectOf(record: Captured): string | undefined {
	if (record.type === RECEIVE) return String(record.b);
	if (record.type === EXIT) return String(record.a);
	return undefined;
}

/** Whether the event names `pid`: as sender, receiver, parent, child, either end of a link, or the process exiting. */
export function involves(record: Captured, pid: string): boolean {
	return String(record.a) === pid || String(record.b) === pid;
}

export function toEventOut(record: Captured): TraceEventOut {
	const kind = kindOf(record);
	const out: TraceEventOut = { seq: record.seq, at: record.at, kind, text: '' };
	if (record.type !== EXIT) {
		if (record.a) out.from = String(record.a);
		if (record.b) out.to = String(record.b);
	}
	const pid = subjectOf(record);
	if (pid !== undefined) out.pid = pid;
	if (record.type === SEND || record.type === RECEIVE) {
		const message = serialize(messagePayload(record.data), MESSAGE_LIMITS);
		const shown = record.type === SEND ? kind : `receive ${messageKind(record.data)}`;
		out.message = message;
		out.text = label(`${shown} ${termOf(record.data, message)}`);
	} else if (record.type === EXIT) {
		out.message = serialize(record.data, MESSAGE_LIMITS);
		out.text = label(`exit ${formatTerm(out.message)}`);
	} else {
		out.text = `${kind} ${out.to ?? ''}`;
	}
	return out;
}

/** An EXIT or DOWN message reads by its reason; any other by its payload. */
function termOf(message: unknown, payload: Json): string {
	const kind = messageKind(message);
	if (kind === 'exit' || kind === 'down') {
		return formatTerm(serialize((message as { reason: unknown }).reason, MESSAGE_LIMITS));
	}
	return formatTerm(payload);
}

function label(text: string): string {
	const line = text.replace(/\s+/g, ' ');
	return line.length > TEXT_LIMIT ? `${line.slice(0, TEXT_LIMIT - 1)}…` : line;
}
