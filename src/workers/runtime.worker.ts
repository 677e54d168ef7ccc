// The runtime worker: hosts the system node (SuperLearner.Supervisor with the SandboxManager,
// and the demo application; an embed's lean one has no demo and keeps nothing for the next
// visit), restarted with its sandboxes if it dies, and exposes RuntimeApi over comlink. Sandboxes run in the sandbox frame the page hands over (attachSandboxFrame).
// No error escapes this worker: one that escaped would reach the page, which would take the
// runtime — every sandbox, the demo app and REST — for dead.
import { expose } from 'comlink';
import '$lib/arsenal/wire';
import { RUNTIME_WORKER_NAME } from '$lib/common/runtime_worker';
import { createRuntimeApi } from '$lib/system/api';
import { Analytics, openAnalyticsStorage } from '$lib/system/analytics/analytics';
import { workerCompiler } from '$lib/system/sandboxes/compiler';
import { SandboxFrameLink } from '$lib/system/sandboxes/frame_link';
import { IndexedDbJournal, JOURNAL_DB } from '$lib/system/sandboxes/journal_idb';
import { SystemHost, type SystemHostOptions } from '$lib/system/host';
import { SystemSettings } from '$lib/system/config';

self.addEventListener('error', (event) => {
	event.preventDefault();
	console.error('Uncaught in the runtime worker:', event.error ?? event.message);
});
self.addEventListener('unhandledrejection', (event) => {
	event.preventDefault();
	console.error('Unhandled rejection in the runtime worker:', event.reason);
});

const lean = self.name === RUNTIME_WORKER_NAME.lean;
const frames = new SandboxFrameLink(() =>
	import('virtual:sandbox-worker-source').then((m) => m.default)
);
const compiler = workerCompiler();
expose(
	createRuntimeApi(start(), {
		attachSandboxFrame: (port) => frames.attach(port),
		watchCompiler: compiler.watch,
		prepareSandboxes: async () => void (await Promise.all([compiler.prepare(), frames.prepare()]))
	})
);

/**
 * Starts the system node with the sandboxes the last runtime worker journalled (a reload).
 * Without storage (blocked, private mode) it starts with none, and journals nothing; nor does a
 * lean one, which starts no demo application either.
 */
async function start(): Promise<SystemHost> {
	const sandboxes: NonNullable<SystemHostOptions['sandboxes']> = {
		spawnWorker: frames.spawn,
		// A build is for a sandbox about to start: its worker's script loads meanwhile.
		compile: (request) => {
			void frames.prepare();
			return compiler.compile(request);
		}
	};
	if (lean) return SystemHost.start({ demo: false, sandboxes });
	// Before the system starts: every part of it starts with the saved settings.
	const settings = await SystemSettings.open((dropped) =>
		console.info(`Saved settings no longer valid, back to their defaults: ${dropped.join(', ')}`)
	);
	let warned = false;
	const journal = await IndexedDbJournal.open(JOURNAL_DB, (error) => {
		if (!warned) console.warn('Sandboxes will not survive a reload: storage refused', error);
		warned = true;
	}).catch(() => undefined);
	const saved = await journal?.load().catch(() => undefined);
	// The restart history of earlier visits; in memory only (and saying so) without storage.
	const analytics = new Analytics({
		storage: await openAnalyticsStorage(),
		maxEventsPerSupervisor: settings.current.analytics.maxEventsPerSupervisor
	});
	return SystemHost.start({
		settings,
		saved,
		analytics,
		sandboxes: { ...sandboxes, journal }
	});
}
