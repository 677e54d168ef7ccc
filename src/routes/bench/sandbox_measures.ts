/**
 * The sandbox figures of issue 6, measured through the same operations the editor uses:
 * a first sandbox in a fresh runtime (esbuild-wasm cold init → its root running), the sandbox
 * worker's start (spawn → first answer), warm hot swaps of a small module, and twenty
 * sandboxes running at once while this page keeps drawing frames.
 */
import type { Remote } from 'comlink';
import type { RuntimeApi } from '$lib/system/api';
import { percentile, type Figure } from './measures';

const MAIN = `import { GenServer } from 'superlearner';
import { Counter, Ticker } from './counter';
export default {
	name: 'Bench.Supervisor',
	init: () => ['ok', { strategy: 'one_for_one', intensity: 100 }, [
		GenServer.childSpec(Counter, 0),
		GenServer.childSpec(Ticker, 0)
	]]
};
`;

/** `step` changes with every version, so each hot swap compiles new source. */
function counter(step: number): string {
	return `import type { GenServerModule } from 'superlearner';
export const Counter: GenServerModule<number> = {
	name: 'Bench.Counter',
	init: (n: number) => ['ok', n],
	handleCall: (req, _from, n) => (req === 'get' ? ['reply', n, n] : ['reply', n + ${step}, n + ${step}]),
	codeChange: (_vsn, n) => ['ok', n]
};
/** Ticks every 50 ms: the tree has traffic, as a learner's usually does. */
export const Ticker: GenServerModule<number> = {
	name: 'Bench.Ticker',
	init: (n: number) => ['ok', n, 50],
	handleInfo: (_msg, n) => ['noreply', n + 1, 50]
};
`;
}

const files = (step = 1) => ({ 'main.ts': MAIN, 'counter.ts': counter(step) });

interface Timings {
	compileMs: number;
	bootMs: number;
	loadMs: number;
}

function median(samples: number[]): number {
	return percentile(
		[...samples].sort((a, b) => a - b),
		50
	);
}

/** Frame intervals of this page over `ms`, by requestAnimationFrame. */
function frameTimes(ms: number): Promise<number[]> {
	return new Promise((resolve) => {
		const intervals: number[] = [];
		const start = performance.now();
		let last = start;
		const frame = (now: number) => {
			intervals.push(now - last);
			last = now;
			if (now - start < ms) requestAnimationFrame(frame);
			else resolve(intervals.slice(1));
		};
		requestAnimationFrame(frame);
	});
}

export async function sandboxes(api: Remote<RuntimeApi>, concurrent = 20): Promise<Figure[]> {
	const created: string[] = [];
	try {
		const coldStart = performance.now();
		const first = await api.execute('create_sandbox', { id: 'bench-cold', files: files() });
		const cold = performance.now() - coldStart;
		created.push('bench-cold');
		if ((first.data as { status: string }).status !== 'running') {
			throw new Error(`The first sandbox did not run: ${JSON.stringify(first.data)}`);
		}

		const boots: number[] = [];
		for (let i = 0; i < 10; i++) {
			const again = await api.execute('restart_sandbox', { id: 'bench-cold' });
			boots.push((again.data as unknown as { timings: Timings }).timings.bootMs);
		}

		const swaps: number[] = [];
		for (let step = 2; step < 32; step++) {
			const started = performance.now();
			await api.execute('hot_reload_sandbox', {
				id: 'bench-cold',
				module: 'counter.ts',
				source: counter(step)
			});
			if (step > 6) swaps.push(performance.now() - started); // the first few warm up
		}

		for (let i = 1; i < concurrent; i++) {
			await api.execute('create_sandbox', { id: `bench-${i}`, files: files() });
			created.push(`bench-${i}`);
		}
		const frames = (await frameTimes(3000)).sort((a, b) => a - b);
		return [
			{ name: 'cold init → first running module', value: cold, unit: 'ms', n: 1 },
			{
				name: 'sandbox worker start → first message p50',
				value: median(boots),
				unit: 'ms',
				n: boots.length
			},
			{
				name: 'warm edit → hot-swapped module p50',
				value: median(swaps),
				unit: 'ms',
				n: swaps.length
			},
			{
				name: 'warm edit → hot-swapped module p95',
				value: percentile(
					[...swaps].sort((a, b) => a - b),
					95
				),
				unit: 'ms',
				n: swaps.length
			},
			{
				name: `frame time p50, ${concurrent} sandboxes`,
				value: percentile(frames, 50),
				unit: 'ms',
				n: frames.length
			},
			{
				name: `frame time p95, ${concurrent} sandboxes`,
				value: percentile(frames, 95),
				unit: 'ms',
				n: frames.length
			}
		];
	} finally {
		for (const id of created) await api.execute('destroy_sandbox', { id }).catch(() => {});
	}
}
