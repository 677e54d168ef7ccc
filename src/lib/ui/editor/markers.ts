/**
 * A build's diagnostics (esbuild's, or a `compile_failed` error's details) as monaco markers,
 * per file. Positions are 1-based in characters on both sides; a diagnostic marks from its
 * column to the end of the word there (at least one character), as TypeScript's own do.
 */
import type { Diagnostic } from '$lib/sandbox/compiler/diagnostics';

/** The fields of monaco's IMarkerData we set; severity is given by the caller's monaco. */
export interface MarkerSpec {
	severity: 'error' | 'warning';
	message: string;
	startLineNumber: number;
	startColumn: number;
	endLineNumber: number;
	endColumn: number;
	source: string;
}

/** Groups `diagnostics` by file, as markers; `lineText` finds a line's text in that file. */
export function markersByFile(
	diagnostics: readonly Diagnostic[],
	lineText: (file: string, line: number) => string | undefined
): Map<string, MarkerSpec[]> {
	const out = new Map<string, MarkerSpec[]>();
	for (const d of diagnostics) {
		const text = lineText(d.file, d.line) ?? d.lineText ?? '';
		const word = /^[\w$]+/.exec(text.slice(d.column - 1))?.[0].length ?? 0;
		const marker: MarkerSpec = {
			severity: d.severity,
			message: d.message,
			startLineNumber: d.line,
			startColumn: d.column,
			endLineNumber: d.line,
			endColumn: d.column + Math.max(1, word),
			source: 'build'
		};
		const list = out.get(d.file);
		if (list) list.push(marker);
		else out.set(d.file, [marker]);
	}
	return out;
}

/** Coerces the `diagnostics` of an error's details (JSON from the runtime) into Diagnostics. */
export function diagnosticsOf(details: unknown): Diagnostic[] {
	const list = (details as { diagnostics?: unknown } | null)?.diagnostics;
	if (!Array.isArray(list)) return [];
	return list.flatMap((d: Partial<Diagnostic>) =>
		typeof d?.file === 'string' && typeof d.message === 'string'
			? [
					{
						severity: d.severity === 'warning' ? 'warning' : 'error',
						file: d.file,
						line: typeof d.line === 'number' && d.line > 0 ? d.line : 1,
						column: typeof d.column === 'number' && d.column > 0 ? d.column : 1,
						message: d.message,
						lineText: typeof d.lineText === 'string' ? d.lineText : ''
					} satisfies Diagnostic
				]
			: []
	);
}
