// A sandbox worker: one node running a learner's program (see sandbox/host.ts). Its API is
// exposed on a private MessagePort, the first message it gets, not on `self`: the learner's
// code can reach `self`, and must not be able to read the host's requests or forge its answers.
// Network and storage APIs go before any of that code runs (sandbox/lockdown.ts).
import { expose } from 'comlink';
import '$lib/arsenal/wire';
import { createSandboxHost } from '$lib/sandbox/host';
import { lockDown } from '$lib/sandbox/lockdown';

const host = createSandboxHost();
self.addEventListener(
	'message',
	(event: MessageEvent) => {
		const [port] = event.ports;
		if (port) expose(host, port);
	},
	{ once: true }
);
lockDown();
