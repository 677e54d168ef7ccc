import { describe, expect, it } from 'vitest';
import { diagnosticsOf, markersByFile } from './markers';

describe('markersByFile', () => {
	it('marks from the column to the end of the word, grouped by file', () => {
		const lines: Record<string, string[]> = {
			'main.ts': ['const x = 1;', 'export default Ap;'],
			'a.ts': ['  ;']
		};
		const markers = markersByFile(
			[
				{ severity: 'error', file: 'main.ts', line: 2, column: 16, message: 'No Ap', lineText: '' },
				{ severity: 'warning', file: 'a.ts', line: 1, column: 3, message: 'Empty', lineText: '' }
			],
			(file, line) => lines[file]?.[line - 1]
		);
		expect(markers.get('main.ts')).toEqual([
			{
				severity: 'error',
				message: 'No Ap',
				startLineNumber: 2,
				startColumn: 16,
				endLineNumber: 2,
				endColumn: 18,
				source: 'build'
			}
		]);
		expect(markers.get('a.ts')?.[0]).toMatchObject({ startColumn: 3, endColumn: 4 });
	});
});

describe('diagnosticsOf', () => {
	it('keeps well-formed diagnostics from error details and drops the rest', () => {
		expect(
			diagnosticsOf({
				diagnostics: [
					{ file: 'a.ts', line: 3, column: 5, message: 'Expected ";"', severity: 'error' },
					{ file: 'b.ts', message: 'somewhere' },
					{ line: 1 },
					null
				]
			})
		).toEqual([
			{
				severity: 'error',
				file: 'a.ts',
				line: 3,
				column: 5,
				message: 'Expected ";"',
				lineText: ''
			},
			{ severity: 'error', file: 'b.ts', line: 1, column: 1, message: 'somewhere', lineText: '' }
		]);
		expect(diagnosticsOf(undefined)).toEqual([]);
		expect(diagnosticsOf({ diagnostics: 'no' })).toEqual([]);
	});
});
