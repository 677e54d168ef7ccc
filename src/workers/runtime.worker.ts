// The runtime worker: hosts the system node (SuperLearner.Supervisor with the SandboxManager,
// and the demo application) and exposes RuntimeApi over comlink.
import { expose } from 'comlink';
import '$lib/arsenal/wire';
import { createRuntimeApi } from '$lib/core/runtime_api';
import { workerCompiler } from '$lib/core/sandbox_compiler';
import { spawnSandboxWorker } from '$lib/core/sandbox_worker';
import { startSystemRuntime } from '$lib/core/system_runtime';

expose(
	createRuntimeApi(
		startSystemRuntime({
			sandboxes: { spawnWorker: spawnSandboxWorker, compile: workerCompiler() }
		})
	)
);
