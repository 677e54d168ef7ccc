/**
 * The sandboxes that exist, shared by the SandboxManager (which changes them) and the system
 * runtime (which shows their nodes to Arsenal). It outlives a restart of the manager, whose
 * `init` then ends every worker it finds here: a restarted manager starts with none.
 */
import type { ArsenalNode } from '$lib/arsenal/context';
import { ArsenalError } from '$lib/arsenal/errors';
import type { Sandbox } from './sandbox';

export class SandboxTable {
	readonly byId = new Map<string, Sandbox>();
	/**
	 * The N of the next sandbox node. Never reused, even across manager restarts: a pid a page
	 * or a REST client still holds must not come to name another sandbox's process.
	 */
	nextNumber = 1;

	/** The nodes of the running sandboxes, as Arsenal sees them. */
	nodes(): ArsenalNode[] {
		const out: ArsenalNode[] = [];
		for (const sb of this.byId.values()) {
			const { mirror, worker } = sb;
			if (!mirror || !worker) continue;
			out.push({
				number: mirror.number,
				node: mirror,
				restartsSince: (since) => mirror.restartsSince(since),
				live: mirror.live,
				remote: {
					pidById: (id) => mirror.livePid(id),
					execute: (operation, params) => forwarded(worker.api.execute(operation, params))
				}
			});
		}
		return out;
	}

	/** The sandbox whose node has this name. */
	byNode(name: string): Sandbox | undefined {
		for (const sb of this.byId.values()) if (sb.nodeName === name) return sb;
		return undefined;
	}
}

/** An error from the sandbox's registry keeps its code (404, 422…) on this side. */
async function forwarded<T>(answer: Promise<T>): Promise<T> {
	try {
		return await answer;
	} catch (error) {
		const { code, details } = error as { code?: unknown; details?: unknown };
		if (error instanceof Error && typeof code === 'string') {
			throw new ArsenalError(code, error.message, details);
		}
		throw error;
	}
}
