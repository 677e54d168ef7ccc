/**
 * esbuild's messages, positioned for people. Shared by the snippet transform and the sandbox
 * build, so the editor marks both the same way.
 */
import type { Message } from 'esbuild-wasm';
import { NAMESPACE } from '$lib/sandbox/compiler/plugins/virtual_fs';

/** A problem esbuild found, positioned for people: line and column are 1-based, in characters. */
export interface Diagnostic {
	severity: 'error' | 'warning';
	file: string;
	line: number;
	column: number;
	message: string;
	lineText: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `file` stands in when esbuild gives no location (an error about the build as a whole). */
export function toDiagnostic(
	message: Message,
	severity: Diagnostic['severity'],
	file: string
): Diagnostic {
	const at = message.location;
	if (!at) return { severity, file, line: 1, column: 1, message: message.text, lineText: '' };
	// esbuild counts columns in UTF-8 bytes from 0; people count characters from 1.
	const column = decoder.decode(encoder.encode(at.lineText).slice(0, at.column)).length + 1;
	return {
		severity,
		// Files served by a plugin show as `namespace:path`; the editor knows only the path.
		file: at.file.startsWith(`${NAMESPACE}:`) ? at.file.slice(NAMESPACE.length + 1) : at.file,
		line: at.line,
		column,
		message: message.text,
		lineText: at.lineText
	};
}

/** Both esbuild failures (transform and build) carry their messages; other errors are bugs. */
export function isEsbuildFailure(
	error: unknown
): error is Error & { errors: Message[]; warnings: Message[] } {
	return error instanceof Error && Array.isArray((error as { errors?: unknown }).errors);
}
