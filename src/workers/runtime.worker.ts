// The runtime worker: hosts the system node and exposes RuntimeApi over comlink.
import { expose } from 'comlink';
import '$lib/arsenal/wire';
import { createRuntimeApi } from '$lib/core/runtime_api';
import { createSystemNode } from '$lib/core/system_node';

expose(createRuntimeApi(createSystemNode()));
