// A sandbox worker in Node: one worker_threads thread running the sandbox host
// (lib/sandbox/host/host.ts), as src/workers/sandbox.worker.ts runs it in the browser. Its API is
// exposed on the private port it is started with. An error that escapes every process is
// reported as the sandbox's failure instead of ending the thread, and the thread is locked down
// as the browser's worker is (no network or storage globals, buffers metered, built-ins frozen).
// Node gives code more than a browser does (`import('node:fs')` works), so the command runs
// only folders one trusts: see README.md.
import process from 'node:process';
import { workerData, type MessagePort } from 'node:worker_threads';
import { expose } from 'comlink';
import '$lib/arsenal/wire';
import { createSandboxHost } from '$lib/sandbox/host/host';
import { lockDown } from '$lib/sandbox/host/lockdown';
import { portEndpoint } from './endpoint';

const host = createSandboxHost();
process.on('uncaughtException', (error) => host.reportUncaught(error, 'an uncaught error'));
process.on('unhandledRejection', (reason) =>
	host.reportUncaught(reason, 'an unhandled promise rejection')
);
expose(host, portEndpoint((workerData as { port: MessagePort }).port));
lockDown(globalThis, { meter: host.meter, harden: true });
