/**
 * How a sandbox reads from outside: the summary the list shows and the full description of
 * one sandbox. Both are built from what the system node already has (the mirror of the
 * sandbox's processes), so reading a sandbox never waits on its worker.
 */
import type { SandboxInfoOut, SandboxSummaryOut } from '$lib/arsenal/sandbox_schemas';
import type { Sandbox } from './sandbox';

export function summarizeSandbox(sb: Sandbox): SandboxSummaryOut {
	return {
		id: sb.id,
		node: sb.nodeName,
		nodeNumber: sb.mirror?.number ?? null,
		status: sb.status,
		...(sb.reason !== undefined && { reason: sb.reason }),
		...(sb.detail !== undefined && { detail: sb.detail }),
		createdAt: sb.createdAt,
		processes: sb.mirror?.live.size ?? 0,
		restarts: sb.mirror?.restarts ?? 0
	};
}

export function describeSandbox(sb: Sandbox): SandboxInfoOut {
	const mirror = sb.mirror;
	const rootPid =
		sb.root !== undefined ? mirror?.processes().find((p) => String(p) === sb.root) : undefined;
	const children: SandboxInfoOut['children'] = [];
	let memory = 0;
	for (const pid of mirror?.processes() ?? []) {
		const info = mirror?.processInfo(pid);
		if (!info) continue;
		memory += info.memory;
		if (rootPid && info.parent === rootPid) {
			const supervisor = info.behaviour === 'supervisor' || info.behaviour === 'dynamic_supervisor';
			children.push({
				id: info.name ?? info.module ?? String(pid),
				pid: String(pid),
				type: supervisor ? 'supervisor' : 'worker',
				modules: info.module ? [info.module] : []
			});
		}
	}
	const versions: Record<string, { current: number; count: number }> = {};
	for (const { module, current, versions: kept } of sb.versions.list()) {
		versions[module] = { current, count: kept.length };
	}
	return {
		...summarizeSandbox(sb),
		entry: sb.entry,
		memoryBudgetMb: sb.memoryBudgetMb,
		files: sb.files,
		...(sb.root !== undefined && { root: sb.root }),
		children,
		stats: {
			processes: mirror?.live.size ?? 0,
			restarts: mirror?.restarts ?? 0,
			memory,
			uptimeMs:
				sb.startedAt !== undefined && sb.status === 'running' ? Date.now() - sb.startedAt : 0
		},
		...(sb.timings && { timings: sb.timings }),
		diagnostics: sb.diagnostics,
		versions
	};
}
