/**
 * The page's side of the sandbox frame (see sandbox/frame/protocol.ts): a hidden
 * `<iframe sandbox="allow-scripts">` — an opaque origin — whose only script is ours, allowed by
 * its hash in a policy that forbids every request. The page makes it and gives its control
 * port to the runtime worker; from then on the two talk directly.
 */
import { hash, source } from 'virtual:sandbox-frame';
import { CONNECT, framePolicy } from '$lib/sandbox/frame/protocol';

export interface SandboxFrame {
	/** The runtime worker's end of the frame's control port: transfer it there. */
	readonly port: MessagePort;
	/** Removes the frame, ending every sandbox worker it started. */
	close(): void;
}

export function openSandboxFrame(doc: Document = document): SandboxFrame {
	const frame = doc.createElement('iframe');
	frame.setAttribute('sandbox', 'allow-scripts');
	frame.setAttribute('aria-hidden', 'true');
	frame.tabIndex = -1;
	frame.title = 'Sandbox workers';
	frame.hidden = true;
	frame.srcdoc =
		'<!doctype html><meta charset="utf-8">' +
		`<meta http-equiv="Content-Security-Policy" content="${framePolicy(hash)}">` +
		`<script>${source}</script>`;
	const { port1, port2 } = new MessageChannel();
	frame.addEventListener(
		'load',
		() => frame.contentWindow?.postMessage({ type: CONNECT }, '*', [port2]),
		{ once: true }
	);
	doc.body.append(frame);
	return {
		port: port1,
		close() {
			frame.remove();
			port2.close();
		}
	};
}
