// The small toolkit every Node benchmark and peer program shares: warm-up, medians, heap
// deltas, and the result file that scripts/bench.mjs reads. Run under `node --expose-gc`.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface Figure {
	name: string;
	/** null when the measurement failed; `error` says why. */
	value: number | null;
	unit: string;
	goal?: string;
	met?: boolean;
	/** How many operations one repetition ran (throughput runs stop early at their deadline). */
	n?: number;
	peers?: Record<string, number>;
	error?: string;
}

export interface Result {
	benchmark: string;
	date: string;
	environment: { node: string; cpus: number; cpuModel: string };
	figures: Figure[];
}

/** A goal as shown in the table, and the test a value must pass to meet it. */
export interface Goal {
	text: string;
	met: (value: number) => boolean;
}

export const atMost = (limit: number, text: string): Goal => ({ text, met: (v) => v <= limit });
export const atLeast = (limit: number, text: string): Goal => ({ text, met: (v) => v >= limit });

/**
 * The sizes every program of a figure uses, ours and the peers' alike, so that the same work
 * is measured side by side.
 */
export const REPS = 9;
export const SPAWNS = 100_000;
export const SERVERS = 100_000;
export const MESSAGES = 1_000_000;
export const ROUND_TRIPS = 500_000;
export const CALLS = 500_000;
export const KILLS = 1000;
export const IDLE = 1_000_000;
/** A throughput repetition is cut to about this long when the runtime is slow. */
export const REP_SECONDS = 1.5;

export const log = (message: string) => process.stderr.write(`  ${message}\n`);

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `measure` `warmups` times unrecorded (JIT warm-up), then `reps` times; returns the median. */
export async function medianOf(
	reps: number,
	measure: () => Promise<number> | number,
	warmups = 2
): Promise<number> {
	for (let i = 0; i < warmups; i++) await measure();
	const values: number[] = [];
	for (let i = 0; i < reps; i++) values.push(await measure());
	log(`runs: ${values.map((v) => Number(v.toPrecision(3))).join(', ')}`);
	return median(values);
}

/**
 * Picks how many operations a throughput repetition runs: at most `max`, and few enough that one
 * repetition takes about `seconds` at the rate that two short calibration runs show.
 */
export async function calibrate(
	max: number,
	seconds: number,
	run: (n: number) => Promise<number> | number
): Promise<number> {
	const probe = Math.max(1, Math.floor(max / 50));
	await run(probe); // the first run is cold: only the second one's rate counts
	const perSecond = await run(probe);
	return Math.max(probe, Math.min(max, Math.floor(perSecond * seconds)));
}

export function collectGarbage(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('Run with node --expose-gc: heap figures need global.gc().');
	gc();
	gc();
}

/** The live heap after a full collection, in bytes. */
export function liveHeap(): number {
	collectGarbage();
	return process.memoryUsage().heapUsed;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function environment(): Result['environment'] {
	const cores = cpus();
	return { node: process.version, cpus: cores.length, cpuModel: cores[0]?.model ?? 'unknown' };
}

/**
 * Collects figures and writes the result after each one, to the path in argv[2] (or stdout at
 * the end), so a crash late in a run still leaves the earlier figures behind.
 */
export class Report {
	readonly result: Result;

	constructor(benchmark: string) {
		this.result = {
			benchmark,
			date: new Date().toISOString(),
			environment: environment(),
			figures: []
		};
	}

	/** Measures one figure; a failure is recorded as the figure's error, not thrown. */
	async figure(
		name: string,
		unit: string,
		goal: Goal | undefined,
		measure: () => Promise<number | { value: number; n: number }>
	): Promise<void> {
		process.stderr.write(`${this.result.benchmark}: ${name}…\n`);
		const started = performance.now();
		const figure: Figure = { name, value: null, unit, goal: goal?.text };
		try {
			const measured = await measure();
			const { value, n } =
				typeof measured === 'number' ? { value: measured, n: undefined } : measured;
			Object.assign(figure, { value: Number(value.toPrecision(4)), n, met: goal?.met(value) });
		} catch (error) {
			figure.error = error instanceof Error ? error.message : String(error);
			if (goal) figure.met = false;
			log(`failed: ${figure.error}`);
		}
		const shown = figure.value === null ? '—' : Number(figure.value.toPrecision(3));
		log(`${shown} ${unit} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
		this.result.figures.push(figure);
		this.save();
	}

	save(): void {
		const path = process.argv[2];
		if (path) writeFileSync(path, JSON.stringify(this.result, null, '\t') + '\n');
	}

	/** Writes the result and ends the process, whatever is still pending in it. */
	finish(): never {
		this.save();
		if (!process.argv[2]) process.stdout.write(JSON.stringify(this.result, null, '\t') + '\n');
		process.exit(0);
	}
}
