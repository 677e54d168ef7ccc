/**
 * How the observer pages write runtime values for people: exit reasons and messages in Erlang's
 * manner (`{shutdown, reason}`), ages, and the health verdict. All of it is plain text.
 */
import type { Health } from './arsenal_client';

export { formatTerm } from '$lib/arsenal/term_text';

/** Clipped to `max` characters, for lists. */
export function clip(text: string, max = 80): string {
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `just now`, `12 s ago`, `3 min ago`. */
export function formatAgo(ms: number): string {
	if (ms < 1000) return 'just now';
	if (ms < 60_000) return `${Math.floor(ms / 1000)} s ago`;
	if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
	return `${Math.floor(ms / 3_600_000)} h ago`;
}

/** `1,234` in the page's locale. */
export function formatCount(n: number): string {
	return Math.round(n).toLocaleString('en-US');
}

export interface Verdict {
	tone: 'ok' | 'pending' | 'error';
	label: string;
	/** Why, in a sentence. */
	reason: string;
}

/** A mailbox this long means its process cannot keep up. */
export const LONG_QUEUE = 100;

/**
 * Healthy: no restart in the last minute and no mailbox of `LONG_QUEUE` messages or more.
 * Restarting: supervisors restarted something in the last minute. Backlogged: a mailbox is long.
 */
export function verdict(health: Health, restartsLastMinute: number): Verdict {
	const longest = health.nodes
		.map((n) => n.longestQueue)
		.filter((q) => q !== null)
		.sort((a, b) => b.length - a.length)[0];
	if (longest && longest.length >= LONG_QUEUE) {
		return {
			tone: 'error',
			label: 'Backlogged',
			reason: `${longest.pid} has ${formatCount(longest.length)} messages waiting.`
		};
	}
	if (restartsLastMinute > 0) {
		return {
			tone: 'pending',
			label: 'Restarting',
			reason: `Supervisors restarted ${restartsLastMinute} process${restartsLastMinute === 1 ? '' : 'es'} in the last minute.`
		};
	}
	return {
		tone: 'ok',
		label: 'Healthy',
		reason: 'No restart in the last minute and no long mailbox.'
	};
}

/** A thrown value's message, for a page to show. */
export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
