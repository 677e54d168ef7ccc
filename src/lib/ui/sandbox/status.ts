import type { SandboxListItem } from '$lib/app/sandbox_client';

/** A sandbox's status as a badge: 'killed: unresponsive', 'failed: <the whole reason>', 'running'. */
export function statusBadge(s: Pick<SandboxListItem, 'status' | 'reason'>): {
	tone: 'ok' | 'pending' | 'error';
	label: string;
} {
	switch (s.status) {
		case 'running':
			return { tone: 'ok', label: 'running' };
		case 'compiling':
			return { tone: 'pending', label: 'compiling' };
		case 'stopped':
			return { tone: 'pending', label: 'stopped' };
		case 'killed':
		case 'failed':
			return { tone: 'error', label: s.reason ? `${s.status}: ${s.reason}` : s.status };
	}
}
