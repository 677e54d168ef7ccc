/**
 * The widget's line to the page that embeds it (docs/embedding.md): it posts only to its parent
 * window — with the `origin` option as the target origin, so nothing reaches a page of another
 * origin — and hears only that window's messages, from that origin when one is set. A message of
 * ours it cannot act on is ignored with a warning; anything else posted to every window is not
 * ours, and ignored quietly.
 *
 * ```ts
 * const link = new HostLink(window, options.origin);
 * const stop = link.listen((message) => message.type === 'run' && widget.run());
 * link.post({ type: 'ready', version: EMBED_PROTOCOL_VERSION });
 * ```
 */
import {
	readHostMessage,
	widgetMessage,
	type HostMessage,
	type WidgetBody
} from '$lib/share/embed_protocol';

export class HostLink {
	readonly #self: Window;
	readonly #origin: string | undefined;

	constructor(self: Window, origin?: string) {
		this.#self = self;
		this.#origin = origin;
	}

	/** Whether a page embeds the widget (opened on its own, it has no one to tell). */
	get embedded(): boolean {
		return this.#self.parent !== this.#self;
	}

	post(body: WidgetBody): void {
		if (this.embedded) this.#self.parent.postMessage(widgetMessage(body), this.#origin ?? '*');
	}

	/** Calls `onmessage` with each message of the host's it can act on; returns the way to stop. */
	listen(onmessage: (message: HostMessage) => void): () => void {
		const heard = (event: MessageEvent) => {
			if (event.source !== this.#self.parent || !this.embedded) return;
			if (this.#origin !== undefined && event.origin !== this.#origin) return;
			const read = readHostMessage(event.data);
			if (read === null) return;
			if (read.ok) onmessage(read.message);
			else console.warn(read.warning);
		};
		this.#self.addEventListener('message', heard);
		return () => this.#self.removeEventListener('message', heard);
	}
}
