// The runtime worker: hosts the system node (SuperLearner.Supervisor with the SandboxManager,
// and the demo application), restarted with its sandboxes if it dies, and exposes RuntimeApi
// over comlink.
import { expose } from 'comlink';
import '$lib/arsenal/wire';
import { createRuntimeApi } from '$lib/core/runtime_api';
import { workerCompiler } from '$lib/core/sandbox_compiler';
import { spawnSandboxWorker } from '$lib/core/sandbox_worker';
import { SystemHost } from '$lib/core/system_host';

expose(
	createRuntimeApi(
		SystemHost.start({
			sandboxes: { spawnWorker: spawnSandboxWorker, compile: workerCompiler() }
		})
	)
);
