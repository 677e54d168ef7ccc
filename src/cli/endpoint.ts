/**
 * A worker_threads MessagePort as comlink's Endpoint (comlink speaks the DOM's
 * addEventListener; a Node port emits `'message'` with the data itself). Used on both sides of
 * a sandbox worker: the thread exposes its host on one, the CLI wraps the other.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Endpoint } from 'comlink';

type Listener = Parameters<Endpoint['addEventListener']>[1];

export function portEndpoint(port: MessagePort): Endpoint {
	const wrapped = new Map<Listener, (data: unknown) => void>();
	return {
		postMessage(message: unknown, transfer?: Transferable[]) {
			port.postMessage(message, transfer as never);
		},
		addEventListener(type, listener) {
			if (type !== 'message' || wrapped.has(listener)) return;
			const forward = (data: unknown) => {
				const event = { data } as MessageEvent;
				if (typeof listener === 'function') listener(event);
				else listener.handleEvent(event);
			};
			wrapped.set(listener, forward);
			port.on('message', forward);
		},
		removeEventListener(type, listener) {
			const forward = wrapped.get(listener);
			if (type !== 'message' || !forward) return;
			wrapped.delete(listener);
			port.off('message', forward);
		}
	};
}
