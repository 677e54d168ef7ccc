/**
 * Where in the learner's files an error was thrown: the stack's frames in the test bundle
 * (evaluated with a `//# sourceURL` of {@link TEST_BUNDLE_URL}) mapped back through the
 * bundle's source map. The failing line is the first frame in a test file (the assertion's
 * line, even when the assertion's own code is deeper), else the first in any sandbox file.
 */
import type { Place } from './source_map';
import { SourceMap } from './source_map';

/** The name the test bundle's frames carry in stacks. */
export const TEST_BUNDLE_URL = 'superlearner-tests.js';

const FRAME = new RegExp(`${TEST_BUNDLE_URL.replace('.', '\\.')}:(\\d+):(\\d+)`);

export class Locator {
	readonly #map: SourceMap;

	/**
	 * `firstLine` is the line the bundle's first line has in stacks (the evaluator's wrapper
	 * adds lines above it).
	 */
	constructor(
		map: string,
		private readonly firstLine: number
	) {
		this.#map = new SourceMap(map);
	}

	/** The learner's file, line and column `error` was thrown at, when its stack says. */
	locate(error: unknown): { file: string; line: number; column: number } | undefined {
		const places = this.#places(error);
		const place = places.find((p) => p.source.endsWith('.test.ts')) ?? places[0];
		return place && { file: place.source, line: place.line, column: place.column };
	}

	#places(error: unknown): Place[] {
		let stack: string;
		try {
			stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
		} catch {
			return [];
		}
		const places: Place[] = [];
		for (const frame of stack.split('\n')) {
			const match = FRAME.exec(frame);
			if (!match) continue;
			const place = this.#map.original(Number(match[1]) - this.firstLine + 1, Number(match[2]));
			// esbuild names sources by namespace: `sandbox:counter.test.ts`.
			if (place) places.push({ ...place, source: place.source.replace(/^[a-z-]+:/, '') });
		}
		return places;
	}
}
