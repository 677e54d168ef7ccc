/**
 * The watchdog of a sandbox worker, as a process on the system node's clock: user code that
 * never awaits (a `while (true) {}`) blocks its whole worker, heartbeats included, so a worker
 * silent for WATCHDOG_MS is taken for stuck.
 */
import type { ProcessBody } from '$lib/runtime';
import { HEARTBEAT_MS, WATCHDOG_MS } from '$lib/sandbox/protocol';

/** Checks every heartbeat interval while `watching()`; calls `onSilent` once and stops. */
export function watchHeartbeats(
	watching: () => boolean,
	lastBeat: () => number,
	onSilent: () => void
): ProcessBody {
	return async (ctx) => {
		while (watching()) {
			if (ctx.node.now() - lastBeat() > WATCHDOG_MS) {
				onSilent();
				return;
			}
			await ctx.sleep(HEARTBEAT_MS);
		}
	};
}
