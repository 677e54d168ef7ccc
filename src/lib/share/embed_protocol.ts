/**
 * The messages between an embedded widget (`/embed`) and the page that embeds it, as
 * docs/embedding.md documents them. Every message is an object `{ source: 'superlearner', type,
 * … }`; the widget posts only to the window that embeds it (restricted to the `origin` option's
 * when given) and reads only what that window sends.
 *
 * ```ts
 * parent.postMessage(widgetMessage({ type: 'ready', version: EMBED_PROTOCOL_VERSION }), origin ?? '*');
 * const read = readHostMessage(event.data); // { ok: true, message: { type: 'run' } } …
 * ```
 */

/** The protocol's version, in `ready`: a host can tell which messages a widget knows. */
export const EMBED_PROTOCOL_VERSION = 1;
export const EMBED_SOURCE = 'superlearner';

export type WidgetStatus = 'compiling' | 'running' | 'stopped' | 'failed' | 'killed';

/** What a widget tells its host (posted with `source`: {@link WidgetMessage}). */
export type WidgetBody =
	| { type: 'ready'; version: number }
	/** Its content's height in CSS pixels, to size the iframe to. */
	| { type: 'resize'; height: number }
	| { type: 'status'; status: WidgetStatus; reason?: string }
	/** A restart or an exit in its tree. */
	| {
			type: 'event';
			event:
				| {
						kind: 'restart';
						supervisor: string;
						childId: string;
						oldPid?: string;
						newPid?: string;
						reason: string;
				  }
				| { kind: 'exit'; pid: string; reason: string };
	  }
	/** A scenario's or a lesson check's result. */
	| { type: 'result'; result: unknown };

export type WidgetMessage = { source: typeof EMBED_SOURCE } & WidgetBody;

/** What a host asks of a widget. */
export type HostMessage =
	| { type: 'run' }
	| { type: 'stop' }
	/** An experiment to show instead, as an object or a share link's payload. */
	| { type: 'load'; experiment: unknown }
	| { type: 'setTheme'; theme: 'light' | 'dark' | 'auto' };

/** A widget's message, ready to post. */
export function widgetMessage(body: WidgetBody): WidgetMessage {
	return { source: EMBED_SOURCE, ...body };
}

/**
 * A host's message, checked: `null` for data that is not ours at all (other scripts post to
 * every window), a warning for one of ours that the widget cannot act on (an unknown type, a
 * field missing), which it then ignores.
 */
export function readHostMessage(
	data: unknown
): { ok: true; message: HostMessage } | { ok: false; warning: string } | null {
	if (typeof data !== 'object' || data === null) return null;
	const m = data as Record<string, unknown>;
	if (m.source !== EMBED_SOURCE) return null;
	switch (m.type) {
		case 'run':
		case 'stop':
			return { ok: true, message: { type: m.type } };
		case 'load':
			return 'experiment' in m
				? { ok: true, message: { type: 'load', experiment: m.experiment } }
				: { ok: false, warning: 'A load message without an experiment was ignored.' };
		case 'setTheme':
			return m.theme === 'light' || m.theme === 'dark' || m.theme === 'auto'
				? { ok: true, message: { type: 'setTheme', theme: m.theme } }
				: {
						ok: false,
						warning: `A setTheme message's theme must be light, dark or auto; it was ignored.`
					};
		default:
			return {
				ok: false,
				warning: `A message of unknown type ${JSON.stringify(m.type)} was ignored (the widget knows run, stop, load and setTheme).`
			};
	}
}
