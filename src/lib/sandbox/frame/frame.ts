/**
 * The script of the sandbox frame (see protocol.ts): it starts and ends sandbox workers as the
 * runtime worker asks, from the one script it was sent, and reports a worker that fails at the
 * top level. It ignores everything its workers post on their global port: a sandbox talks to
 * the system node on private ports only.
 */
import { CONNECT, type FrameReport, type FrameRequest } from './protocol';

export function runSandboxFrame(win: Window): void {
	const workers = new Map<number, Worker>();
	let scriptUrl: string | undefined;

	win.addEventListener('message', function connect(event: MessageEvent) {
		const [port] = event.ports;
		if (event.source !== win.parent || (event.data as { type?: unknown })?.type !== CONNECT) {
			return;
		}
		if (!port) return;
		win.removeEventListener('message', connect);
		const report = (message: FrameReport) => port.postMessage(message);
		port.onmessage = (e: MessageEvent<FrameRequest>) => {
			const request = e.data;
			if (request.type === 'define') {
				scriptUrl = URL.createObjectURL(new Blob([request.source], { type: 'text/javascript' }));
			} else if (request.type === 'spawn') {
				const [api] = e.ports;
				if (!scriptUrl || !api) {
					report({ type: 'exited', id: request.id, reason: 'the frame has no sandbox script' });
					return;
				}
				const worker = new Worker(scriptUrl, { name: `sandbox ${request.id}` });
				worker.addEventListener('error', (error) => {
					error.preventDefault();
					worker.terminate();
					workers.delete(request.id);
					report({ type: 'exited', id: request.id, reason: error.message || 'it failed to run' });
				});
				worker.postMessage(null, [api]);
				workers.set(request.id, worker);
			} else if (request.type === 'terminate') {
				workers.get(request.id)?.terminate();
				workers.delete(request.id);
			}
		};
		report({ type: 'ready' });
	});
}
