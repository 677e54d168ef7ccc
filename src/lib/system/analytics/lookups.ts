/**
 * What analytics asks of the nodes Arsenal sees (the system node and the sandboxes' mirrors):
 * which process a pid text or a name is, a supervisor's registered name, and which supervisors
 * run now. Runtime worker.
 */
import type { Pid } from '$lib/runtime';
import { pidOf } from '$lib/runtime/host';
import { livePids, type ArsenalNode } from '$lib/arsenal/context';
import type { NameOf } from './analytics';
import type { LiveSupervisor } from './server';

const CANONICAL = /^<(\d+)\.(\d+)\.0>$/;

export interface NodeLookups {
	/** A pid text or a registered name → the live process's node and canonical pid. */
	resolve: (text: string) => { node: string; pid: string } | undefined;
	nameOf: NameOf;
	liveSupervisors: () => LiveSupervisor[];
}

export function nodeLookups(nodes: () => readonly ArsenalNode[]): NodeLookups {
	const pidIn = (entry: ArsenalNode, id: number): Pid | undefined =>
		entry.remote ? entry.remote.pidById(id) : pidOf(entry.node, id);
	return {
		resolve(text) {
			const m = CANONICAL.exec(text);
			for (const entry of nodes()) {
				const pid = m
					? Number(m[1]) === entry.number
						? pidIn(entry, Number(m[2]))
						: undefined
					: entry.node.whereis(text);
				if (pid && entry.node.isAlive(pid)) return { node: entry.node.name, pid: String(pid) };
			}
			return undefined;
		},
		nameOf(node, text) {
			const m = CANONICAL.exec(text);
			const entry = nodes().find((n) => n.node.name === node);
			const pid = m && entry ? pidIn(entry, Number(m[2])) : undefined;
			return pid && entry?.node.processInfo(pid)?.name;
		},
		liveSupervisors() {
			const out: LiveSupervisor[] = [];
			for (const entry of nodes()) {
				for (const pid of livePids(entry).pids) {
					const info = entry.node.processInfo(pid);
					if (info?.behaviour !== 'supervisor' && info?.behaviour !== 'dynamic_supervisor') {
						continue;
					}
					out.push({
						node: entry.node.name,
						supervisor: String(pid),
						...(info.name !== undefined && { name: info.name })
					});
				}
			}
			return out;
		}
	};
}
