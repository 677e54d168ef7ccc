// The runtime worker: hosts the system node (SuperLearner.Supervisor with the SandboxManager,
// and the demo application), restarted with its sandboxes if it dies, and exposes RuntimeApi
// over comlink. Sandboxes run in the sandbox frame the page hands over (attachSandboxFrame).
// No error escapes this worker: one that escaped would reach the page, which would take the
// runtime — every sandbox, the demo app and REST — for dead.
import { expose } from 'comlink';
import '$lib/arsenal/wire';
import { createRuntimeApi } from '$lib/system/api';
import { workerCompiler } from '$lib/system/sandboxes/compiler';
import { SandboxFrameLink } from '$lib/system/sandboxes/frame_link';
import { SystemHost } from '$lib/system/host';

self.addEventListener('error', (event) => {
	event.preventDefault();
	console.error('Uncaught in the runtime worker:', event.error ?? event.message);
});
self.addEventListener('unhandledrejection', (event) => {
	event.preventDefault();
	console.error('Unhandled rejection in the runtime worker:', event.reason);
});

const frames = new SandboxFrameLink(() =>
	import('virtual:sandbox-worker-source').then((m) => m.default)
);
const compiler = workerCompiler();
expose(
	createRuntimeApi(
		SystemHost.start({ sandboxes: { spawnWorker: frames.spawn, compile: compiler.compile } }),
		{ attachSandboxFrame: (port) => frames.attach(port), watchCompiler: compiler.watch }
	)
);
