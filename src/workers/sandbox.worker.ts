// A sandbox worker: one node running a learner's program, behind comlink (see sandbox/host.ts).
import { expose } from 'comlink';
import '$lib/arsenal/wire';
import { createSandboxHost } from '$lib/sandbox/host';

expose(createSandboxHost());
