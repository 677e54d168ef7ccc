// The runtime worker: hosts the system node (SuperLearner.Supervisor and the demo application)
// and exposes RuntimeApi over comlink.
import { expose } from 'comlink';
import '$lib/arsenal/wire';
import { createRuntimeApi } from '$lib/core/runtime_api';
import { startSystemRuntime } from '$lib/core/system_runtime';

expose(createRuntimeApi(startSystemRuntime()));
