/**
 * What the learner typed as a message: JSON (`"get"`, `["add", 5]`), or a bare word, taken as
 * the string (an atom, in Erlang's terms) so that `get` works as well as `"get"`.
 */
import type { Json } from '$lib/arsenal/serialize';

export type Parsed = { ok: true; value: Json; note?: string } | { ok: false; error: string };

const WORD = /^[a-z_][\w.]*$/i;

export function parseMessage(text: string): Parsed {
	const trimmed = text.trim();
	if (!trimmed) return { ok: false, error: 'Type a message.' };
	try {
		return { ok: true, value: JSON.parse(trimmed) as Json };
	} catch (error) {
		if (WORD.test(trimmed)) {
			return { ok: true, value: trimmed, note: `Sent as the string "${trimmed}".` };
		}
		const why = error instanceof Error ? error.message : String(error);
		return { ok: false, error: `Not JSON: ${why}. Strings need double quotes.` };
	}
}
