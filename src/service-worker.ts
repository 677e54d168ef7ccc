/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The offline app shell and the /api/v1 REST layer. The service worker keeps no state: each API
// request goes to a page whose runtime worker answers it (src/lib/app/api_bridge.ts), so it
// keeps working after the browser stops and restarts it.
import { base, build, files, version } from '$service-worker';
import {
	DIRECT_ACK_MS,
	fail,
	type AnnounceMessage,
	type ApiRequest,
	type ApiResponse,
	type BridgeMessage,
	type CacheFillMessage,
	type CacheFillProgress,
	type DirectReply,
	type HelloMessage,
	type PortMessage
} from '$lib/arsenal/protocol';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `superlearner-${version}`;
const INDEX = `${base}/`;
/**
 * What a first visit waits for before this worker activates and answers `/api/v1/*`: the page
 * itself. Everything else (about 13 MB, the editor included) is cached afterwards, in the
 * background, when a page asks (`superlearner.cache.fill`), or on first use.
 * esbuild.wasm (14 MB) is cached on first use only.
 */
const SHELL = [INDEX, ...files];
const OFFLINE = build.filter((file) => !file.endsWith('.wasm'));
/** Parallel downloads while filling the cache: enough to overlap, few enough to stay quiet. */
const FILL_CONCURRENCY = 4;

/** How long a request waits for a page to have its runtime ready, and for its answer. */
const READY_WAIT_MS = 5_000;
const PROBE_MS = 250;
const ANSWER_WAIT_MS = 35_000;

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(CACHE)
			.then((cache) => cache.addAll(SHELL))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
			.then(() => sw.clients.claim())
	);
});

sw.addEventListener('fetch', (event) => {
	const url = new URL(event.request.url);
	if (url.origin !== sw.location.origin) return;
	if (url.pathname.startsWith(`${base}/api/v1/`)) {
		event.respondWith(answerApi(event));
	} else if (event.request.method === 'GET') {
		event.respondWith(event.request.mode === 'navigate' ? navigate(event) : asset(url));
	}
});

/** Network first, so a new version shows up; the cached shell when offline. */
async function navigate(event: FetchEvent): Promise<Response> {
	const response = await fetch(event.request).catch(async (error: unknown) => {
		const shell = await caches.match(INDEX);
		if (shell) return shell;
		throw error;
	});
	// A window showing an image or a text file runs no app: never wait for it to answer.
	const html = response.headers.get('content-type')?.includes('text/html');
	if (event.resultingClientId && !html) notApp.add(event.resultingClientId);
	return response;
}

/** Cache first: built files are immutable (hashed names); others are cached on first use. */
async function asset(url: URL): Promise<Response> {
	const cached = await caches.match(url.pathname);
	if (cached) return cached;
	const response = await fetch(url);
	if (response.ok && url.pathname.startsWith(`${base}/_app/immutable/`)) {
		const copy = response.clone();
		void caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
	}
	return response;
}

/**
 * Ports to the ready runtime workers of pages, by client id, the most recently linked last (see
 * PortMessage). A cache only: after a restart of this service worker it is empty until the
 * pages answer `announce`; meanwhile requests go through the pages.
 */
const runtimePorts = new Map<string, MessagePort>();
/**
 * Windows known to run no app: they show an image, a text file… (a page that may be the app is
 * never put here, even while it is too busy loading to answer). Their requests go straight to a
 * ready runtime (the app answers API calls of any window or worker of its origin), and they are
 * never probed.
 */
const notApp = new Set<string>();

sw.addEventListener('message', (event) => {
	const data = event.data as Partial<PortMessage | HelloMessage | CacheFillMessage> | null;
	const [port] = event.ports;
	const source = event.source;
	if (!(source instanceof Client)) return;
	if (data?.type === 'superlearner.api.hello') {
		notApp.delete(source.id);
	} else if (data?.type === 'superlearner.cache.fill' && port) {
		event.waitUntil(reportFill(port));
	} else if (data?.type === 'superlearner.api.port' && port) {
		notApp.delete(source.id);
		runtimePorts.get(source.id)?.close();
		runtimePorts.delete(source.id);
		runtimePorts.set(source.id, port);
		event.waitUntil(forgetClosedClients());
	}
});

