// Seeking against a brute-force rebuild: a seeded random log of 100,000 events (spawns, exits,
// links, names, restarts, messages, samples), held in a ring smaller than the log, sought at
// random moments; each state must equal the one a naive fold over the whole log gives.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '$lib/runtime';
import { Pid, seededRandom } from '$lib/runtime/host';
import type { Sample, TimelineMoment } from '$lib/arsenal/timeline_schemas';
import { Timeline } from './timeline';

type Logged = { event: TraceEvent } | { sample: { pid: Pid; sample: Sample; at: number } };

/** A random but coherent log: only live processes exit, link, register or get restarted. */
function randomLog(n: number, seed: number): Logged[] {
	const random = seededRandom(seed);
	const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
	const live: Pid[] = [];
	const names = new Map<string, Pid>();
	let nextId = 1;
	let at = 0;
	const log: Logged[] = [];
	const spawn = (parent?: Pid) => {
		const pid = new Pid(0, nextId++);
		live.push(pid);
		log.push({ event: { type: 'spawn', pid, ...(parent && { parent }), at } });
		return pid;
	};
	for (let i = 0; i < 5; i++) spawn();
	while (log.length < n) {
		at += Math.floor(random() * 3);
		const r = random();
		if ((r < 0.15 && live.length < 300) || live.length < 5) spawn(pick(live));
		else if (r < 0.27) {
			const pid = live.splice(Math.floor(random() * live.length), 1)[0];
			for (const [name, p] of names) if (p === pid) names.delete(name);
			log.push({ event: { type: 'exit', pid, reason: 'killed', at } });
		} else if (r < 0.37) {
			const [a, b] = [pick(live), pick(live)];
			if (a !== b) log.push({ event: { type: random() < 0.7 ? 'link' : 'unlink', a, b, at } });
		} else if (r < 0.45) {
			const name = `n${Math.floor(random() * 50)}`;
			const pid = pick(live);
			if (!names.has(name)) {
				names.set(name, pid);
				log.push({ event: { type: 'register', pid, name, at } });
			} else {
				log.push({ event: { type: 'unregister', pid: names.get(name)!, name, at } });
				names.delete(name);
			}
		} else if (r < 0.52) {
			const supervisor = pick(live);
			const oldPid = pick(live);
			const newPid = spawn(supervisor);
			log.push({
				event: {
					type: 'restart',
					supervisor,
					childId: `c${newPid.id % 7}`,
					oldPid,
					newPid,
					reason: 'boom',
					intensity: 3,
					period: 5,
					counted: newPid.id % 3 !== 0,
					at
				}
			});
		} else if (r < 0.6) {
			const pid = pick(live);
			const sample = { status: 'waiting', messageQueueLen: Math.floor(random() * 4), memory: 100 };
			log.push({ sample: { pid, sample, at } });
		} else {
			const [from, to] = [pick(live), pick(live)];
			log.push({ event: { type: 'send', from, to, message: 'hi', at } });
		}
	}
	return log;
}

function feed(timeline: Timeline, log: Logged[]): void {
	for (const entry of log) {
		if ('event' in entry) timeline.record(entry.event);
		else {
			const { pid, sample, at } = entry.sample;
			const key = pid.node * 2 ** 32 + pid.id;
			timeline.recordSamples(at, (k) => (k === key ? sample : undefined));
		}
	}
}

type View = Pick<TimelineMoment, 'processes' | 'gauges'>;

/**
 * The states at moments `times` by one fold of the whole log from its first event, written
 * without the ring or its checkpoints.
 */
