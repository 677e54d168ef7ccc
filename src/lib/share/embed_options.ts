/**
 * An embed's options, from its URL's query (`/embed?theme=dark&panes=editor,tree#<payload>`), as
 * docs/embedding.md lists them. A course author's typo must not break the widget: an unknown
 * option or a value it cannot take falls back to the default, with a warning saying which.
 *
 * ```ts
 * const { options, warnings } = embedOptions(new URLSearchParams('panes=editor,tree&height=480'));
 * // options: { theme: 'auto', panes: ['editor', 'tree'], readonly: false, autorun: false, height: 480 }
 * ```
 */

export const EMBED_PANES = ['editor', 'tree', 'console', 'tests'] as const;
export type EmbedPane = (typeof EMBED_PANES)[number];

export interface EmbedOptions {
	theme: 'light' | 'dark' | 'auto';
	/** The panes shown, in the order given. */
	panes: EmbedPane[];
	/** The code can be read and run, not edited. */
	readonly: boolean;
	/** Runs the experiment as the widget opens; off unless asked (code runs only on request). */
	autorun: boolean;
	/** The widget's height in CSS pixels; its content's otherwise. */
	height?: number;
	/** The only parent origin the widget talks to; any embedding window otherwise. */
	origin?: string;
}

export const DEFAULT_EMBED_OPTIONS: Readonly<EmbedOptions> = {
	theme: 'auto',
	panes: ['editor', 'tree', 'console'],
	readonly: false,
	autorun: false
};

const HEIGHT = { min: 160, max: 4000 };

export function embedOptions(query: URLSearchParams): {
	options: EmbedOptions;
	warnings: string[];
} {
	const options: EmbedOptions = {
		...DEFAULT_EMBED_OPTIONS,
		panes: [...DEFAULT_EMBED_OPTIONS.panes]
	};
	const warnings: string[] = [];
	const ignored = (name: string, value: string, why: string) =>
		warnings.push(`The embed option ${name}=${value} is ignored: ${why}.`);
	for (const [name, value] of query) {
		switch (name) {
			case 'theme':
				if (value === 'light' || value === 'dark' || value === 'auto') options.theme = value;
				else ignored(name, value, 'it takes light, dark or auto');
				break;
			case 'panes': {
				const asked = value
					.split(',')
					.map((p) => p.trim())
					.filter(Boolean);
				const unknown = asked.filter((p) => !(EMBED_PANES as readonly string[]).includes(p));
				const panes = [...new Set(asked.filter((p): p is EmbedPane => !unknown.includes(p)))];
				if (unknown.length) {
					warnings.push(
						`The embed panes ${unknown.join(', ')} are unknown (there are ${EMBED_PANES.join(', ')}).`
					);
				}
				if (panes.length) options.panes = panes;
				else ignored(name, value, `it names none of ${EMBED_PANES.join(', ')}`);
				break;
			}
			case 'readonly':
			case 'autorun': {
				const flag = parseFlag(value);
				if (flag === undefined) ignored(name, value, 'it takes true or false');
				else options[name] = flag;
				break;
			}
			case 'height': {
				const px = Number(value);
				if (Number.isInteger(px) && px >= HEIGHT.min && px <= HEIGHT.max) options.height = px;
				else
					ignored(name, value, `it takes a number of pixels from ${HEIGHT.min} to ${HEIGHT.max}`);
				break;
			}
			case 'origin': {
				const origin = parseOrigin(value);
				if (origin) options.origin = origin;
				else ignored(name, value, 'it takes an origin, such as https://course.example');
				break;
			}
			default:
				warnings.push(`The embed option ${name} is unknown, and ignored.`);
		}
	}
	return { options, warnings };
}

/** `?readonly` alone means true, as an HTML boolean attribute does. */
function parseFlag(value: string): boolean | undefined {
	if (value === '' || value === 'true' || value === '1') return true;
	if (value === 'false' || value === '0') return false;
	return undefined;
}

/** The origin `value` is, when it is exactly one (`https://a.example:8443`, no path). */
function parseOrigin(value: string): string | undefined {
	try {
		const url = new URL(value);
		if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
		return url.origin === value.replace(/\/$/, '') ? url.origin : undefined;
	} catch {
		return undefined;
	}
}
