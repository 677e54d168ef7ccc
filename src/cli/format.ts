/**
 * How the command prints: colours only on a terminal and only when NO_COLOR is unset
 * (no-color.org), progress lines only on a terminal, on stderr, erased once done.
 */

export type Paint = (text: string) => string;

export interface Style {
	readonly color: boolean;
	bold: Paint;
	dim: Paint;
	red: Paint;
	green: Paint;
	yellow: Paint;
	cyan: Paint;
	magenta: Paint;
}

interface Stream {
	isTTY?: boolean;
	write(text: string): unknown;
}

/** Whether `stream` gets colours under `env`. */
export function wantsColor(stream: Stream, env: NodeJS.ProcessEnv = process.env): boolean {
	return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

export function styleFor(stream: Stream, env: NodeJS.ProcessEnv = process.env): Style {
	const color = wantsColor(stream, env);
	const sgr =
		(open: number, close: number): Paint =>
		(text) =>
			color ? `\x1b[${open}m${text}\x1b[${close}m` : text;
	return {
		color,
		bold: sgr(1, 22),
		dim: sgr(2, 22),
		red: sgr(31, 39),
		green: sgr(32, 39),
		yellow: sgr(33, 39),
		cyan: sgr(36, 39),
		magenta: sgr(35, 39)
	};
}

/**
 * One line of progress on a terminal's stderr (`compiling 3 files…`), replaced by the next and
 * erased before anything else prints; nothing at all when stderr is not a terminal.
 */
export class Progress {
	#shown = false;

	constructor(
		private readonly stream: Stream = process.stderr,
		private readonly enabled = stream.isTTY === true
	) {}

	show(text: string): void {
		if (!this.enabled) return;
		this.stream.write(`\r\x1b[2K${text}`);
		this.#shown = true;
	}

	clear(): void {
		if (!this.#shown) return;
		this.stream.write('\r\x1b[2K');
		this.#shown = false;
	}
}

/** `1 test`, `3 tests`. */
export function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Parses a duration: `500`, `500ms`, `5s`, `1.5s`, `2m`; undefined when it is none. */
export function parseDuration(text: string): number | undefined {
	const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
	if (!match) return undefined;
	const n = Number(match[1]);
	const unit = match[2] ?? 'ms';
	return Math.round(n * (unit === 'm' ? 60_000 : unit === 's' ? 1000 : 1));
}
