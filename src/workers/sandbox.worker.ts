// A sandbox worker: one node running a learner's program (see lib/sandbox/host/host.ts), started by the
// sandbox frame from a blob: URL (sandbox/frame/). Its API is exposed on a private MessagePort,
// the first message it gets, not on `self`: the learner's code can reach `self`, and must not be
// able to read the host's requests or forge its answers. Before any of that code runs, an error
// that escapes every process is caught here and reported as the sandbox's failure (it must never
// reach the frame or the page), and the worker is locked down (sandbox/lockdown.ts).
import { expose } from 'comlink';
import '$lib/arsenal/wire';
import { createSandboxHost } from '$lib/sandbox/host/host';
import { lockDown } from '$lib/sandbox/host/lockdown';

const host = createSandboxHost();
self.addEventListener('error', (event) => {
	event.preventDefault();
	host.reportUncaught(event.error ?? event.message, 'an uncaught error');
});
self.addEventListener('unhandledrejection', (event) => {
	event.preventDefault();
	host.reportUncaught(event.reason, 'an unhandled promise rejection');
});
self.addEventListener(
	'message',
	(event: MessageEvent) => {
		const [port] = event.ports;
		if (port) expose(host, port);
	},
	{ once: true }
);
lockDown(self, { meter: host.meter, harden: true });
