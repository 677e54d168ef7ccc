// What a browser's processes hold, from Linux's /proc: PSS (each page shared between processes
// counted once, split among them), summed over the browser process and all its descendants.
import { readdirSync, readFileSync } from 'node:fs';

/** `pid` and every process descending from it. */
export function processTree(pid: number): number[] {
	const parents = new Map<number, number>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			// The parent pid is the 2nd field after the command, which may hold spaces: after ')'.
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
		} catch {
			// The process ended meanwhile.
		}
	}
	const tree = [pid];
	for (let i = 0; i < tree.length; i++) {
		for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
	}
	return tree;
}

export function memoryOf(pids: number[]): { pssMb: number; processes: number } {
	let kb = 0;
	let processes = 0;
	for (const pid of pids) {
		try {
			const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
			kb += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
			processes++;
		} catch {
			// The process ended meanwhile.
		}
	}
	return { pssMb: kb / 1024, processes };
}
