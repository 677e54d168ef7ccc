/**
 * A rough size estimate of a value in bytes, for `processInfo().memory` and a sandbox's memory
 * budget: enough to compare processes, spot a growing queue or state, and see a state of a
 * million elements as large. The work is bounded: a container with more children than
 * {@link SAMPLE} is measured on a sample and the rest extrapolated from its size, and the whole
 * walk stops after {@link MAX_VISITS} values (what is left counts as the average so far).
 *
 * It reads values a learner made, which may be hostile (a throwing getter, a revoked proxy):
 * it never throws, and what it could not read counts as a pointer.
 *
 * A pid or a reference is a word or two, as on the BEAM: the live process it points at (and
 * through it the whole node) is not the holder's memory.
 */
import { Pid, Ref } from '../pid';

const MAX_VISITS = 2000;
/** Children measured per container; the others are assumed to be like them. */
const SAMPLE = 32;
const POINTER = 8;

export function estimateBytes(value: unknown): number {
	let visits = 0;
	const seen = new Set<object>();
	/** The size of `children` when each is like the ones sampled; `count` is how many there are. */
	const sampled = (children: Iterable<unknown>, count: number): number => {
		let n = 0;
		let measured = 0;
		for (const child of children) {
			if (measured === SAMPLE || visits > MAX_VISITS) break;
			n += walk(child);
			measured++;
		}
		return measured === 0 ? count * POINTER : n + (count - measured) * (n / measured);
	};
	const walk = (v: unknown): number => {
		if (++visits > MAX_VISITS) return POINTER;
		switch (typeof v) {
			case 'string':
				return 16 + 2 * v.length;
			case 'number':
			case 'bigint':
			case 'boolean':
			case 'symbol':
			case 'undefined':
				return POINTER;
			case 'function':
				return 64;
		}
		if (v === null) return POINTER;
		const obj = v as object;
		if (seen.has(obj)) return POINTER;
		seen.add(obj);
		try {
			if (obj instanceof Pid || obj instanceof Ref) return 2 * POINTER;
			if (ArrayBuffer.isView(obj)) return 64 + obj.byteLength;
			if (obj instanceof ArrayBuffer) return 32 + obj.byteLength;
			if (Array.isArray(obj)) return 16 + sampled(obj, obj.length);
			if (obj instanceof Map) return 32 + 2 * sampled(obj.values(), obj.size);
			if (obj instanceof Set) return 32 + sampled(obj, obj.size);
			const keys = Object.keys(obj);
			const values = keys.slice(0, SAMPLE).map((key) => (obj as Record<string, unknown>)[key]);
			return 24 + keys.length * POINTER + sampled(values, keys.length);
		} catch {
			return POINTER;
		}
	};
	return Math.round(walk(value));
}
