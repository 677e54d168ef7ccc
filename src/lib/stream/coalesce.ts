/**
 * Coalescing a node's trace for a page that cannot keep up with it. A child that restarts
 * again and again within one delivery becomes one `restart` event — from its first old pid to
 * its last new one, with the last reason and a `count` — and the pids it had in between, which
 * started and died unseen, lose their `spawn` and `exit` events. What the tree shows comes out
 * the same (each child's pid, status, last exit and restart count); only pids that nobody could
 * have read are left out.
 *
 * ```ts
 * coalesce([exit(p0), spawn(p1), restart(p0→p1), exit(p1), spawn(p2), restart(p1→p2)]);
 * // [exit(p0), restart(p0→p2, count 2), spawn(p2)]
 * ```
 */
import type { ObserverEvent } from './events';

type Restart = Extract<ObserverEvent, { type: 'restart' }>;

/** `events` with each child's consecutive restarts merged; the input is left as it is. */
export function coalesce(events: readonly ObserverEvent[]): ObserverEvent[] {
	const out: Array<ObserverEvent | null> = [];
	/** Where the kept restart event that made a pid sits in `out`, by that new pid. */
	const restartOf = new Map<string, number>();
	/** Where a pid's spawn and exit events sit in `out`. */
	const spawnOf = new Map<string, number>();
	const exitOf = new Map<string, number>();
	for (const e of events) {
		if (e.type === 'restart' && e.oldPid !== undefined) {
			const at = restartOf.get(e.oldPid);
			const kept = at === undefined ? null : (out[at] as Restart);
			if (kept && kept.supervisor === e.supervisor && kept.childId === e.childId) {
				const between = e.oldPid;
				restartOf.delete(between);
				dropAt(out, spawnOf, between);
				dropAt(out, exitOf, between);
				const merged: Restart = {
					...kept,
					reason: e.reason,
					at: e.at,
					count: (kept.count ?? 1) + (e.count ?? 1)
				};
				if (e.newPid === undefined) delete merged.newPid;
				else {
					merged.newPid = e.newPid;
					restartOf.set(e.newPid, at!);
				}
				out[at!] = merged;
				continue;
			}
		}
		const index = out.push(e) - 1;
		if (e.type === 'restart' && e.newPid !== undefined) restartOf.set(e.newPid, index);
		else if (e.type === 'spawn') spawnOf.set(e.pid, index);
		else if (e.type === 'exit') exitOf.set(e.pid, index);
	}
	return out.filter((e) => e !== null);
}

function dropAt(out: Array<ObserverEvent | null>, index: Map<string, number>, pid: string): void {
	const at = index.get(pid);
	if (at === undefined) return;
	out[at] = null;
	index.delete(pid);
}
