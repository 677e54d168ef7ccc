/**
 * A rough size estimate of a value in bytes, for `processInfo().memory`: enough to compare
 * processes and spot a growing queue or state, bounded in work so that it stays cheap.
 */
const maxVisits = 2000;

export function estimateBytes(value: unknown): number {
	let visits = 0;
	const seen = new Set<object>();
	const walk = (v: unknown): number => {
		if (++visits > maxVisits) return 0;
		switch (typeof v) {
			case 'string':
				return 16 + 2 * v.length;
			case 'number':
			case 'bigint':
			case 'boolean':
			case 'symbol':
			case 'undefined':
				return 8;
			case 'function':
				return 64;
		}
		if (v === null) return 8;
		const obj = v as object;
		if (seen.has(obj)) return 8;
		seen.add(obj);
		if (Array.isArray(obj)) return obj.reduce((n: number, x) => n + walk(x), 16);
		if (obj instanceof Map) {
			let n = 32;
			for (const [k, x] of obj) n += walk(k) + walk(x);
			return n;
		}
		if (obj instanceof Set) {
			let n = 32;
			for (const x of obj) n += walk(x);
			return n;
		}
		let n = 24;
		for (const key of Object.keys(obj)) n += 8 + walk((obj as Record<string, unknown>)[key]);
		return n;
	};
	return walk(value);
}
