/**
 * Monitors as intrusive lists: each ref is a node in two doubly linked lists, the monitors
 * its watcher holds and the monitors held on its target. Adding and removing one (every
 * call does both) allocates nothing beyond the ref itself.
 */
import type { Pid, Ref } from '../pid';
import type { Process } from '../process';

export function addMonitor(ref: Ref, watcher: Process, target: Process): void {
	ref._watcher = watcher;
	ref._target = target;
	ref._wNext = watcher.monitors;
	if (watcher.monitors) watcher.monitors._wPrev = ref;
	watcher.monitors = ref;
	ref._tNext = target.monitoredBy;
	if (target.monitoredBy) target.monitoredBy._tPrev = ref;
	target.monitoredBy = ref;
}

/** Removes a monitor from both lists; a ref that is no monitor any more is left alone. */
export function removeMonitor(ref: Ref): void {
	const watcher = ref._watcher;
	if (watcher) {
		if (ref._wPrev) ref._wPrev._wNext = ref._wNext;
		else watcher.monitors = ref._wNext;
		if (ref._wNext) ref._wNext._wPrev = ref._wPrev;
	}
	const target = ref._target;
	if (target) {
		if (ref._tPrev) ref._tPrev._tNext = ref._tNext;
		else target.monitoredBy = ref._tNext;
		if (ref._tNext) ref._tNext._tPrev = ref._tPrev;
	}
	ref._watcher = ref._target = ref._wPrev = ref._wNext = ref._tPrev = ref._tNext = undefined;
}

/** The monitors a process holds, oldest first. */
export function heldMonitors(p: Process): Ref[] {
	const refs: Ref[] = [];
	for (let r = p.monitors; r; r = r._wNext) refs.push(r);
	return refs.reverse();
}

/** The monitors held on a process, oldest first. */
export function monitorsOn(p: Process): Ref[] {
	const refs: Ref[] = [];
	for (let r = p.monitoredBy; r; r = r._tNext) refs.push(r);
	return refs.reverse();
}

/** The processes watching `p`, oldest monitor first. */
export function watchers(p: Process): Pid[] {
	return monitorsOn(p).flatMap((r) => (r._watcher ? [r._watcher.self] : []));
}
