/**
 * In-browser measurements of the app's own paths, run by the /bench page (and by
 * bench/browser/*.bench.ts through it): the same modules the app uses, timed with
 * performance.now().
 */
import type { Remote } from 'comlink';
import type { RuntimeApi } from '$lib/system/api';
import { whenControlled } from '$lib/app/api_bridge';
import type { CompilerStatus } from '$lib/sandbox/compiler/compile';
import { createCompilerClient } from '$lib/sandbox/compiler/compiler_client';

export interface Figure {
	name: string;
	value: number;
	unit: string;
	/** How many samples the value summarises. */
	n: number;
}

/** Nearest-rank percentile of ascending `sorted` samples. */
export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) throw new RangeError('No samples.');
	return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Times `n` sequential calls after `warmup` untimed ones; ascending milliseconds. */
export async function timeCalls(
	n: number,
	call: () => Promise<unknown>,
	warmup = 20
): Promise<number[]> {
	for (let i = 0; i < warmup; i++) await call();
	const samples: number[] = [];
	for (let i = 0; i < n; i++) {
		const started = performance.now();
		await call();
		samples.push(performance.now() - started);
	}
	return samples.sort((a, b) => a - b);
}

function quantiles(name: string, samples: number[]): Figure[] {
	const n = samples.length;
	return [
		{ name: `${name} p50`, value: percentile(samples, 50), unit: 'ms', n },
		{ name: `${name} p95`, value: percentile(samples, 95), unit: 'ms', n }
	];
}

/** main → runtime worker → main, through the app's comlink connection. */
export async function workerRoundTrip(api: Remote<RuntimeApi>, n = 1000): Promise<Figure[]> {
	return quantiles('worker round trip', await timeCalls(n, () => api.nodeInfo()));
}

/**
 * Runs `measure` with the REST rate limit lifted: a benchmark asks far more than 100 times a
 * minute, and is after the time of an answer, not the 429 past the limit.
 */
async function unlimited<T>(api: Remote<RuntimeApi>, measure: () => Promise<T>): Promise<T> {
	await api.setRateLimit(false);
	try {
		return await measure();
	} finally {
		await api.setRateLimit({});
	}
}

/** Times `n` GETs of `path` through the service worker; each must answer 200. */
async function timeGets(api: Remote<RuntimeApi>, path: string, n: number): Promise<number[]> {
	await whenControlled();
	const get = async () => {
		const res = await fetch(path);
		if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
		await res.json();
	};
	return unlimited(api, () => timeCalls(n, get));
}

/** `GET /api/v1/health`: page → service worker → runtime worker → service worker → page. */
export async function apiHealth(api: Remote<RuntimeApi>, n = 300): Promise<Figure[]> {
	return quantiles('GET /api/v1/health', await timeGets(api, '/api/v1/health', n));
}

/**
 * A REST round trip of a real operation: `GET /api/v1/processes?perPage=5` — routing,
 * validation, telemetry, a page of process info and serialization in the runtime worker.
 */
export async function restRoundTrip(api: Remote<RuntimeApi>, n = 500): Promise<Figure[]> {
	const path = '/api/v1/processes?perPage=5';
	return quantiles(`GET ${path}`, await timeGets(api, path, n));
}

/** A fresh compiler worker: its first compile (download + init), then warm transforms. */
export async function compiler(n = 20): Promise<Figure[]> {
	const client = createCompilerClient();
	let initMs = NaN;
	client.onStatus((status: CompilerStatus) => {
		if (status.phase === 'ready') initMs = status.initMs;
	});
	const source = (i: number) => `export const f${i} = (x: number): number => x * ${i};\n`;
	try {
		const started = performance.now();
		await client.compile(source(0));
		const firstMs = performance.now() - started;
		for (let i = 1; i <= 2; i++) await client.compile(source(i));
		const transforms: number[] = [];
		const roundTrips: number[] = [];
		for (let i = 0; i < n; i++) {
			const sent = performance.now();
			const result = await client.compile(source(i + 3));
			roundTrips.push(performance.now() - sent);
			if (result) transforms.push(result.transformMs);
		}
		const median = (samples: number[]) =>
			percentile(
				[...samples].sort((a, b) => a - b),
				50
			);
		return [
			{ name: 'esbuild cold init', value: initMs, unit: 'ms', n: 1 },
			{ name: 'first compile (worker start + init)', value: firstMs, unit: 'ms', n: 1 },
			{ name: 'warm transform median', value: median(transforms), unit: 'ms', n },
			{ name: 'warm compile round trip median', value: median(roundTrips), unit: 'ms', n }
		];
	} finally {
		client.dispose();
	}
}

/**
 * Starts `n` Demo.Echo children under Demo.Supervisor with `start_child`, 50 at a time, through
 * the page's Arsenal path: the time per child, and a tree of `n` more nodes for the observer's
 * benchmarks to draw.
 */
export async function startChildren(api: Remote<RuntimeApi>, n = 2000): Promise<Figure[]> {
	const run = Date.now().toString(36);
	const started = performance.now();
	for (let i = 0; i < n; i += 50) {
		const ids = Array.from({ length: Math.min(50, n - i) }, (_, k) => `echo-${run}-${i + k}`);
		await Promise.all(
			ids.map((id) =>
				api.execute('start_child', { pid: 'Demo.Supervisor', module: 'Demo.Echo', id })
			)
		);
	}
	return [{ name: 'start_child', value: (performance.now() - started) / n, unit: 'ms', n }];
}
