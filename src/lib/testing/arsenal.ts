/**
 * A system runtime for tests: a virtual-clock node running SuperLearner.Supervisor and the demo
 * application (its crashes off unless asked), with its own telemetry and no rate limit unless
 * asked, and short ways to send REST requests through the Plug.
 */
import {
	startSystemRuntime,
	type SystemRuntime,
	type SystemRuntimeOptions
} from '$lib/system/node';
import type { ApiResponse } from '$lib/arsenal/protocol';
import { Telemetry } from '$lib/arsenal/telemetry';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers of every shape
type Loose = any;

export interface Answer {
	status: number;
	headers?: Record<string, string>;
	/** The body after a JSON round trip, as a client would read it. */
	body: { data?: Loose; meta?: Loose; error?: { code: string; message: string; details?: Loose } };
}

/**
 * REST requests to the system runtime of the moment (`current`: a SystemHost's, which a heal
 * replaces), each answer read back from JSON as a client would.
 */
export function restTo(current: () => Promise<Pick<SystemRuntime, 'handle'>>) {
	return async (method: string, path: string, body?: unknown): Promise<Answer> => {
		const res = await (
			await current()
		).handle({
			method,
			url: `http://127.0.0.1${path}`,
			headers: {},
			body: body === undefined ? null : JSON.stringify(body)
		});
		return JSON.parse(JSON.stringify(res)) as Answer;
	};
}

export async function testSystem(opts: SystemRuntimeOptions = {}) {
	const telemetry = opts.telemetry ?? new Telemetry();
	const system = await startSystemRuntime({
		clock: 'virtual',
		rateLimit: false,
		demo: { crashes: false },
		...opts,
		telemetry
	});
	const toAnswer = (res: ApiResponse): Answer => ({
		status: res.status,
		...(res.headers && { headers: res.headers }),
		body: JSON.parse(JSON.stringify(res.body)) as Answer['body']
	});
	const request = async (
		method: string,
		path: string,
		body?: unknown,
		clientId?: string
	): Promise<Answer> =>
		toAnswer(
			await system.handle({
				method,
				url: `http://127.0.0.1:4173${path}`,
				headers: {},
				body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
				...(clientId !== undefined && { clientId })
			})
		);
	/** The pid text of a registered process. */
	const pidOf = (name: string): string => {
		const pid = system.node.whereis(name);
		if (!pid) throw new Error(`No process is registered as ${name}.`);
		return String(pid);
	};
	return {
		system,
		node: system.node,
		telemetry,
		request,
		pidOf,
		get: (path: string) => request('GET', path),
		post: (path: string, body?: unknown) => request('POST', path, body ?? {}),
		del: (path: string, body?: unknown) => request('DELETE', path, body)
	};
}

export type TestSystem = Awaited<ReturnType<typeof testSystem>>;
