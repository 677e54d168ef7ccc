/**
 * A cluster node's end of Erlang distribution: the node's {@link Distribution}, whose broker is
 * the system node (asked with a `dist_request` event, answered through the host's `dist*`
 * methods), and whose nodeup/nodedown go to the system as `dist` events and into the node's
 * trace stream (its batches: the timeline, the pages). Sandbox worker.
 */
import { Distribution, type LinkSettings, type PeerStats } from '$lib/distribution';
import type { Node } from '$lib/runtime';
import type { ObserverEvent } from '$lib/stream/events';
import type { PeerWire, SandboxEvent } from '$lib/sandbox/protocol';

/** The running program's files by path, if one runs. */
export type ProgramFiles = () => Record<string, Record<string, unknown>> | undefined;

export class NodeDistribution {
	readonly #dist: Distribution;
	/** Every port attached, to close at once when the host is disposed. */
	readonly #ports = new Set<MessagePort>();

	constructor(
		node: Node,
		seed: number,
		files: ProgramFiles,
		post: (event: SandboxEvent) => void,
		trace: (event: ObserverEvent) => void
	) {
		this.#dist = new Distribution({
			node,
			seed,
			broker: { request: (_self, peer) => post({ type: 'dist_request', peer }) },
			modules: (name) => programModule(files(), name),
			onEvent: (e) => {
				const what = {
					node: e.node,
					...(e.reason !== undefined && { reason: e.reason }),
					at: e.at
				};
				post({ type: 'dist', event: e.type, ...what });
				trace({ type: e.type, ...what });
			}
		});
	}

	attach(peer: PeerWire, port: MessagePort): void {
		this.#ports.add(port);
		this.#dist.attach(peer, port);
	}

	/**
	 * Closes every connection's port without a word, as a terminated worker's ports go (an
	 * in-thread host's disposal): the peers hear of it from the system, not from this node.
	 */
	sever(): void {
		for (const port of this.#ports) port.close();
		this.#ports.clear();
	}

	refuse(peer: string | number, reason: string): void {
		this.#dist.refused(peer, reason);
	}

	disconnect(peer: string, reason: string): void {
		this.#dist.disconnect(peer, reason);
	}

	setLink(peer: string, settings: Partial<LinkSettings>): void {
		this.#dist.setLink(peer, settings);
	}

	stats(): PeerStats[] {
		return this.#dist.stats();
	}
}

/** What `rpc.call` may run: a file's exports, named by its path or by its path less `.ts`/`.js`. */
export function programModule(
	files: Record<string, Record<string, unknown>> | undefined,
	name: string
): Record<string, unknown> | undefined {
	if (!files) return undefined;
	if (Object.hasOwn(files, name)) return files[name];
	for (const ext of ['.ts', '.js']) {
		if (Object.hasOwn(files, name + ext)) return files[name + ext];
	}
	return undefined;
}
