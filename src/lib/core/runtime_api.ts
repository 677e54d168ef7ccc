/**
 * What the runtime worker exposes over comlink. Pages import only its type and reach it
 * through `connectWorker` (src/lib/arsenal/wire.ts).
 */
import { handle } from '$lib/arsenal/http';
import type { ApiRequest } from '$lib/arsenal/protocol';
import type { SystemNode } from './system_node';

export function createRuntimeApi(node: SystemNode) {
	return {
		/** The system node's name, number, start time and uptime. */
		nodeInfo: () => node.info(),

		/** Answers a service-worker API request straight on `port`, so the reply skips the page. */
		async serve(req: ApiRequest, port: MessagePort): Promise<void> {
			port.postMessage(await handle(req, { node }));
			port.close();
		}
	};
}

export type RuntimeApi = ReturnType<typeof createRuntimeApi>;
