/**
 * Which process's code is running synchronously right now, for `currentPid()` (current.ts).
 * The runtime sets it around each call into user code (a body, a behaviour callback) and puts
 * the previous one back after, so a body that starts another synchronously nests correctly.
 * One module variable: a write on the way in and one on the way out, nothing allocated.
 */
import type { Pid } from '../pid';

export let running: Pid | undefined;

/** Marks `pid` as running; returns the one before, to hand back to `setRunning` after. */
export function setRunning(pid: Pid | undefined): Pid | undefined {
	const before = running;
	running = pid;
	return before;
}
