/**
 * What a learner's code must not reach from inside its sandbox worker, and what it must not
 * change. The worker runs in the sandbox frame's opaque origin, whose policy stops every
 * request (see frame/protocol.ts); this is the second wall, inside the worker itself:
 *
 * 1. Network, storage, worker and bulk-memory APIs are removed: each name is redefined as
 *    undefined, non-configurable, on the global object and on every prototype it inherits
 *    from, so neither `self.fetch` nor the prototype's getter brings it back. `postMessage` on
 *    the worker's global goes too: the host talks on private MessagePorts only.
 * 2. ArrayBuffer memory is metered against the sandbox's budget (memory_meter.ts).
 * 3. The built-ins are frozen (harden.ts), so no patched method can catch the host's ports.
 */
import { hardenIntrinsics } from './harden';
import { meterBuffers, type MemoryMeter } from './memory_meter';

/** APIs none of which is needed to learn OTP, and each of which reaches outside or allocates out of sight. */
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
	'Response',
	'Headers',
	'navigator',
	'postMessage',
	'close',
	'FontFace',
	'fonts',
	'webkitRequestFileSystem',
	'webkitRequestFileSystemSync',
	'webkitResolveLocalFileSystemURL',
	'webkitResolveLocalFileSystemSyncURL',
	'storageBuckets',
	'Notification',
	// Memory the meter cannot count: wasm memories, blobs and streams of bytes, pixel buffers,
	// and copies made by structuredClone.
	'WebAssembly',
	'SharedArrayBuffer',
	'Blob',
	'File',
	'FileReader',
	'FileReaderSync',
	'CompressionStream',
	'DecompressionStream',
	'TextEncoderStream',
	'TextDecoderStream',
	'OffscreenCanvas',
	'ImageData',
	'createImageBitmap',
	'structuredClone'
] as const;

export interface LockDownOptions {
	/** Meter ArrayBuffer memory against this budget. */
	meter?: MemoryMeter;
	/** Freeze the built-ins (a worker's global only: never the test runner's own realm). */
	harden?: boolean;
}

/** Locks `scope` down for good; see the module comment for what that means. */
export function lockDown(scope: object = globalThis, opts: LockDownOptions = {}): void {
	for (
		let target: object | null = scope;
		target;
		target = Object.getPrototypeOf(target) as object | null
	) {
		for (const name of LOCKED_GLOBALS) {
			if (target !== scope && !Object.hasOwn(target, name)) continue;
			remove(target, name);
		}
	}
	// `crypto.subtle` makes buffers out of sight (encrypt, digest…); getRandomValues stays.
	const crypto = (scope as { Crypto?: { prototype: object } }).Crypto;
	if (crypto && Object.hasOwn(crypto.prototype, 'subtle')) remove(crypto.prototype, 'subtle');
	if (opts.meter) meterBuffers(scope as typeof globalThis, opts.meter);
	if (opts.harden) hardenIntrinsics(scope as typeof globalThis);
}

function remove(target: object, name: string): void {
	Object.defineProperty(target, name, {
		value: undefined,
		writable: false,
		configurable: false,
		enumerable: false
	});
}