/** A service worker that starts knows no runtime: the pages tell it again. */
async function announce(): Promise<void> {
	for (const client of await sw.clients.matchAll({ type: 'window' })) {
		client.postMessage({ type: 'superlearner.api.announce' } satisfies AnnounceMessage);
	}
}
void announce();

/** The fill under way, shared by every page that asks while it runs. */
let filling: Promise<void> | undefined;
const fillListeners = new Set<MessagePort>();

/** Fills the offline cache (once at a time) and tells `port` how far it got, then that it is done. */
async function reportFill(port: MessagePort): Promise<void> {
	fillListeners.add(port);
	filling ??= fillCache().finally(() => (filling = undefined));
	try {
		await filling;
		port.postMessage({ done: OFFLINE.length, total: OFFLINE.length } satisfies CacheFillProgress);
	} catch (error) {
		const why = error instanceof Error ? error.message : String(error);
		port.postMessage({ done: 0, total: OFFLINE.length, error: why } satisfies CacheFillProgress);
	} finally {
		fillListeners.delete(port);
		port.close();
	}
}

async function fillCache(): Promise<void> {
	const cache = await caches.open(CACHE);
	const missing: string[] = [];
	for (const file of OFFLINE) if (!(await cache.match(file))) missing.push(file);
	let done = OFFLINE.length - missing.length;
	const report = () => {
		for (const port of fillListeners) {
			port.postMessage({ done, total: OFFLINE.length } satisfies CacheFillProgress);
		}
	};
	report();
	const next = async (): Promise<void> => {
		for (let file = missing.pop(); file !== undefined; file = missing.pop()) {
			await cache.add(file);
			done++;
			report();
		}
	};
	await Promise.all(Array.from({ length: FILL_CONCURRENCY }, next));
}

async function forgetClosedClients(): Promise<void> {
	for (const id of [...runtimePorts.keys(), ...notApp]) {
		if (await sw.clients.get(id)) continue;
		runtimePorts.get(id)?.close();
		runtimePorts.delete(id);
		notApp.delete(id);
	}
}

async function answerApi(event: FetchEvent): Promise<Response> {
	const { request } = event;
	const req: ApiRequest = {
		method: request.method,
		url: request.url,
		headers: Object.fromEntries(request.headers),
		body: request.method === 'GET' || request.method === 'HEAD' ? null : await request.text(),
		...(event.clientId && { clientId: event.clientId })
	};
	return respond(
		(await askRequestersRuntime(event.clientId, req)) ??
			(await askRequester(event.clientId, req)) ??
			(await askAnyReadyRuntime(req))
	);
}

function respond({ status, headers, body }: ApiResponse): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }
	});
}

/** The fastest path: the requesting page's runtime worker, over the port the page gave us. */
async function askRequestersRuntime(
	clientId: string,
	req: ApiRequest
): Promise<ApiResponse | null> {
	const port = clientId ? runtimePorts.get(clientId) : undefined;
	if (!port) return null;
	const answer = await askDirect(port, req);
	// No answer: the page is gone or its worker was replaced; forget the port.
	if (!answer) runtimePorts.delete(clientId);
	return answer;
}

/** The fast path: the requesting window itself, with no probe first, unless it runs no app. */
async function askRequester(clientId: string, req: ApiRequest): Promise<ApiResponse | null> {
	if (!clientId || notApp.has(clientId)) return null;
	const client = await sw.clients.get(clientId);
	if (!client || client.type !== 'window') return null;
	return askDirect(client, req);
}

/**
 * For a window that runs no app, a worker, or a page whose runtime is not ready: a linked
 * runtime answers straight from its worker (the one linked last first), and no window is asked.
 * With none linked (this service worker just started, or the pages are still starting), the
 * windows are probed, all at once, until one is ready or a runtime links.
 */
