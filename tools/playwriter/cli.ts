// `npx playwriter …`: screenshot and html from the command line. Playwright loads only when a
// command runs (a dynamic import), so `--help` and usage errors answer at once.
import { parseArgs } from 'node:util';
import { PlaywriterError } from './errors.ts';
import type { PlaywriterOptions } from './options.ts';

export const USAGE = `Usage:
  playwriter screenshot <url> <out.png> [--dark] [--full-page] [--width N --height N]
  playwriter html <url>                 prints the rendered DOM to stdout

Options:
  --ws <endpoint>            use the Chromium running at this DevTools ws:// endpoint
  --executable-path <path>   the browser to start (default: PLAYWRITER_CHROMIUM, /usr/bin/chromium)
  --timeout <ms>             for the launch and the page load (default 30000)
  --wait-until <event>       load | domcontentloaded | networkidle (default) | commit
  -h, --help                 this help
`;

export interface Io {
	stdout: { write(text: string | Uint8Array): unknown };
	stderr: { write(text: string): unknown };
}

class UsageError extends Error {}

/** Runs the command in `argv` (without node and the script); resolves to the exit code. */
export async function main(
	argv: string[],
	io: Io = { stdout: process.stdout, stderr: process.stderr }
): Promise<number> {
	let command: ReturnType<typeof parse>;
	try {
		command = parse(argv);
	} catch (error) {
		const why = error instanceof Error ? error.message : String(error);
		io.stderr.write(`playwriter: ${why}\n\n${USAGE}`);
		return 2;
	}
	if (command.name === 'help') {
		io.stdout.write(USAGE);
		return 0;
	}
	try {
		const { screenshot, fetchHtml } = await import('./actions.ts');
		if (command.name === 'screenshot') {
			const bytes = await screenshot(command.url, command.out, command.options);
			io.stderr.write(`Saved ${command.out} (${bytes.length} bytes)\n`);
		} else {
			io.stdout.write(await fetchHtml(command.url, command.options));
		}
		return 0;
	} catch (error) {
		if (!(error instanceof PlaywriterError)) throw error;
		io.stderr.write(`playwriter: ${error.code}: ${error.message}\n`);
		return 1;
	}
}

function parse(argv: string[]) {
	const { values, positionals } = parseArgs({
		args: argv,
		allowPositionals: true,
		strict: true,
		options: {
			help: { type: 'boolean', short: 'h' },
			dark: { type: 'boolean' },
			'full-page': { type: 'boolean' },
			width: { type: 'string' },
			height: { type: 'string' },
			ws: { type: 'string' },
			'executable-path': { type: 'string' },
			timeout: { type: 'string' },
			'wait-until': { type: 'string' }
		}
	});
	if (values.help) return { name: 'help' } as const;
	const [name, url, out, ...extra] = positionals;
	const options: PlaywriterOptions = {
		wsEndpoint: values.ws,
		executablePath: values['executable-path'],
		timeout: values.timeout === undefined ? undefined : count('--timeout', values.timeout),
		waitUntil: waitUntil(values['wait-until'])
	};
	if (name === 'screenshot') {
		if (!url || !out) throw new UsageError('screenshot needs a URL and an output file.');
		if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'.`);
		if ((values.width === undefined) !== (values.height === undefined)) {
			throw new UsageError('give --width and --height together.');
		}
		if (values.width !== undefined && values.height !== undefined) {
			options.viewport = {
				width: count('--width', values.width),
				height: count('--height', values.height)
			};
		}
		if (values.dark) options.colorScheme = 'dark';
		options.fullPage = values['full-page'] ?? false;
		return { name, url, out, options } as const;
	}
	if (name === 'html') {
		if (!url) throw new UsageError('html needs a URL.');
		if (out !== undefined) throw new UsageError(`unexpected argument '${out}'.`);
		const screenshotOnly = ['dark', 'full-page', 'width', 'height'] as const;
		const misplaced = screenshotOnly.find((flag) => values[flag] !== undefined);
		if (misplaced) throw new UsageError(`--${misplaced} is for screenshot only.`);
		return { name, url, options } as const;
	}
	throw new UsageError(name ? `unknown command '${name}'.` : 'which command?');
}

function count(flag: string, text: string): number {
	const n = Number(text);
	if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} wants a positive integer.`);
	return n;
}

function waitUntil(text: string | undefined): PlaywriterOptions['waitUntil'] {
	if (text === undefined) return undefined;
	if (text === 'load' || text === 'domcontentloaded' || text === 'networkidle' || text === 'commit')
		return text;
	throw new UsageError(`--wait-until is one of load, domcontentloaded, networkidle, commit.`);
}
