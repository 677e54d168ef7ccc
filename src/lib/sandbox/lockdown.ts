/**
 * What a learner's code must not reach from inside its sandbox worker. The worker shares the
 * app's origin, so without this its code could call the REST API through the service worker
 * (destroy other sandboxes, kill system processes), wipe the autosaved files in IndexedDB, or
 * open sockets. The sandbox's own messaging does not go through globals: the host talks on a
 * private MessagePort handed to the worker before any learner code runs (see
 * `src/workers/sandbox.worker.ts`).
 *
 * Each name is redefined as undefined, non-configurable, on the global object and on every
 * prototype it inherits from, so neither `self.fetch` nor the prototype's getter brings it back.
 */

/** Network, storage and worker APIs: none is needed to learn OTP, and each reaches outside. */
export const LOCKED_GLOBALS = [
	'fetch',
	'XMLHttpRequest',
	'WebSocket',
	'WebSocketStream',
	'WebTransport',
	'EventSource',
	'indexedDB',
	'caches',
	'cookieStore',
	'importScripts',
	'BroadcastChannel',
	'Worker',
	'SharedWorker',
	'Request',
	'navigator'
] as const;

/** Removes {@link LOCKED_GLOBALS} from `scope` for good. */
export function lockDown(scope: object = globalThis): void {
	for (
		let target: object | null = scope;
		target;
		target = Object.getPrototypeOf(target) as object | null
	) {
		for (const name of LOCKED_GLOBALS) {
			if (target !== scope && !Object.hasOwn(target, name)) continue;
			Object.defineProperty(target, name, {
				value: undefined,
				writable: false,
				configurable: false,
				enumerable: false
			});
		}
	}
}
