/**
 * A node's supervision state as a timeline rebuilds it, one event at a time: the live
 * processes with their parent, name, child id and last sample; the links; each supervisor's
 * recent restarts for its intensity gauge. Records and link lists are replaced, never changed
 * in place, so a copy (a checkpoint) is two shallow map copies. Pure: any thread.
 */
import type { Sample, TimelineMoment } from '$lib/arsenal/timeline_schemas';
import { NONE, pidText, T, type EventRing, type RestartDetail } from './ring';

export interface ProcessRecord {
	readonly parent: number;
	readonly name?: string;
	readonly supervisor?: number;
	readonly childId?: string;
	readonly sample?: Sample & { at: number };
}

interface GaugeRecord {
	readonly intensity?: number;
	/** Seconds. */
	readonly period?: number;
	/** The restarts that can still count for a later moment, oldest first. */
	readonly restarts: ReadonlyArray<{ at: number; count: number }>;
}

/** Restarts a supervisor of unknown period keeps for its gauge. */
const UNKNOWN_PERIOD_KEPT = 100;
const SUPERVISORS = new Set(['supervisor', 'dynamic_supervisor']);

export class TimelineState {
	procs: Map<number, ProcessRecord>;
	links: Map<number, readonly number[]>;
	gauges: Map<number, GaugeRecord>;

	constructor(from?: TimelineState) {
		this.procs = new Map(from?.procs);
		this.links = new Map(from?.links);
		this.gauges = new Map(from?.gauges);
	}

	clone(): TimelineState {
		return new TimelineState(this);
	}

	/** Applies the held event `seq` of `ring`. */
	apply(ring: EventRing, seq: number): void {
		const i = ring.slot(seq);
		const a = ring.a[i];
		const b = ring.b[i];
		switch (ring.type[i]) {
			case T.spawn:
				this.procs.set(a, { parent: b });
				break;
			case T.exit:
				this.#exit(a);
				break;
			case T.link:
				this.#link(a, b);
				this.#link(b, a);
				break;
			case T.unlink:
				this.#unlink(a, b);
				this.#unlink(b, a);
				break;
			case T.register:
				this.#update(a, { name: ring.extra[i] as string });
				break;
			case T.unregister:
				if (this.procs.get(a)?.name === ring.extra[i]) this.#update(a, { name: undefined });
				break;
			case T.restart:
				this.#restart(a, b, ring.at[i], ring.extra[i] as RestartDetail);
				break;
			case T.sample:
				this.#update(a, { sample: { ...(ring.extra[i] as Sample), at: ring.at[i] } });
				break;
			case T.reset:
				this.procs.clear();
				this.links.clear();
				this.gauges.clear();
				break;
		}
	}

	#update(pid: number, change: Partial<ProcessRecord>): void {
		const record = this.procs.get(pid);
		if (record) this.procs.set(pid, { ...record, ...change });
	}

	#exit(pid: number): void {
		this.procs.delete(pid);
		this.gauges.delete(pid);
		// The runtime drops a dead process's links without unlink events.
		for (const other of this.links.get(pid) ?? []) this.#unlink(other, pid);
		this.links.delete(pid);
	}

	#link(from: number, to: number): void {
		const list = this.links.get(from) ?? [];
		if (!list.includes(to)) this.links.set(from, [...list, to]);
	}

	#unlink(from: number, to: number): void {
		const list = this.links.get(from);
		if (!list?.includes(to)) return;
		if (list.length === 1) this.links.delete(from);
		else
			this.links.set(
				from,
				list.filter((p) => p !== to)
			);
	}

	#restart(supervisor: number, child: number, at: number, d: RestartDetail): void {
		if (child !== NONE) this.#update(child, { supervisor, childId: d.childId });
		const old = this.gauges.get(supervisor);
		const period = d.period ?? old?.period;
		const since = period === undefined ? -Infinity : at - period * 1000;
		const kept = (old?.restarts ?? []).filter((r) => r.at > since);
		// As OTP counts: one restart per child exit; siblings restarted along count nothing.
		const count = d.counted === false ? 0 : d.count;
		const restarts = [...kept, { at, count }].slice(-UNKNOWN_PERIOD_KEPT);
		this.gauges.set(supervisor, {
			intensity: d.intensity ?? old?.intensity,
			period,
			restarts
		});
	}

	/** The processes and gauges at moment `t` (the state holds every event up to `t`). */
	view(t: number): Pick<TimelineMoment, 'processes' | 'gauges'> {
		const keys = [...this.procs.keys()].sort((x, y) => x - y);
		const processes = keys.map((key) => {
			const r = this.procs.get(key)!;
			return {
				pid: pidText(key),
				...(r.parent !== NONE && { parent: pidText(r.parent) }),
				...(r.name !== undefined && { name: r.name }),
				...(r.supervisor !== undefined && { supervisor: pidText(r.supervisor) }),
				...(r.childId !== undefined && { childId: r.childId }),
				links: (this.links.get(key) ?? []).map(pidText),
				...(r.sample && { sample: r.sample })
			};
		});
		const supervisors = keys.filter(
			(key) => this.gauges.has(key) || SUPERVISORS.has(this.procs.get(key)?.sample?.behaviour ?? '')
		);
		const gauges = supervisors.map((key) => {
			const g = this.gauges.get(key);
			const since = g?.period === undefined ? -Infinity : t - g.period * 1000;
			let restarts = 0;
			for (const r of g?.restarts ?? []) if (r.at > since) restarts += r.count;
			const name = this.procs.get(key)?.name;
			return {
				supervisor: pidText(key),
				...(name !== undefined && { name }),
				restarts,
				...(g?.intensity !== undefined && { intensity: g.intensity }),
				...(g?.period !== undefined && { period: g.period }),
				...(g?.intensity && { use: restarts / g.intensity })
			};
		});
		return { processes, gauges };
	}
}
