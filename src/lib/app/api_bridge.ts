/**
 * The page's side of the service worker: registration, waiting for control, and answering the
 * `/api/v1` requests the service worker forwards (see src/service-worker.ts). The page hands
 * each request and its reply port to the runtime worker, which answers on the port directly.
 */
import { transfer, type Remote } from 'comlink';
import { acceptDirect } from '$lib/arsenal/bridge';
import {
	fail,
	isBridgeMessage,
	type AnnounceMessage,
	type ApiRequest,
	type CacheCheckMessage,
	type CacheFillMessage,
	type CacheFillProgress,
	type HelloMessage,
	type PortMessage
} from '$lib/arsenal/protocol';
import type { RuntimeApi } from '$lib/system/api';

/** The page's part in answering `/api/v1` requests; see {@link serveApi}. */
export interface ApiServer {
	/**
	 * Tells the service worker that this page's runtime is ready (a new worker, or the first):
	 * it then sends this page's requests, and those of windows that run no app, straight to it.
	 */
	runtimeReady(): void;
	stop(): void;
}

/** Runs a request in `api`'s runtime worker, which answers on `reply` itself. */
const serveWith = (api: Remote<RuntimeApi>) => (req: ApiRequest, reply: MessagePort) => {
	void api.serve(req, transfer(reply, [reply])).catch(() => {});
};

/**
 * Serves forwarded API requests with the runtime `getApi` returns, while it returns one. Until
 * then probes go unanswered and direct requests are declined, so the service worker keeps
 * looking for a ready page.
 */
export function serveApi(getApi: () => Remote<RuntimeApi> | null): ApiServer {
	const container = navigator.serviceWorker;
	let linked = -Infinity;
	/**
	 * Gives the service worker a port to this page's runtime worker, so that requests skip this
	 * page. A request that reaches the page means the service worker has none (a new or restarted
	 * service worker): link again, at most once a second.
	 */
	const link = (api: Remote<RuntimeApi>) => {
		const controller = container.controller;
		if (!controller || performance.now() - linked < 1000) return;
		linked = performance.now();
		const { port1, port2 } = new MessageChannel();
		void api.attachPort(transfer(port1, [port1])).then(
			() =>
				controller.postMessage({ type: 'superlearner.api.port' } satisfies PortMessage, [port2]),
			() => port2.close()
		);
	};
	/** Says this window runs the app, and links its runtime if it is ready. */
	const introduce = () => {
		container.controller?.postMessage({ type: 'superlearner.api.hello' } satisfies HelloMessage);
		const api = getApi();
		linked = -Infinity;
		if (api) link(api);
	};
	const onMessage = (event: MessageEvent<unknown>) => {
		if ((event.data as Partial<AnnounceMessage> | null)?.type === 'superlearner.api.announce') {
			return introduce();
		}
		const [port] = event.ports;
		if (!port || !isBridgeMessage(event.data)) return;
		const api = getApi();
		if (api) link(api);
		if (event.data.type === 'superlearner.api.direct') {
			acceptDirect(event.data, port, api && serveWith(api));
		} else if (event.data.type === 'superlearner.api.probe') {
			if (api) port.postMessage({ ready: true });
			else port.close();
		} else if (api) {
			// The port now belongs to the runtime worker; if it dies mid-request, the service
			// worker's own deadline answers 504.
			serveWith(api)(event.data.req, port);
		} else {
			port.postMessage(fail('unavailable', 'The runtime worker of this page is not running.'));
		}
	};
	container.addEventListener('message', onMessage);
	// A new service worker knows nothing of this page.
	container.addEventListener('controllerchange', introduce);
	container.startMessages();
	introduce();
	return {
		runtimeReady: introduce,
		stop() {
			container.removeEventListener('message', onMessage);
			container.removeEventListener('controllerchange', introduce);
		}
	};
}

/**
 * Resolves once a service worker controls this page: at once on a reload, after
 * `controllerchange` on a first visit. Rejects after `timeoutMs` (a hard reload bypasses it).
 */
export function whenControlled(timeoutMs = 10_000): Promise<void> {
	if (!('serviceWorker' in navigator)) {
		return Promise.reject(new Error('This browser has no service workers here.'));
	}
	const container = navigator.serviceWorker;
	if (container.controller) return Promise.resolve();
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			container.removeEventListener('controllerchange', done);
			reject(new Error('No service worker took control of this page. Reload to try again.'));
		}, timeoutMs);
		function done() {
			clearTimeout(timer);
			resolve();
		}
		container.addEventListener('controllerchange', done, { once: true });
	});
}

/** Asks the service worker how much of what the app needs offline it has cached already. */
export function checkOfflineCache(): Promise<CacheFillProgress> {
	let last: CacheFillProgress | undefined;
	return askCache({ type: 'superlearner.cache.check' }, (progress) => (last = progress)).then(
		() => last!
	);
}

/**
 * Asks the service worker to cache everything the app needs offline (it caches only the page
 * before it activates, so that a first visit is answered at once). `onProgress` hears how far
 * it got; resolves when everything is cached, rejects with the reason when it cannot be.
 */
export function fillOfflineCache(onProgress: (progress: CacheFillProgress) => void): Promise<void> {
	return askCache({ type: 'superlearner.cache.fill' }, onProgress);
}

/**
 * Posts `message` to the service worker with a port for its {@link CacheFillProgress} answers:
 * resolves on the one that says everything is done (a check's single answer, a fill's last),
 * rejects on one with an error.
 */
async function askCache(
	message: CacheCheckMessage | CacheFillMessage,
	onProgress: (progress: CacheFillProgress) => void
): Promise<void> {
	await whenControlled();
	const controller = navigator.serviceWorker.controller;
	if (!controller) throw new Error('No service worker controls this page.');
	const { port1, port2 } = new MessageChannel();
	await new Promise<void>((resolve, reject) => {
		port1.onmessage = ({ data: progress }: MessageEvent<CacheFillProgress>) => {
			onProgress(progress);
			if (progress.error) reject(new Error(progress.error));
			else if (message.type === 'superlearner.cache.check' || progress.done === progress.total) {
				resolve();
			}
		};
		controller.postMessage(message, [port2]);
	}).finally(() => port1.close());
}
