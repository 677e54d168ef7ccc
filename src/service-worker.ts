/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The offline app shell and the /api/v1 REST layer. The service worker keeps no state: each API
// request goes to a page whose runtime worker answers it (src/lib/core/service_worker.ts), so it
// keeps working after the browser stops and restarts it.
import { base, build, files, version } from '$service-worker';
import { fail, type ApiRequest, type ApiResponse, type BridgeMessage } from '$lib/arsenal/protocol';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `superlearner-${version}`;
const INDEX = `${base}/`;
// esbuild.wasm (14 MB) is cached on first use instead, so a first visit stays light.
const SHELL = [...build.filter((file) => !file.endsWith('.wasm')), ...files, INDEX];

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
		event.respondWith(event.request.mode === 'navigate' ? navigate(event.request) : asset(url));
	}
});

/** Network first, so a new version shows up; the cached shell when offline. */
async function navigate(request: Request): Promise<Response> {
	try {
		return await fetch(request);
	} catch (error) {
		const shell = await caches.match(INDEX);
		if (shell) return shell;
		throw error;
	}
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

async function answerApi(event: FetchEvent): Promise<Response> {
	const { request } = event;
	const req: ApiRequest = {
		method: request.method,
		url: request.url,
		headers: Object.fromEntries(request.headers),
		body: request.method === 'GET' || request.method === 'HEAD' ? null : await request.text()
	};
	const page = await readyPage(event.clientId);
	const message: BridgeMessage = { type: 'superlearner.api.request', req };
	const answer = page ? ((await ask(page, message, ANSWER_WAIT_MS)) as ApiResponse | null) : null;
	const { status, headers, body } =
		answer ??
		(page
			? fail('timeout', `The runtime did not answer within ${ANSWER_WAIT_MS / 1000} s.`)
			: fail(
					'unavailable',
					`No SuperLearner tab had its runtime ready within ${READY_WAIT_MS / 1000} s. ` +
						'Open the app in a tab, let it load, and try again.'
				));
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }
	});
}

/**
 * A window whose runtime answers a probe: the requesting page first, then any other. A request
 * from inside a worker names a worker client, which cannot answer, hence the fallback.
 */
async function readyPage(clientId: string): Promise<Client | null> {
	const deadline = Date.now() + READY_WAIT_MS;
	do {
		const found = await sw.clients.matchAll({ type: 'window' });
		const windows = [...found].sort(
			(a, b) => Number(b.id === clientId) - Number(a.id === clientId)
		);
		for (const client of windows) {
			if (await ask(client, { type: 'superlearner.api.probe' }, PROBE_MS)) return client;
		}
		if (windows.length === 0) await new Promise((resolve) => setTimeout(resolve, PROBE_MS));
	} while (Date.now() < deadline);
	return null;
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
