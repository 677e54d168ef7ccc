/**
 * Reads a source map (version 3, as esbuild writes it) to find where a place in the bundle
 * came from: a failing test's line in the learner's file, not in the bundle.
 *
 * ```ts
 * const map = new SourceMap(json);
 * map.original(12, 4); // { source: 'counter.test.ts', line: 7, column: 3 } (1-based)
 * ```
 */

export interface Place {
	source: string;
	/** 1-based, as editors count. */
	line: number;
	column: number;
}

interface RawMap {
	sources: string[];
	mappings: string;
}

/** Segments of one generated line: [generatedColumn, source, line, column], 0-based. */
type Segment = [number, number, number, number];

export class SourceMap {
	readonly #sources: string[];
	readonly #lines: Segment[][];

	constructor(json: string) {
		const raw = JSON.parse(json) as RawMap;
		this.#sources = raw.sources;
		this.#lines = decode(raw.mappings);
	}

	/**
	 * The original place of the bundle's `line`:`column` (1-based): the last mapping at or
	 * before the column on that line.
	 */
	original(line: number, column: number): Place | undefined {
		const segments = this.#lines[line - 1];
		if (!segments) return undefined;
		let found: Segment | undefined;
		for (const segment of segments) {
			if (segment[0] > column - 1) break;
			found = segment;
		}
		found ??= segments[0];
		if (!found) return undefined;
		const source = this.#sources[found[1]];
		return source === undefined ? undefined : { source, line: found[2] + 1, column: found[3] + 1 };
	}
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** The `mappings` string → segments per generated line (fields are deltas, as the spec says). */
function decode(mappings: string): Segment[][] {
	const lines: Segment[][] = [];
	let source = 0;
	let line = 0;
	let column = 0;
	for (const text of mappings.split(';')) {
		const segments: Segment[] = [];
		let generated = 0;
		for (const part of text.split(',')) {
			if (part === '') continue;
			const fields = vlq(part);
			generated += fields[0] ?? 0;
			if (fields.length < 4) continue;
			source += fields[1];
			line += fields[2];
			column += fields[3];
			segments.push([generated, source, line, column]);
		}
		lines.push(segments);
	}
	return lines;
}

/** Base64 VLQ: 5 bits a digit, continuation in the 6th, the sign in the lowest bit. */
function vlq(text: string): number[] {
	const values: number[] = [];
	let value = 0;
	let shift = 0;
	for (const c of text) {
		const digit = DIGIT.get(c) ?? 0;
		value += (digit & 31) << shift;
		if (digit & 32) {
			shift += 5;
		} else {
			values.push(value & 1 ? -(value >>> 1) : value >>> 1);
			value = 0;
			shift = 0;
		}
	}
	return values;
}
