/**
 * `superlearner api <METHOD> <path> [json]`: one Arsenal operation over REST against a headless
 * system node (SuperLearner.Supervisor and the demo application, as the app's runtime worker
 * starts them, on the real clock; sandboxes in worker threads). Prints the answer's JSON body;
 * exit code 0 for a 2xx answer, 1 otherwise.
 */
import { readFileSync } from 'node:fs';
import { startSystemRuntime } from '$lib/system/node';
import { SystemSettings } from '$lib/system/config';
import { nodeCompile, stopCompiler } from './compile';
import { styleFor } from './format';
import { NodeSandboxWorkers } from './node_worker';
import { EXIT, UsageError } from './usage';

export interface ApiOptions {
	method: string;
	path: string;
	/** The body: JSON text, `@file.json`, or `-` for stdin. */
	body?: string;
	workerScript: string;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);
/** How long the system node may take to shut down before the process ends anyway. */
const SHUTDOWN_MS = 3_000;

export async function apiCommand(opts: ApiOptions): Promise<number> {
	const method = opts.method.toUpperCase();
	if (!METHODS.has(method)) {
		throw new UsageError(`${opts.method} is no HTTP method: use ${[...METHODS].join(', ')}.`);
	}
	const body = readBody(opts.body);
	return withHeadlessSystem(opts.workerScript, async (request) => {
		const res = await request(method, opts.path, body);
		process.stdout.write(`${JSON.stringify(res.body, null, 2)}\n`);
		const ok = res.status >= 200 && res.status < 300;
		if (!ok) process.stderr.write(`${styleFor(process.stderr).red(`HTTP ${res.status}`)}\n`);
		return ok ? EXIT.ok : EXIT.failed;
	});
}

/** One REST request to the headless system node: its status and JSON body. */
export type HeadlessRequest = (
	method: string,
	path: string,
	body?: string | null
) => Promise<{ status: number; body: unknown }>;

/**
 * Runs `use` against a headless system node started for it (sandboxes in worker threads), and
 * shuts the node, the compiler and the workers down after.
 */
export async function withHeadlessSystem<T>(
	workerScript: string,
	use: (request: HeadlessRequest) => Promise<T>
): Promise<T> {
	const workers = new NodeSandboxWorkers(workerScript);
	const system = await startSystemRuntime({
		clock: 'real',
		rateLimit: false,
		// The defaults, for this run only: GET /system/config answers them.
		settings: new SystemSettings(),
		sandboxes: { spawnWorker: workers.spawn, compile: nodeCompile }
	});
	try {
		return await use((method, path, body = null) =>
			system.handle({
				method,
				url: `http://localhost${apiPath(path)}`,
				headers: body === null ? {} : { 'content-type': 'application/json' },
				body,
				clientId: 'superlearner-cli'
			})
		);
	} finally {
		await Promise.race([
			system.shutdown(),
			new Promise((resolve) => setTimeout(resolve, SHUTDOWN_MS).unref())
		]);
		stopCompiler();
		await workers.closeAll();
	}
}

/** `/processes` and `/api/v1/processes` are the same request. */
export function apiPath(path: string): string {
	if (!path.startsWith('/')) path = `/${path}`;
	return path.startsWith('/api/') ? path : `/api/v1${path}`;
}

function readBody(arg: string | undefined): string | null {
	if (arg === undefined) return null;
	let text = arg;
	try {
		if (arg === '-') text = readFileSync(0, 'utf8');
		else if (arg.startsWith('@')) text = readFileSync(arg.slice(1), 'utf8');
	} catch (error) {
		throw new UsageError(`cannot read the body from ${arg}: ${(error as Error).message}`);
	}
	try {
		JSON.parse(text);
	} catch {
		throw new UsageError(
			`the body is not JSON: ${text.length > 80 ? `${text.slice(0, 80)}…` : text}`
		);
	}
	return text;
}
