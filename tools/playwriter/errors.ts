/**
 * Why a Playwriter call failed:
 * - `browser_not_found`: no browser at the path given or found, or it would not start;
 * - `navigation_failed`: the page did not load, or answered with an HTTP status ≥ 400;
 * - `timeout`: a launch, connection or page load took longer than `timeout`;
 * - `connect_failed`: the browser at `wsEndpoint` could not be reached.
 */
export type PlaywriterErrorCode =
	'browser_not_found' | 'navigation_failed' | 'timeout' | 'connect_failed';

/** Every failure Playwriter reports; `cause` keeps Playwright's own error when there is one. */
export class PlaywriterError extends Error {
	override readonly name = 'PlaywriterError';
	readonly code: PlaywriterErrorCode;

	constructor(code: PlaywriterErrorCode, message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.code = code;
	}
}

/** Whether `error` is Playwright's timeout (checked by name: it has several classes of it). */
export function isTimeout(error: unknown): boolean {
	return error instanceof Error && error.name === 'TimeoutError';
}

/** The first line of an error's message: Playwright appends call logs after it. */
export function firstLine(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.split('\n')[0];
}
