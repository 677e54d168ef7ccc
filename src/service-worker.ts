/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The offline app shell and the /api/v1 REST layer. The service worker keeps no state that
// matters: each API request goes to a page whose runtime worker answers it, as ApiBridge
// (src/lib/arsenal/bridge.ts) routes it, so it keeps working after the browser stops and
// restarts it. The pages' side is src/lib/app/api_bridge.ts.
import { base, build, files, version } from '$service-worker';
import { ApiBridge } from '$lib/arsenal/bridge';
import {
	cacheProgress,
	fillCache,
	filesToKeep,
	OFFLINE_LIST,
	type FillableCache,
	type OfflineFile,
	type OfflineList
} from '$lib/common/offline_cache';
import type {
	AnnounceMessage,
	ApiRequest,
	ApiResponse,
	CacheCheckMessage,
	CacheFillMessage,
	CacheFillProgress,
	HelloMessage,
	PortMessage
} from '$lib/arsenal/protocol';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `superlearner-${version}`;
const INDEX = `${base}/`;
/**
 * What a first visit waits for before this worker activates and answers `/api/v1/*`: the page
 * itself. Everything else (about 27 MB: the editor, the compiler and its wasm, the workers'
 * chunks) is cached afterwards, in the background, when a page asks (`superlearner.cache.fill`),
 * or on first use.
 */
const SHELL = [INDEX, ...files];

const bridge = new ApiBridge({
	get: (id) => sw.clients.get(id),
	windows: () => sw.clients.matchAll({ type: 'window' })
});

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

/**
 * Network first, so a new version shows up; offline, a static page's cached copy (the embed
 * demo), else the cached shell.
 */
async function navigate(event: FetchEvent): Promise<Response> {
	const response = await fetch(event.request).catch(async (error: unknown) => {
		const { pathname } = new URL(event.request.url);
		const shell = await caches.match(files.includes(pathname) ? pathname : INDEX);
		if (shell) return shell;
		throw error;
	});
	// A window showing an image or a text file runs no app: never wait for it to answer.
	const html = response.headers.get('content-type')?.includes('text/html');
	if (event.resultingClientId && !html) bridge.notApp(event.resultingClientId);
	return response;
}

/**
 * Built files being downloaded into the cache (by a page's first use or by the fill), until
 * stored: each is downloaded once, however many ask for it meanwhile.
 */
const storing = new Map<string, Promise<void>>();

function store(path: string, download: () => Promise<void>): Promise<void> {
	const stored = download().finally(() => storing.delete(path));
	storing.set(path, stored);
	return stored;
}

/**
 * Built files of this size or more are not copied into the cache as a page first downloads
 * them: writing the compiler's 14 MB while the page read it made that download take twice as
 * long (0.74 s against 0.43 s here). They are stored once they have all arrived, or by the
 * background fill (from the HTTP cache).
 */
const STORED_LATER_BYTES = 1_000_000;

/**
 * Built files on their way from the network, by path: who asks for one meanwhile (three embeds
 * of a page start their compilers at once) gets a copy of the same download. A large one is
 * stored once it has all arrived (not while the page reads it, see STORED_LATER_BYTES): the
 * next embed's compiler comes from the cache, not the network again.
 */
const downloading = new Map<string, Promise<Response>>();

function download(url: URL): Promise<Response> {
	const path = url.pathname;
	let shared = downloading.get(path);
	if (!shared) {
		shared = fetch(url);
		downloading.set(path, shared);
		// The original stays unread: each asker reads a copy of it.
		void shared
			.then(async (response) => {
				const size = Number(response.headers.get('content-length'));
				if (!response.ok || size < STORED_LATER_BYTES) return;
				const whole = new Response(await response.clone().arrayBuffer(), response);
				await store(path, () => caches.open(CACHE).then((cache) => cache.put(path, whole)));
			})
			.catch(() => {})
			.finally(() => downloading.delete(path));
	}
	return shared.then((response) => response.clone());
}

