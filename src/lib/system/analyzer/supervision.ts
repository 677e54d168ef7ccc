/**
 * Which processes no supervisor looks after. A process is supervised when it is a supervisor
 * (the root of a tree: an application's top supervisor), when it is linked to a supervisor (a
 * child, or a Registry a supervisor linked itself to), or when the process that spawned it is
 * supervised (a worker's timer, a pool job's helper). Anything else that has lived a while runs
 * on its own: when it crashes, nothing starts it again, and nothing stops it on shutdown.
 *
 * Left out: Arsenal's helpers (`arsenal …` labels) and the node's own short-lived processes,
 * which end before {@link UNSUPERVISED_AFTER_MS}, as Tasks that end do. Runtime worker.
 */
import type { Pid, ProcessInfo } from '$lib/runtime';
import { UNSUPERVISED_AFTER_MS } from './limits';

const SUPERVISORS = new Set(['supervisor', 'dynamic_supervisor']);

/** The processes of one sample that have lived unsupervised for a while. */
export function unsupervised(infos: ReadonlyMap<Pid, ProcessInfo>, now: number): ProcessInfo[] {
	const known = new Map<Pid, boolean>();
	// Up the spawn chain until an answer, iteratively (a ring of processes may be 100,000 deep).
	const supervised = (pid: Pid): boolean => {
		const chain: Pid[] = [];
		let answer = false;
		for (let at: Pid | undefined = pid; at !== undefined;) {
			const cached = known.get(at);
			if (cached !== undefined) {
				answer = cached;
				break;
			}
			const info = infos.get(at);
			if (!info) break;
			chain.push(at);
			if (isSupervisor(info) || info.links.some((l) => isSupervisor(infos.get(l)))) {
				answer = true;
				break;
			}
			// A stale snapshot might loop; a spawn chain cannot.
			known.set(at, false);
			at = info.parent;
		}
		for (const p of chain) known.set(p, answer);
		return answer;
	};
	const out: ProcessInfo[] = [];
	for (const [pid, info] of infos) {
		if (now - info.startedAt < UNSUPERVISED_AFTER_MS) continue;
		if (info.label?.startsWith('arsenal ')) continue;
		if (!supervised(pid)) out.push(info);
	}
	return out;
}

function isSupervisor(info: ProcessInfo | undefined): boolean {
	return info?.behaviour !== undefined && SUPERVISORS.has(info.behaviour);
}
