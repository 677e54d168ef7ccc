/**
 * The sandbox frame: a hidden `<iframe sandbox="allow-scripts">` with no `allow-same-origin`
 * and a Content-Security-Policy that forbids every request. It has an opaque origin, so the
 * sandbox workers it starts (from `blob:` URLs) can read neither the app's API nor its storage,
 * the service worker controls none of their requests, and the policy they inherit stops every
 * request they try (TOOLCHAIN.md §12).
 *
 * The page makes the frame and hands one end of a MessageChannel to it and the other to the
 * runtime worker; from then on the runtime worker tells the frame which sandbox workers to
 * start and stop, on that port, and the page is not on the way.
 *
 * Dependency-free: the frame's own script imports it.
 */

/** The page's one message to the frame's window, with the frame's end of the control port. */
export const CONNECT = 'superlearner.sandbox-frame.connect';

/** What the runtime worker asks of the frame. */
export type FrameRequest =
	/** The sandbox worker's script (one self-contained classic script), sent once. */
	| { type: 'define'; source: string }
	/** Start worker `id` and hand it `ports[0]`, its private API port. */
	| { type: 'spawn'; id: number }
	| { type: 'terminate'; id: number };

/** What the frame tells the runtime worker. */
export type FrameReport =
	| { type: 'ready' }
	/** Worker `id` failed at the top level (its script did not load, or an error escaped it) and was ended. */
	| { type: 'exited'; id: number; reason: string };

/**
 * The frame's policy: no request of any kind; its one inline script by hash; `eval` for the
 * loader (learner bundles run through `new Function`); workers from `blob:` only.
 */
export function framePolicy(scriptHash: string): string {
	return [
		"default-src 'none'",
		`script-src '${scriptHash}' 'unsafe-eval'`,
		'worker-src blob:',
		"base-uri 'none'",
		"form-action 'none'"
	].join('; ');
}