/**
 * Cache first: built files are immutable (hashed names) and cached on first use (the large ones
 * once downloaded), streamed to the page meanwhile (the compiler's download shows its bytes); one
 * the fill is downloading is served once stored.
 */
async function asset(url: URL): Promise<Response> {
	const path = url.pathname;
	await storing.get(path)?.catch(() => {});
	const cached = await caches.match(path);
	if (cached) return cached;
	const immutable = path.startsWith(`${base}/_app/immutable/`);
	const response = await (immutable ? download(url) : fetch(url));
	const size = Number(response.headers.get('content-length'));
	if (response.ok && immutable && size < STORED_LATER_BYTES) {
		const copy = response.clone();
		void store(path, () => caches.open(CACHE).then((cache) => cache.put(path, copy))).catch(
			() => {}
		);
	}
	return response;
}

sw.addEventListener('message', (event) => {
	const data = event.data as Partial<
		PortMessage | HelloMessage | CacheFillMessage | CacheCheckMessage
	> | null;
	const [port] = event.ports;
	const source = event.source;
	if (!(source instanceof Client)) return;
	if (data?.type === 'superlearner.api.hello') {
		bridge.hello(source.id);
	} else if (data?.type === 'superlearner.cache.fill' && port) {
		event.waitUntil(reportFill(port));
	} else if (data?.type === 'superlearner.cache.check' && port) {
		event.waitUntil(reportCached(port));
	} else if (data?.type === 'superlearner.api.port' && port) {
		bridge.link(source.id, port);
		event.waitUntil(bridge.forgetClosed());
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
let lastProgress: CacheFillProgress | undefined;

/** Fills the offline cache (once at a time) and tells `port` how far it got, then that it is done. */
async function reportFill(port: MessagePort): Promise<void> {
	fillListeners.add(port);
	// A page that asks while a fill runs hears how far it got at once.
	if (filling && lastProgress) port.postMessage(lastProgress);
	filling ??= fill().finally(() => (filling = undefined));
	try {
		await filling;
		port.postMessage(lastProgress);
	} catch (error) {
		port.postMessage(failed(error, lastProgress));
	} finally {
		fillListeners.delete(port);
		port.close();
	}
}

/** The files to keep offline, and the cache they go to. */
async function offlineFiles(): Promise<{ cache: FillableCache; files: OfflineFile[] }> {
	const list = await fetch(`${base}/${OFFLINE_LIST}`, { cache: 'no-cache' })
		.then((response) => (response.ok ? (response.json() as Promise<OfflineList>) : null))
		.catch(() => null);
	const cache = await caches.open(CACHE);
	return {
		files: filesToKeep(list, build, base),
		cache: {
			has: async (path) => (await cache.match(path)) !== undefined,
			// A file the page is downloading meanwhile is stored once, by that download.
			add: async (path) => {
				await storing.get(path)?.catch(() => {});
				if (!(await cache.match(path))) await store(path, () => cache.add(path));
			}
		}
	};
}

async function fill(): Promise<void> {
	lastProgress = undefined;
	const { cache, files } = await offlineFiles();
	await fillCache(cache, files, (progress) => {
		lastProgress = progress;
		for (const port of fillListeners) port.postMessage(progress);
	});
}

/** Tells `port` how much is cached already, downloading nothing. */
async function reportCached(port: MessagePort): Promise<void> {
	try {
		const { cache, files } = await offlineFiles();
		port.postMessage((await cacheProgress(cache, files)).progress);
	} catch (error) {
		port.postMessage(failed(error));
	} finally {
		port.close();
	}
}

/** The progress that says why a fill or a check failed, after what it had done. */
function failed(error: unknown, progress?: CacheFillProgress): CacheFillProgress {
	const why = error instanceof Error ? error.message : String(error);
	const nothing = { done: 0, total: 0, bytesDone: 0, bytesTotal: 0, missing: [] };
	return { ...nothing, ...progress, error: why };
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
	return respond(await bridge.answer(req, event.clientId));
}

function respond({ status, headers, body }: ApiResponse): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }
	});
}