function bruteForce(log: Logged[], times: number[]): Map<number, View> {
	const out = new Map<number, View>();
	const pending = [...new Set(times)].sort((a, b) => a - b);
	const procs = new Map<string, TimelineMoment['processes'][number]>();
	const restarts = new Map<string, number[]>();
	const unlink = (a: string, b: string) => {
		const p = procs.get(a);
		if (p) p.links = p.links.filter((x) => x !== b);
	};
	const snapshot = (t: number): View => {
		const processes = structuredClone([...procs.values()]).sort(
			(a, b) => pidOrder(a.pid) - pidOrder(b.pid)
		);
		const gauges = processes
			.filter((p) => restarts.has(p.pid))
			.map((p) => {
				const count = restarts.get(p.pid)!.filter((at) => at > t - 5000).length;
				return {
					supervisor: p.pid,
					...(p.name !== undefined && { name: p.name }),
					restarts: count,
					intensity: 3,
					period: 5,
					use: count / 3
				};
			});
		return { processes, gauges };
	};
	const until = (at: number) => {
		while (pending.length && pending[0] < at) {
			const t = pending.shift()!;
			out.set(t, snapshot(t));
		}
	};
	for (const entry of log) {
		if ('sample' in entry) {
			const { pid, sample, at } = entry.sample;
			until(at);
			const p = procs.get(String(pid));
			if (p && !sameSample(p.sample, sample)) p.sample = { ...sample, at };
			continue;
		}
		const e = entry.event;
		until(e.at);
		if (e.type === 'spawn') {
			procs.set(String(e.pid), {
				pid: String(e.pid),
				...(e.parent && { parent: String(e.parent) }),
				links: []
			});
		} else if (e.type === 'exit') {
			const pid = String(e.pid);
			for (const other of procs.get(pid)?.links ?? []) unlink(other, pid);
			procs.delete(pid);
			restarts.delete(pid);
		} else if (e.type === 'link') {
			for (const [x, y] of [
				[e.a, e.b],
				[e.b, e.a]
			]) {
				const p = procs.get(String(x));
				if (p && !p.links.includes(String(y))) p.links.push(String(y));
			}
		} else if (e.type === 'unlink') {
			unlink(String(e.a), String(e.b));
			unlink(String(e.b), String(e.a));
		} else if (e.type === 'register') {
			const p = procs.get(String(e.pid));
			if (p) p.name = e.name;
		} else if (e.type === 'unregister') {
			const p = procs.get(String(e.pid));
			if (p?.name === e.name) delete p.name;
		} else if (e.type === 'restart') {
			const child = procs.get(String(e.newPid));
			if (child) Object.assign(child, { supervisor: String(e.supervisor), childId: e.childId });
			// A sibling restarted along has a gauge, but counts nothing against the intensity.
			const counted = e.counted ? [e.at] : [];
			restarts.set(String(e.supervisor), [
				...(restarts.get(String(e.supervisor)) ?? []),
				...counted
			]);
		}
	}
	until(Infinity);
	return out;
}

const pidOrder = (text: string) => Number(/^<\d+\.(\d+)\./.exec(text)![1]);
const sameSample = (a: Sample | undefined, b: Sample) =>
	a !== undefined && a.messageQueueLen === b.messageQueueLen && a.status === b.status;

/** The view with each process's links in a set order (the ring keeps them in link order). */
function normal(view: View) {
	return {
		gauges: view.gauges,
		processes: view.processes.map((p) => ({ ...p, links: [...p.links].sort() }))
	};
}

const logOf100k = randomLog(100_000, 42);
const lastAt = (log: Logged[]) => {
	const e = log.at(-1)!;
	return 'event' in e ? e.event.at : e.sample.at;
};

describe('Timeline', () => {
	it('rebuilds the state at 300 random moments of a 100,000-event log as a fold from the start', () => {
		let now = 0;
		const timeline = new Timeline({ node: 'n', now: () => now, capacity: 120_000 });
		feed(timeline, logOf100k);
		now = lastAt(logOf100k);
		expect(timeline.evicted).toBe(0);
		const random = seededRandom(7);
		const times = Array.from({ length: 300 }, () => Math.floor(random() * now));
		const expected = bruteForce(logOf100k, times);
		for (const t of times) {
			const moment = timeline.moment(t);
			expect(moment.clamped).toBeUndefined();
			expect(normal(moment)).toEqual(normal(expected.get(t)!));
		}
	}, 30_000);

	it('evicts the oldest events, moves the oldest moment forward and clamps before it', () => {
		let now = 0;
		const timeline = new Timeline({
			node: 'n',
			now: () => now,
			capacity: 30_000,
			checkpointEvery: 700
		});
		feed(timeline, logOf100k);
		now = lastAt(logOf100k);
		const range = timeline.range();
		expect(range.events).toBe(30_000);
		expect(timeline.evicted).toBeGreaterThan(60_000);
		expect(range.from).toBeGreaterThan(0);
		const random = seededRandom(11);
		const times = Array.from(
			{ length: 200 },
			() => range.from + Math.floor(random() * (now - range.from))
		);
		const expected = bruteForce(logOf100k, [...times, range.from]);
		for (const t of times) expect(normal(timeline.moment(t))).toEqual(normal(expected.get(t)!));
		const early = timeline.moment(range.from - 100);
		expect(early.clamped).toBe('before');
		expect(early.at).toBe(range.from);
		expect(normal(early)).toEqual(normal(expected.get(range.from)!));
		expect(timeline.moment(now + 1000)).toMatchObject({ clamped: 'after', at: now });
	}, 30_000);

	it('pages the events of a range and names the events around a moment', () => {
		let now = 0;
		const timeline = new Timeline({ node: 'n', now: () => now });
		const log = randomLog(2_000, 3);
		feed(timeline, log);
		now = lastAt(log);
		const all = timeline.events(0, now, 0, 10_000);
		expect(all.total).toBe(timeline.range().events);
		const page = timeline.events(100, 200, 5, 10);
		const inRange = all.events.filter((e) => e.event.at >= 100 && e.event.at <= 200);
		expect(page.total).toBe(inRange.length);
		expect(page.events).toEqual(inRange.slice(5, 15));
		const moment = timeline.moment(150);
		expect(moment.previous!.at).toBeLessThanOrEqual(150);
		expect(moment.next!.at).toBeGreaterThan(150);
		expect(moment.next!.seq).toBe(moment.previous!.seq + 1);
	});
});