async function askAnyReadyRuntime(req: ApiRequest): Promise<ApiResponse> {
	const deadline = Date.now() + READY_WAIT_MS;
	do {
		const linked = await askLinkedRuntime(req);
		if (linked) return linked;
		const page = await readyPage();
		if (page) {
			const message: BridgeMessage = { type: 'superlearner.api.request', req };
			return (
				((await ask(page, message, ANSWER_WAIT_MS)) as ApiResponse | null) ??
				fail('timeout', `The runtime did not answer within ${ANSWER_WAIT_MS / 1000} s.`)
			);
		}
	} while (Date.now() < deadline);
	return fail(
		'unavailable',
		`No SuperLearner tab had its runtime ready within ${READY_WAIT_MS / 1000} s. ` +
			'Open the app in a tab, let it load, and try again.'
	);
}

/** The linked runtimes, the most recent first, until one answers; ports that do not are dropped. */
async function askLinkedRuntime(req: ApiRequest): Promise<ApiResponse | null> {
	for (const [id, port] of [...runtimePorts].reverse()) {
		const answer = await askDirect(port, req);
		if (answer) return answer;
		runtimePorts.delete(id);
	}
	return null;
}

/**
 * Sends a `direct` request: the receiver accepts at once and its runtime answers, or says it
 * is not ready. Null (try another way) when it is not ready or does not accept within
 * DIRECT_ACK_MS; once accepted, the request runs there and nowhere else.
 */
async function askDirect(
	target: { postMessage(message: unknown, transfer: Transferable[]): void },
	req: ApiRequest
): Promise<ApiResponse | null> {
	const { port1, port2 } = new MessageChannel();
	const replies: unknown[] = [];
	let wake: () => void = () => {};
	port1.onmessage = (event) => {
		replies.push(event.data);
		wake();
	};
	/** The next reply, or null after `ms`. */
	const next = (ms: number) =>
		new Promise<unknown>((resolve) => {
			if (replies.length) return resolve(replies.shift());
			const timer = setTimeout(() => {
				wake = () => {};
				resolve(null);
			}, ms);
			wake = () => {
				wake = () => {};
				clearTimeout(timer);
				resolve(replies.shift());
			};
		});
	try {
		const message: BridgeMessage = { type: 'superlearner.api.direct', req, sentAt: Date.now() };
		target.postMessage(message, [port2]);
		const first = (await next(DIRECT_ACK_MS)) as DirectReply | ApiResponse | null;
		if (!first || ('type' in first && first.type === 'superlearner.api.not_ready')) return null;
		if (!('type' in first)) return first;
		return (
			((await next(ANSWER_WAIT_MS)) as ApiResponse | null) ??
			fail('timeout', `The runtime did not answer within ${ANSWER_WAIT_MS / 1000} s.`)
		);
	} finally {
		port1.close();
	}
}

/** A window whose runtime answers a probe (all probed at once), or null after PROBE_MS. */
async function readyPage(): Promise<Client | null> {
	const found = await sw.clients.matchAll({ type: 'window' });
	const windows = found.filter((client) => !notApp.has(client.id));
	if (windows.length > 0) return firstReady(windows);
	await new Promise((resolve) => setTimeout(resolve, PROBE_MS));
	return null;
}

/** Probes every window at once: the first to say its runtime is ready, or null after PROBE_MS. */
function firstReady(windows: readonly Client[]): Promise<Client | null> {
	return new Promise((resolve) => {
		let waiting = windows.length;
		for (const client of windows) {
			void ask(client, { type: 'superlearner.api.probe' }, PROBE_MS).then((reply) => {
				if (reply) resolve(client);
				else if (--waiting === 0) resolve(null);
			});
		}
	});
}

/** Posts `message` with a reply port; the reply, or null after `timeoutMs`. */
function ask(client: Client, message: BridgeMessage, timeoutMs: number): Promise<unknown> {
	const { port1, port2 } = new MessageChannel();
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(null), timeoutMs);
		port1.onmessage = (event) => {
			clearTimeout(timer);
			resolve(event.data);
		};
		client.postMessage(message, [port2]);
	}).finally(() => port1.close());
}
