// Time travel's figures from issue #13: seeking a node's timeline over 100,000 events (the state
// rebuilt at a random moment: the nearest checkpoint copied, the events after it applied), and
// how fast trace events go into the ring. Run through `npm run bench` (it bundles this file).
import type { TraceEvent } from '../../src/lib/runtime/index.ts';
import { Pid, seededRandom } from '../../src/lib/runtime/host.ts';
import { Timeline } from '../../src/lib/system/timeline/timeline.ts';
import { atMost, log, median, medianOf, Report } from './kit.ts';

const EVENTS = 100_000;
const SEEKS = 1_000;
/** Live processes the log keeps around: a busy demo node with a pool. */
const LIVE = 1_000;

const report = new Report('timeline');

/** A coherent random trace: spawns, exits, links, names, restarts and (most of all) messages. */
function trace(n: number, seed: number): TraceEvent[] {
	const random = seededRandom(seed);
	const live: Pid[] = [];
	const pick = () => live[Math.floor(random() * live.length)];
	const out: TraceEvent[] = [];
	let id = 1;
	let at = 0;
	const spawn = (parent?: Pid) => {
		const pid = new Pid(0, id++);
		live.push(pid);
		out.push({ type: 'spawn', pid, ...(parent && { parent }), at });
		return pid;
	};
	while (out.length < n) {
		at += random() < 0.1 ? 1 : 0;
		const r = random();
		if (live.length < LIVE || r < 0.05) spawn(live.length ? pick() : undefined);
		else if (r < 0.1) {
			const pid = live.splice(Math.floor(random() * live.length), 1)[0];
			out.push({ type: 'exit', pid, reason: 'killed', at });
		} else if (r < 0.15) out.push({ type: 'link', a: pick(), b: pick(), at });
		else if (r < 0.17) out.push({ type: 'register', pid: pick(), name: `n${id}`, at });
		else if (r < 0.2) {
			const supervisor = pick();
			const newPid = spawn(supervisor);
			out.push({
				type: 'restart',
				supervisor,
				childId: `c${id % 10}`,
				newPid,
				reason: 'boom',
				intensity: 3,
				period: 5,
				counted: true,
				at
			});
		} else {
			const message = 'ping';
			out.push({ type: 'send', from: pick(), to: pick(), message, at });
			out.push({ type: 'receive', pid: pick(), message, at });
		}
	}
	return out.slice(0, n);
}

const events = trace(EVENTS, 1);
const end = events.at(-1)!.at;
const timeline = new Timeline({ node: 'bench', now: () => end });
for (const e of events) timeline.record(e);
log(
	`${timeline.range().events} events over ${end} ms, ${timeline.moment(end).processes.length} live`
);

const random = seededRandom(2);
const seekTimes: number[] = [];
for (let i = 0; i < 100; i++) timeline.seek(random() * end); // warm-up
for (let i = 0; i < SEEKS; i++) {
	const t = random() * end;
	const started = performance.now();
	timeline.seek(t);
	seekTimes.push(performance.now() - started);
}
seekTimes.sort((a, b) => a - b);
const p95 = seekTimes[Math.floor(SEEKS * 0.95)];
log(
	`seek: median ${median(seekTimes).toFixed(3)} ms, p95 ${p95.toFixed(3)} ms, max ${seekTimes.at(-1)!.toFixed(3)} ms`
);

await report.figure(
	'seek over 100,000 events, p95 of 1,000 random moments',
	'ms',
	atMost(100, '≤ 100 ms'),
	() => Promise.resolve(p95)
);
await report.figure('seek over 100,000 events, median', 'ms', undefined, () =>
	Promise.resolve(median(seekTimes))
);

/** Events a second into a full ring (every push evicts the oldest). */
await report.figure('ingest into a full 100,000-event ring', 'events/s', undefined, () =>
	medianOf(9, () => {
		const ring = new Timeline({ node: 'ingest', now: () => end });
		for (const e of events) ring.record(e);
		const started = performance.now();
		for (const e of events) ring.record(e);
		return EVENTS / ((performance.now() - started) / 1000);
	})
);

report.finish();
