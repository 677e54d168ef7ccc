/**
 * Runtime values as Erlang prints them, for people: `{shutdown, reason}`, `#{key => value}`.
 * Plain text from the serializer's JSON, so every thread and page writes reasons alike.
 */
import type { Json } from './serialize';

/** `killed`, `{shutdown, max_restarts}`, `#{message => "boom"}`: a reason as Erlang prints it. */
export function formatTerm(value: Json | undefined, depth = 0): string {
	if (value === undefined) return '';
	if (value === null) return 'nil';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (depth > 4) return '…';
	if (Array.isArray(value)) return `{${value.map((v) => formatTerm(v, depth + 1)).join(', ')}}`;
	const entries = Object.entries(value);
	return `#{${entries.map(([k, v]) => `${k} => ${formatTerm(v, depth + 1)}`).join(', ')}}`;
}
